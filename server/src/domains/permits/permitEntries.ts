import { randomUUID } from 'node:crypto';
import { t } from '../../../../cards/src/i18n/catalogue';
import type { z } from 'zod';
import { actorOf, type Principal } from '../../platform/auth/principal';
import type { Queryable, Tx } from '../../platform/db/db';
import { appendEvidence } from '../../platform/evidence/evidenceChain';
import { AppError, errors } from '../../platform/errors';
import type { ServerDeps } from '../../platform/serverDeps';
import { checkEntry, insideNow, leftInside, type EntryRecord, type InsideNow } from './entryLog';
import { rulesFailed } from './permitErrors';
import { namesOf } from './permitPeople';
import { loadPermit } from './permitRepo';
import type { EntrySchema } from './permitSchemas';
import { resolvePerson } from './permitValidation';

/** One stored line of the confined-space entry log. */
export interface EntryRow extends EntryRecord {
  seq: number;
  recordedBy: string;
  recordedAt: Date;
}

/** The log of a permit, in recording order. */
export async function entriesOf(q: Queryable, plantId: string, permitId: string): Promise<EntryRow[]> {
  const r = await q.query<{ seq: number; kind: EntryRow['kind']; subject: string; direction: EntryRow['direction']; count: number; recorded_by: string; recorded_at: Date }>(
    'SELECT seq, kind, subject, direction, count, recorded_by, recorded_at FROM permit_entries WHERE plant_id = $1 AND permit_id = $2 ORDER BY seq',
    [plantId, permitId],
  );
  return r.rows.map((x) => ({ seq: x.seq, kind: x.kind, subject: x.subject, direction: x.direction, count: x.count, recordedBy: x.recorded_by, recordedAt: new Date(x.recorded_at) }));
}

/**
 * Logs one person or tool in or out of a confined space (6.8 c). Only the permit's guardian logs;
 * the permit row is locked so two guardians' taps keep their order. A refused line is a 422 naming
 * the rule; nothing is written.
 */
export async function recordEntry(deps: ServerDeps, tx: Tx, principal: Principal, permitId: string, body: z.infer<typeof EntrySchema>): Promise<{ entry: EntryRow; inside: InsideNow }> {
  const now = deps.now();
  const permit = await loadPermit(tx, principal.plantId, permitId, { forUpdate: true });
  if (!permit) throw errors.notFound('permit', permitId);
  if (!principal.personId || !permit.guardianIds.includes(principal.personId)) {
    throw new AppError('forbidden', t(principal.locale, 'permits.refusal.not_guardian'), { reason: 'not_guardian' });
  }
  const subject = body.kind === 'person' ? await resolvePerson(tx, principal.plantId, body.person, 'body.person', principal.locale) : body.tool;
  const next: EntryRecord = { kind: body.kind, subject, direction: body.direction, count: body.kind === 'tool' ? body.count : 1 };
  const log = await entriesOf(tx, principal.plantId, permitId);
  const refused = checkEntry({ type: permit.type, status: permit.status, performerIds: permit.performerIds, guardianIds: permit.guardianIds }, log, next);
  if (refused) throw rulesFailed(principal.locale, [{ ...refused, field: `body.${refused.field}` }], [], await namesOf(tx, principal.plantId));
  const entry: EntryRow = { ...next, seq: log.length + 1, recordedBy: principal.personId, recordedAt: now };
  await tx.query(
    `INSERT INTO permit_entries (id, plant_id, permit_id, seq, kind, subject, direction, count, recorded_by, recorded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [randomUUID(), principal.plantId, permitId, entry.seq, entry.kind, entry.subject, entry.direction, entry.count, entry.recordedBy, now],
  );
  await appendEvidence(tx, {
    plantId: principal.plantId, kind: 'permit.entry', subjectType: 'permit', subjectId: permitId, actor: actorOf(principal), occurredAt: now,
    data: { code: permit.code, seq: entry.seq, kind: entry.kind, subject: entry.subject, direction: entry.direction, count: entry.count },
  });
  return { entry, inside: insideNow([...log, entry]) };
}

/** Refuses completing a confined-space permit while the log shows people or tools inside (6.8 c). */
export async function assertNobodyInside(tx: Tx, plantId: string, permitId: string, type: string, locale: string): Promise<void> {
  if (type !== 'CSE') return;
  const left = leftInside(await entriesOf(tx, plantId, permitId));
  if (left) throw rulesFailed(locale, [left], [], await namesOf(tx, plantId));
}
