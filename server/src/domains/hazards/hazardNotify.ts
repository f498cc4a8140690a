import type { Tx } from '../../platform/db/db';
import { enqueueDelivery } from '../../platform/delivery/delivery';
import { HAZARD_SUBJECT, HazardDeps } from './hazardDeps';
import { escalationTarget } from './hazardEscalation';
import { groupsForArea, HazardPolicy, personHasRight, PolicyPerson } from './hazardPolicy';
import type { HazardRow } from './hazardRepo';
import type { HazardEffect } from './hazardTypes';

/**
 * Turns `notify` effects into deliveries inside the command's transaction: cards to named people,
 * notices to the area's groups. Recipients the machine leaves open are resolved here from policy.
 */

type NotifyEffect = Extract<HazardEffect, { type: 'notify' }>;

/** Active holders of the hazard's reviewer role, minus whoever did the work (no self-verification). */
export function reviewersOf(policy: HazardPolicy, row: HazardRow): PolicyPerson[] {
  const s = row.state;
  if (s.reviewerId) return policy.people.filter((p) => p.id === s.reviewerId);
  const role = s.reviewerRole ?? policy.settings.reviewerRole;
  return policy.people.filter((p) => p.active && p.roleKeys.includes(role) && p.id !== s.assigneeId && p.id !== s.delegateId);
}

/** The person an escalation level goes to (班组长 → 车间主任 → 安全总监), nearest to the area's department. */
export function escalationPerson(policy: HazardPolicy, row: HazardRow, level: number): PolicyPerson | null {
  const area = policy.areas.find((a) => a.key === row.areaKey);
  const found = escalationTarget(policy.settings.escalationChain, level, policy.people, area?.departmentKey ?? null, policy.departments);
  return found ? (policy.people.find((p) => p.id === found.id) ?? null) : null;
}

/**
 * Who assesses a new report (评估: confirm or change the grade): holders of the area's reviewer role who
 * may grade, else the plant reviewer role's holders who may.
 */
export function triagePeople(policy: HazardPolicy, row: HazardRow): PolicyPerson[] {
  const area = policy.areas.find((a) => a.key === row.areaKey);
  for (const role of [area?.reviewerRole, policy.settings.reviewerRole]) {
    if (!role) continue;
    const found = policy.people.filter((p) => p.active && p.roleKeys.includes(role) && personHasRight(policy, p, 'hazard.grade'));
    if (found.length > 0) return found;
  }
  return [];
}

/** Sends the assessment card of a new report to triagePeople. */
export async function sendTriage(deps: HazardDeps, tx: Tx, policy: HazardPolicy, row: HazardRow): Promise<void> {
  for (const p of triagePeople(policy, row)) await toPerson(deps, tx, row, p.id, 'hazard.triage', {});
}

async function toGroups(deps: HazardDeps, tx: Tx, policy: HazardPolicy, row: HazardRow, kind: string, params: Record<string, unknown>): Promise<void> {
  for (const g of groupsForArea(policy, row.areaKey)) {
    await enqueueDelivery(tx, deps.jobs, row.plantId, { groupKey: g.key }, { type: 'notice', kind, subjectType: HAZARD_SUBJECT, subjectId: row.id, params });
  }
}

async function toPerson(deps: HazardDeps, tx: Tx, row: HazardRow, personId: string, kind: string, params: Record<string, unknown>): Promise<void> {
  await enqueueDelivery(tx, deps.jobs, row.plantId, { personId }, { type: 'card', kind, subjectType: HAZARD_SUBJECT, subjectId: row.id, params });
}

/** Enqueues the deliveries of one notify effect. */
export async function deliverNotify(deps: HazardDeps, tx: Tx, policy: HazardPolicy, row: HazardRow, effect: NotifyEffect): Promise<void> {
  const params = effect.level === undefined ? {} : { level: effect.level };
  if (effect.to === 'area_group') return toGroups(deps, tx, policy, row, effect.card, params);
  if (effect.to === 'escalation_target') {
    const level = effect.level ?? row.state.escalationLevel;
    const target = escalationPerson(policy, row, level);
    if (target) await toPerson(deps, tx, row, target.id, effect.card, params);
    else deps.log.warn({ hazard: row.code, level }, 'no one holds the escalation role of this level; only the group is told');
    // Every escalation step is public in the area's groups too (issue #4 §4).
    return toGroups(deps, tx, policy, row, effect.card, params);
  }
  if (effect.personId) return toPerson(deps, tx, row, effect.personId, effect.card, params);
  if (effect.to === 'reviewer') {
    const reviewers = reviewersOf(policy, row);
    if (reviewers.length === 0) deps.log.warn({ hazard: row.code, role: row.state.reviewerRole }, 'no reviewer holds the role; verification card not sent');
    for (const p of reviewers) await toPerson(deps, tx, row, p.id, effect.card, params);
  }
}

/** Cards asking the people who may record the five elements (hazard.major_elements) to do so. */
export async function notifyMajorElementsOwners(deps: HazardDeps, tx: Tx, policy: HazardPolicy, row: HazardRow): Promise<void> {
  for (const p of policy.people) {
    if (p.active && personHasRight(policy, p, 'hazard.major_elements')) await toPerson(deps, tx, row, p.id, 'hazard.major_elements_required', {});
  }
}
