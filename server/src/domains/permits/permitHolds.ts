import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/db';
import { appendEvidence, type EvidenceActor } from '../../platform/evidence/evidenceChain';
import { AppError, errors } from '../../platform/errors';
import type { ServerDeps } from '../../platform/serverDeps';
import { crewOf, PERMIT_CARDS, PERMIT_JOBS, sendPermitCard } from './permitNotify';
import { findPerson } from './permitPeople';
import { loadPermit, permitIdsInScope, type PermitScope } from './permitRepo';
import { placeLevelRaise, releaseRestrictionsBySource } from './permitRestrictions';
import { transitionPermit } from './permitTransition';
import type { Actor } from './permitState';

/** What a hold applies to: named permits, or everything live in an area/unit/type/outdoor scope. */
export type HoldScope = { permitIds: string[] } | PermitScope;

/** A hold to place (the contract the dynamic-risk / alarm and weather modules code against). */
export interface PlaceHoldInput {
  plantId: string;
  scope: { permitIds: string[] } | { areaKeys?: string[]; unitKeys?: string[]; types?: string[]; outdoorOnly?: boolean };
  source: 'person' | 'alarm' | 'weather';
  /** The person id, alarm id or weather warning id behind the hold (releaseHoldsBySource matches on it). */
  sourceId: string;
  reason: string;
  /** Also block new applications in the same scope (a work restriction submission consults). */
  blockNewApplications?: boolean;
  /** Released automatically at this time (by the scheduler), unless released before. */
  until?: Date | null;
  actor: EvidenceActor;
}

/** A level raise to place: new applications in scope are managed one level higher while it lasts. */
export interface PlaceLevelRaiseInput {
  plantId: string;
  scope: { areaKeys?: string[]; unitKeys?: string[]; types?: string[]; outdoorOnly?: boolean };
  source: 'alarm' | 'weather';
  sourceId: string;
  reason: string;
  /** The wind force behind the raise, when known (recorded with the permit's level reasons). */
  beaufort: number | null;
  until?: Date | null;
  actor: EvidenceActor;
}

/** Permit states a hold catches: approved (not started) and running work. */
export const HOLDABLE_STATUSES = ['approved', 'active', 'interrupted', 'suspended'];

async function personActor(tx: Tx, plantId: string, personId: string): Promise<Actor> {
  const person = await findPerson(tx, plantId, personId);
  if (!person) throw errors.notFound('person', personId);
  return { kind: 'person', personId: person.id, roles: person.roles };
}

/**
 * The machine actor of a hold follows its source: alarm and weather holds belong to that system,
 * person holds to the person. A person releasing a system hold acts as themself (the machine lets
 * supervisors do it); the scheduler releasing a person hold at `until` acts for the person who placed it.
 */
async function holdActor(tx: Tx, plantId: string, source: PlaceHoldInput['source'], actor: EvidenceActor, placedBy?: EvidenceActor): Promise<Actor> {
  if (actor.type === 'system') {
    if (source !== 'person') return { kind: 'system', system: source };
    if (placedBy?.type === 'person') return personActor(tx, plantId, placedBy.id);
    throw new AppError('forbidden', 'a person hold is placed by a person');
  }
  if (actor.type !== 'person') throw new AppError('forbidden', 'holds are placed and released by a person or by the alarm/weather system');
  if (source !== 'person' && !placedBy) return { kind: 'system', system: source };
  return personActor(tx, plantId, actor.id);
}

function checkInput(input: PlaceHoldInput): void {
  const bad = (field: string, message: string) => new AppError('validation_failed', `Invalid ${field}: ${message}`, { fields: [{ field, message }] });
  if (!input.reason?.trim()) throw bad('reason', 'required');
  if (!input.sourceId?.trim()) throw bad('sourceId', 'required');
  if ('permitIds' in input.scope && input.scope.permitIds.length === 0) throw bad('scope.permitIds', 'name at least one permit');
}

/**
 * Holds on permits (GB 30871 4.8, 4.10 e, weather 8.2.6 / 9.2.4, DCS alarms). Holds overlap: a
 * permit stays suspended while any hold on it is live, and releasing one hold never releases
 * another. A scope hold suspends the approved and running permits in scope at the time it is
 * placed; with blockNewApplications it also creates a work restriction that submission consults.
 * Every method runs inside the caller's transaction and writes one evidence event per permit.
 */
export function createPermitHoldService(deps: ServerDeps): {
  placeHold(tx: Tx, input: PlaceHoldInput): Promise<{ holdId: string; affectedPermitIds: string[]; restrictionId: string | null }>;
  releaseHold(tx: Tx, input: { plantId: string; holdId: string; actor: EvidenceActor }): Promise<{ releasedPermitIds: string[] }>;
  releaseHoldsBySource(tx: Tx, input: { plantId: string; source: 'person' | 'alarm' | 'weather'; sourceId: string; actor: EvidenceActor }): Promise<{ holdIds: string[]; restrictionIds: string[] }>;
  placeLevelRaise(tx: Tx, input: PlaceLevelRaiseInput): Promise<{ restrictionId: string }>;
} {
  async function placeHold(tx: Tx, input: PlaceHoldInput) {
    checkInput(input);
    const now = deps.now();
    const holdId = randomUUID();
    const actor = await holdActor(tx, input.plantId, input.source, input.actor);
    const scope = input.scope as HoldScope;
    await tx.query(
      `INSERT INTO permit_holds (id, plant_id, source, source_id, reason, scope, block_new, until, placed_by, placed_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [holdId, input.plantId, input.source, input.sourceId, input.reason, JSON.stringify(scope), !!input.blockNewApplications, input.until ?? null, JSON.stringify(input.actor), now],
    );
    const targets = await permitIdsInScope(tx, input.plantId, scope, HOLDABLE_STATUSES);
    for (const permitId of targets) {
      const { row } = await transitionPermit(deps, tx, {
        plantId: input.plantId, permitId, action: { type: 'place_hold', holdId, reason: input.reason }, actor,
        evidenceActor: input.actor, now, locale: 'zh-CN', evidenceData: { holdId, source: input.source, sourceId: input.sourceId },
      });
      await tx.query('INSERT INTO permit_hold_targets (plant_id, hold_id, permit_id) VALUES ($1, $2, $3)', [input.plantId, holdId, permitId]);
      await sendPermitCard(deps, tx, row, PERMIT_CARDS.suspension, crewOf(row), { event: 'placed', holdId });
    }
    let restrictionId: string | null = null;
    if (input.blockNewApplications && !('permitIds' in scope)) {
      restrictionId = randomUUID();
      await tx.query(
        `INSERT INTO work_restrictions (id, plant_id, hold_id, source, source_id, reason, scope, placed_by, placed_at, until)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [restrictionId, input.plantId, holdId, input.source, input.sourceId, input.reason, JSON.stringify(scope), JSON.stringify(input.actor), now, input.until ?? null],
      );
    }
    await appendEvidence(tx, {
      plantId: input.plantId, kind: 'permit.hold.placed', subjectType: 'permit_hold', subjectId: holdId, actor: input.actor, occurredAt: now,
      data: { source: input.source, sourceId: input.sourceId, reason: input.reason, scope, affectedPermitIds: targets, restrictionId, until: input.until ?? null },
    });
    if (input.until) await deps.jobs.send(tx, PERMIT_JOBS.releaseHold, { plantId: input.plantId, holdId }, { startAfter: input.until });
    return { holdId, affectedPermitIds: targets, restrictionId };
  }

  async function releaseHold(tx: Tx, input: { plantId: string; holdId: string; actor: EvidenceActor }) {
    const now = deps.now();
    const hold = (await tx.query<{ source: PlaceHoldInput['source']; released_at: Date | null; placed_by: EvidenceActor }>(
      'SELECT source, released_at, placed_by FROM permit_holds WHERE plant_id = $1 AND id = $2 FOR UPDATE', [input.plantId, input.holdId],
    )).rows[0];
    if (!hold) throw errors.notFound('hold', input.holdId);
    if (hold.released_at) return { releasedPermitIds: [] };
    const actor = await holdActor(tx, input.plantId, hold.source, input.actor, hold.placed_by);
    const targets = (await tx.query<{ permit_id: string }>(
      'SELECT permit_id FROM permit_hold_targets WHERE plant_id = $1 AND hold_id = $2 AND released_at IS NULL ORDER BY permit_id', [input.plantId, input.holdId],
    )).rows.map((r) => r.permit_id);
    const released: string[] = [];
    for (const permitId of targets) {
      const p = await loadPermit(tx, input.plantId, permitId, { forUpdate: true });
      // A permit that ended meanwhile (expired, voided) has nothing left to release.
      if (p && p.status === 'suspended' && p.state.holds.some((h) => h.id === input.holdId)) {
        await transitionPermit(deps, tx, {
          plantId: input.plantId, permitId, action: { type: 'release_hold', holdId: input.holdId }, actor,
          evidenceActor: input.actor, now, locale: 'zh-CN', evidenceData: { holdId: input.holdId, source: hold.source },
        });
        released.push(permitId);
      }
      await tx.query('UPDATE permit_hold_targets SET released_at = $3 WHERE hold_id = $1 AND permit_id = $2', [input.holdId, permitId, now]);
    }
    await tx.query('UPDATE permit_holds SET released_at = $3, released_by = $4 WHERE plant_id = $1 AND id = $2', [input.plantId, input.holdId, now, JSON.stringify(input.actor)]);
    await tx.query('UPDATE work_restrictions SET released_at = $3, released_by = $4 WHERE plant_id = $1 AND hold_id = $2 AND released_at IS NULL', [input.plantId, input.holdId, now, JSON.stringify(input.actor)]);
    await appendEvidence(tx, {
      plantId: input.plantId, kind: 'permit.hold.released', subjectType: 'permit_hold', subjectId: input.holdId, actor: input.actor, occurredAt: now,
      data: { releasedPermitIds: released },
    });
    return { releasedPermitIds: released };
  }

  async function releaseHoldsBySource(tx: Tx, input: { plantId: string; source: 'person' | 'alarm' | 'weather'; sourceId: string; actor: EvidenceActor }) {
    const holds = (await tx.query<{ id: string }>(
      'SELECT id FROM permit_holds WHERE plant_id = $1 AND source = $2 AND source_id = $3 AND released_at IS NULL ORDER BY placed_at',
      [input.plantId, input.source, input.sourceId],
    )).rows.map((r) => r.id);
    for (const holdId of holds) await releaseHold(tx, { plantId: input.plantId, holdId, actor: input.actor });
    // Level raises belong to no hold: the source's release lifts them too.
    const restrictionIds = await releaseRestrictionsBySource(tx, { ...input, now: deps.now() });
    return { holdIds: holds, restrictionIds };
  }

  async function raiseLevel(tx: Tx, input: PlaceLevelRaiseInput) {
    checkInput(input);
    const restrictionId = await placeLevelRaise(tx, { ...input, until: input.until ?? null, now: deps.now() });
    return { restrictionId };
  }

  return { placeHold, releaseHold, releaseHoldsBySource, placeLevelRaise: raiseLevel };
}
