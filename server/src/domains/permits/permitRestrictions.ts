import { randomUUID } from 'node:crypto';
import type { Queryable, Tx } from '../../platform/db/db';
import { appendEvidence, type EvidenceActor } from '../../platform/evidence/evidenceChain';
import { errors } from '../../platform/errors';
import type { PermitScope } from './permitRepo';

/** A work restriction: new applications in its scope are refused while it lasts. */
export interface RestrictionRow {
  id: string;
  holdId: string | null;
  source: 'person' | 'alarm' | 'weather';
  sourceId: string;
  reason: string;
  scope: PermitScope;
  placedBy: EvidenceActor;
  placedAt: Date;
  until: Date | null;
  releasedAt: Date | null;
}

/** What a restriction is checked against: the place, type and exposure of a permit. */
export interface RestrictionTarget {
  areaKey: string;
  unitKey: string | null;
  type: string;
  outdoor: boolean;
}

interface Row {
  id: string; hold_id: string | null; source: RestrictionRow['source']; source_id: string; reason: string; scope: PermitScope;
  placed_by: EvidenceActor; placed_at: Date; until: Date | null; released_at: Date | null;
}

const fromRow = (r: Row): RestrictionRow => ({
  id: r.id, holdId: r.hold_id, source: r.source, sourceId: r.source_id, reason: r.reason, scope: r.scope, placedBy: r.placed_by,
  placedAt: new Date(r.placed_at), until: r.until ? new Date(r.until) : null, releasedAt: r.released_at ? new Date(r.released_at) : null,
});

/** True when a scope covers a target (an empty scope covers the whole plant). Pure. */
export function scopeCovers(scope: PermitScope, t: RestrictionTarget): boolean {
  if (scope.areaKeys?.length && !scope.areaKeys.includes(t.areaKey)) return false;
  if (scope.unitKeys?.length && (!t.unitKey || !scope.unitKeys.includes(t.unitKey))) return false;
  if (scope.types?.length && !scope.types.includes(t.type)) return false;
  if (scope.outdoorOnly && !t.outdoor) return false;
  return true;
}

/** Restrictions of a plant; `live` keeps those not released and not past `until`. */
export async function listRestrictions(q: Queryable, plantId: string, opts: { live: boolean; now: Date }): Promise<RestrictionRow[]> {
  const r = await q.query<Row>(
    `SELECT id, hold_id, source, source_id, reason, scope, placed_by, placed_at, until, released_at FROM work_restrictions
     WHERE plant_id = $1${opts.live ? ' AND released_at IS NULL AND (until IS NULL OR until > $2)' : ''} ORDER BY placed_at DESC LIMIT 500`,
    opts.live ? [plantId, opts.now] : [plantId],
  );
  return r.rows.map(fromRow);
}

/** Live restrictions that block an application for this target (submission consults this). */
export async function blockingRestrictions(q: Queryable, plantId: string, target: RestrictionTarget, now: Date): Promise<RestrictionRow[]> {
  return (await listRestrictions(q, plantId, { live: true, now })).filter((r) => scopeCovers(r.scope, target));
}

/** Creates a restriction without a hold (a person blocks new work in a scope; running permits go on). */
export async function createRestriction(
  tx: Tx, input: { plantId: string; scope: PermitScope; reason: string; until: Date | null; actor: EvidenceActor; now: Date },
): Promise<string> {
  const id = randomUUID();
  await tx.query(
    `INSERT INTO work_restrictions (id, plant_id, hold_id, source, source_id, reason, scope, placed_by, placed_at, until)
     VALUES ($1, $2, NULL, 'person', $3, $4, $5, $6, $7, $8)`,
    [id, input.plantId, input.actor.id, input.reason, JSON.stringify(input.scope), JSON.stringify(input.actor), input.now, input.until],
  );
  await appendEvidence(tx, {
    plantId: input.plantId, kind: 'permit.restriction.placed', subjectType: 'work_restriction', subjectId: id, actor: input.actor, occurredAt: input.now,
    data: { scope: input.scope, reason: input.reason, until: input.until },
  });
  return id;
}

/** Lifts a restriction; one that belongs to a hold is lifted by releasing the hold. */
export async function releaseRestriction(tx: Tx, input: { plantId: string; id: string; actor: EvidenceActor; now: Date }): Promise<boolean> {
  const row = (await tx.query<{ hold_id: string | null; released_at: Date | null }>(
    'SELECT hold_id, released_at FROM work_restrictions WHERE plant_id = $1 AND id = $2 FOR UPDATE', [input.plantId, input.id],
  )).rows[0];
  if (!row) throw errors.notFound('restriction', input.id);
  if (row.released_at) return false;
  if (row.hold_id) throw errors.refused('restriction_of_hold', 'This restriction belongs to a hold: release the hold instead', { holdId: row.hold_id });
  await tx.query('UPDATE work_restrictions SET released_at = $3, released_by = $4 WHERE plant_id = $1 AND id = $2', [input.plantId, input.id, input.now, JSON.stringify(input.actor)]);
  await appendEvidence(tx, {
    plantId: input.plantId, kind: 'permit.restriction.released', subjectType: 'work_restriction', subjectId: input.id, actor: input.actor, occurredAt: input.now, data: {},
  });
  return true;
}
