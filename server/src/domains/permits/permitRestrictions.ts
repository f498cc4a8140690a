import { randomUUID } from 'node:crypto';
import type { Queryable, Tx } from '../../platform/db/db';
import { appendEvidence, type EvidenceActor } from '../../platform/evidence/evidenceChain';
import { errors } from '../../platform/errors';
import type { PermitScope } from './permitRepo';

/** What a restriction does to new applications in its scope. */
export type RestrictionEffect = 'block' | 'raise_level';

/**
 * A work restriction: while it lasts, new applications in its scope are refused ('block') or are
 * managed one level higher ('raise_level', a wind warning on outdoor hot work, GB 30871 5.2.15).
 */
export interface RestrictionRow {
  id: string;
  holdId: string | null;
  source: 'person' | 'alarm' | 'weather';
  sourceId: string;
  effect: RestrictionEffect;
  /** The wind force a raise stands for, when known. */
  beaufort: number | null;
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
  id: string; hold_id: string | null; source: RestrictionRow['source']; source_id: string; effect: RestrictionEffect; beaufort: number | null; reason: string; scope: PermitScope;
  placed_by: EvidenceActor; placed_at: Date; until: Date | null; released_at: Date | null;
}

const fromRow = (r: Row): RestrictionRow => ({
  id: r.id, holdId: r.hold_id, source: r.source, sourceId: r.source_id, effect: r.effect, beaufort: r.beaufort, reason: r.reason, scope: r.scope, placedBy: r.placed_by,
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
    `SELECT id, hold_id, source, source_id, effect, beaufort, reason, scope, placed_by, placed_at, until, released_at FROM work_restrictions
     WHERE plant_id = $1${opts.live ? ' AND released_at IS NULL AND (until IS NULL OR until > $2)' : ''} ORDER BY placed_at DESC LIMIT 500`,
    opts.live ? [plantId, opts.now] : [plantId],
  );
  return r.rows.map(fromRow);
}

/** Live restrictions covering this target, of both effects (callers split blocks from raises). */
export async function restrictionsCovering(q: Queryable, plantId: string, target: RestrictionTarget, now: Date): Promise<RestrictionRow[]> {
  return (await listRestrictions(q, plantId, { live: true, now })).filter((r) => scopeCovers(r.scope, target));
}

/**
 * Places a level raise on new applications in a scope (no hold: running work keeps its level,
 * the weather module stops what must stop with holds). Released with its source or at `until`.
 */
export async function placeLevelRaise(
  tx: Tx,
  input: { plantId: string; scope: PermitScope; source: 'alarm' | 'weather'; sourceId: string; reason: string; beaufort: number | null; until: Date | null; actor: EvidenceActor; now: Date },
): Promise<string> {
  const id = randomUUID();
  await tx.query(
    `INSERT INTO work_restrictions (id, plant_id, hold_id, source, source_id, effect, beaufort, reason, scope, placed_by, placed_at, until)
     VALUES ($1, $2, NULL, $3, $4, 'raise_level', $5, $6, $7, $8, $9, $10)`,
    [id, input.plantId, input.source, input.sourceId, input.beaufort, input.reason, JSON.stringify(input.scope), JSON.stringify(input.actor), input.now, input.until],
  );
  await appendEvidence(tx, {
    plantId: input.plantId, kind: 'permit.restriction.placed', subjectType: 'work_restriction', subjectId: id, actor: input.actor, occurredAt: input.now,
    data: { effect: 'raise_level', source: input.source, sourceId: input.sourceId, scope: input.scope, beaufort: input.beaufort, reason: input.reason, until: input.until },
  });
  return id;
}

/** Lifts the live restrictions of a source that belong to no hold (holds lift their own). */
export async function releaseRestrictionsBySource(
  tx: Tx, input: { plantId: string; source: 'person' | 'alarm' | 'weather'; sourceId: string; actor: EvidenceActor; now: Date },
): Promise<string[]> {
  const ids = (await tx.query<{ id: string }>(
    `UPDATE work_restrictions SET released_at = $4, released_by = $5
     WHERE plant_id = $1 AND source = $2 AND source_id = $3 AND hold_id IS NULL AND released_at IS NULL RETURNING id`,
    [input.plantId, input.source, input.sourceId, input.now, JSON.stringify(input.actor)],
  )).rows.map((r) => r.id).sort();
  for (const id of ids) {
    await appendEvidence(tx, {
      plantId: input.plantId, kind: 'permit.restriction.released', subjectType: 'work_restriction', subjectId: id, actor: input.actor, occurredAt: input.now,
      data: { source: input.source, sourceId: input.sourceId },
    });
  }
  return ids;
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
