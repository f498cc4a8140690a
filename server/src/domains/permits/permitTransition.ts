import type { Principal } from '../../platform/auth/principal';
import type { Tx } from '../../platform/db/db';
import { enqueueCardRefresh } from '../../platform/delivery/delivery';
import { appendEvidence, type EvidenceActor } from '../../platform/evidence/evidenceChain';
import { AppError, errors } from '../../platform/errors';
import type { ServerDeps } from '../../platform/serverDeps';
import { applyEffects } from './permitEffects';
import { refusalError } from './permitErrors';
import { decidePermit } from './permitMachine';
import { PermitPolicyStore, type PlantPermitContext } from './permitPolicyStore';
import type { PermitRow } from './permitRecord';
import { loadArea } from './permitAreas';
import { findPerson, namesOf } from './permitPeople';
import { rolesInArea } from './roleScope';
import { loadPermit, savePermit } from './permitRepo';
import type { Actor, PermitAction, PermitEffect } from './permitState';

const stores = new WeakMap<ServerDeps, PermitPolicyStore>();

/** The one policy store of a server (shared by routes, jobs, holds and bot commands). */
export function policyStoreFor(deps: ServerDeps): PermitPolicyStore {
  let s = stores.get(deps);
  if (!s) {
    s = new PermitPolicyStore();
    stores.set(deps, s);
  }
  return s;
}

/** The machine's actor for a verified principal (a person with the plant's role keys). */
export function machineActor(p: Principal): Actor {
  if (!p.personId) throw new AppError('forbidden', 'Permit actions need a person (this token has no owner)');
  return { kind: 'person', personId: p.personId, roles: p.roles };
}

/** One transition to run. */
export interface TransitionInput {
  plantId: string;
  permitId: string;
  action: PermitAction;
  actor: Actor;
  evidenceActor: EvidenceActor;
  now: Date;
  /** Locale of refusal messages. */
  locale: string;
  /** Extra facts for the evidence event (position of an on-site signature, hold source...). */
  evidenceData?: Record<string, unknown>;
  /** Checks outside the pure core (QR token, geofence, restrictions); throw to refuse. May adjust the action. */
  precheck?: (row: PermitRow, plant: PlantPermitContext) => Promise<PermitAction | void> | PermitAction | void;
  /** Writes the records of the step (signature row, gas test row, check-in row) after the state is saved. */
  record?: (before: PermitRow, after: PermitRow) => Promise<void>;
}

/** What a transition did. */
export interface TransitionResult {
  before: PermitRow;
  row: PermitRow;
  effects: PermitEffect[];
  plant: PlantPermitContext;
}

/**
 * Runs one permit command inside the caller's transaction: lock the row, run the prechecks, let the
 * pure machine decide, save the state, record the step, append one evidence event, carry out the
 * effects and refresh the cards already sent about the permit. A refusal throws before anything
 * is written, so the whole transaction rolls back.
 */
export async function transitionPermit(deps: ServerDeps, tx: Tx, input: TransitionInput): Promise<TransitionResult> {
  const before = await loadPermit(tx, input.plantId, input.permitId, { forUpdate: true });
  if (!before) throw errors.notFound('permit', input.permitId);
  const plant = await policyStoreFor(deps).load(tx, input.plantId);
  const adjusted = input.precheck ? await input.precheck(before, plant) : undefined;
  const action = adjusted ?? input.action;
  const scoped = await actorInArea(tx, plant, input.actor, before.areaKey);
  const decision = decidePermit(before.state, action, scoped.actor, input.now, { timezone: plant.timezone });
  if ('refusal' in decision) {
    // Refused only because a department-scoped role does not reach this area: say that, not "wrong role".
    if (scoped.dropped.length && !('refusal' in decidePermit(before.state, action, input.actor, input.now, { timezone: plant.timezone }))) {
      throw await outOfDepartment(tx, input.plantId, input.locale, scoped, before.areaKey);
    }
    throw refusalError(input.locale, decision.refusal, await namesOf(tx, input.plantId));
  }
  const row = await savePermit(tx, { ...before, state: decision.next }, input.now);
  if (input.record) await input.record(before, row);
  await appendEvidence(tx, {
    plantId: input.plantId, kind: `permit.${action.type}`, subjectType: 'permit', subjectId: row.id,
    actor: input.evidenceActor, occurredAt: input.now,
    data: { code: row.code, from: before.status, to: row.status, action, ...(input.evidenceData ?? {}) },
  });
  await applyEffects(deps, tx, row, decision.effects, {
    action: action.type, now: input.now, plant,
    endDependent: async (childId) => {
      await transitionPermit(deps, tx, {
        plantId: input.plantId, permitId: childId, action: { type: 'end_with_parent', parentPermitId: row.id },
        actor: { kind: 'system', system: 'scheduler' }, evidenceActor: { type: 'system', id: 'scheduler', label: 'parent permit ended' },
        now: input.now, locale: input.locale, evidenceData: { parentCode: row.code },
      });
    },
  });
  await enqueueCardRefresh(tx, deps.jobs, input.plantId, 'permit', row.id);
  return { before, row, effects: decision.effects, plant };
}

/**
 * The actor with only the roles that reach the permit's area (department-scoped roles, plant file).
 * Nothing is read unless the actor holds such a role.
 */
async function actorInArea(tx: Tx, plant: PlantPermitContext, actor: Actor, areaKey: string): Promise<{ actor: Actor; dropped: string[]; departmentKey: string | null }> {
  const facts = plant.org;
  if (actor.kind !== 'person' || !actor.roles.some((r) => facts.departmentRoles.has(r))) return { actor, dropped: [], departmentKey: null };
  const person = await findPerson(tx, plant.plantId, actor.personId);
  const r = rolesInArea(actor.roles, person?.departmentKey ?? null, facts.areaDepartment.get(areaKey) ?? null, facts);
  return { actor: { ...actor, roles: r.roles }, dropped: r.dropped, departmentKey: person?.departmentKey ?? null };
}

async function outOfDepartment(tx: Tx, plantId: string, locale: string, scoped: { dropped: string[]; departmentKey: string | null }, areaKey: string): Promise<AppError> {
  const named = async (table: 'roles' | 'departments', keys: string[]) =>
    (await tx.query<{ key: string; name: string }>(`SELECT key, name FROM ${table} WHERE plant_id = $1 AND key = ANY($2::text[])`, [plantId, keys])).rows;
  const area = await loadArea(tx, plantId, areaKey);
  const depts = new Map((await named('departments', [scoped.departmentKey ?? '', area?.departmentKey ?? ''])).map((d) => [d.key, d.name]));
  const params = {
    roles: (await named('roles', scoped.dropped)).map((r) => r.name), department: depts.get(scoped.departmentKey ?? '') ?? scoped.departmentKey ?? '',
    area: area?.name ?? areaKey, areaDepartment: depts.get(area?.departmentKey ?? '') ?? area?.departmentKey ?? '',
  };
  return refusalError(locale, { code: 'role_out_of_department', params });
}
