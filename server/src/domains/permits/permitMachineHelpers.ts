import { gasTestAgeMin } from './gasRules';
import { RoleId } from './permitModel';
import {
  Actor, GasTestRecord, InterruptionRecord, PermitAction, PermitActionType, PermitDecision, PermitEffect, PermitState, Refusal,
} from './permitState';
import { gb } from './policyLeaves';

/** Options of the machine that are not part of the permit: the plant's IANA timezone. */
export interface MachineOptions {
  timezone: string;
}

/** Handler of one action type, run after the state gate. */
export type Handler<T extends PermitActionType> = (
  s: PermitState, a: Extract<PermitAction, { type: T }>, actor: Actor, now: Date, opts: MachineOptions,
) => PermitDecision;

/** Interruption reason the machine writes when a gas test fails during work. */
export const GAS_FAILURE_REASON = 'gas_test_failed';

/** Builds a refusal. */
export function refuse(code: string, params: Record<string, unknown> = {}, sourceRef?: string): PermitDecision {
  const refusal: Refusal = sourceRef ? { code, params, sourceRef } : { code, params };
  return { refusal };
}

/** Builds an accepted decision. */
export function ok(next: PermitState, effects: PermitEffect[] = []): PermitDecision {
  return { next, effects };
}

/** The person behind an actor, or null for systems. */
export function personOf(actor: Actor): { personId: string; roles: RoleId[] } | null {
  return actor.kind === 'person' ? actor : null;
}

/** True when the actor is a person holding any of `roles`. */
export function hasAnyRole(actor: Actor, roles: readonly RoleId[]): boolean {
  return actor.kind === 'person' && actor.roles.some((r) => roles.includes(r));
}

/** True when the actor may act over the permit as a supervisor (void, resume after holds, release others' holds). */
export function isSupervisor(s: PermitState, actor: Actor): boolean {
  return hasAnyRole(actor, s.rules.supervisorRoles);
}

/** True when the actor is one of the permit's named guardians. */
export function isGuardian(s: PermitState, actor: Actor): boolean {
  return actor.kind === 'person' && s.guardianIds.includes(actor.personId);
}

/** The most recently sampled gas test, optionally only those sampled after `after` (ISO). */
export function latestTest(s: PermitState, after?: string): GasTestRecord | undefined {
  const since = after ? Date.parse(after) : -Infinity;
  return s.gasTests
    .filter((t) => Date.parse(t.takenAt) > since)
    .reduce<GasTestRecord | undefined>((best, t) => (!best || Date.parse(t.takenAt) > Date.parse(best.takenAt) ? t : best), undefined);
}

/** The interruption still open, if any. */
export function openInterruption(s: PermitState): InterruptionRecord | undefined {
  return s.interruptions.find((i) => i.resumedAt === null);
}

/**
 * Checks that a passing, fresh gas test exists (sampled after `after` when given). Returns the
 * refusal to give, or null. Freshness is the sample-to-start limit (5.3.1 c, 6.3 a).
 */
export function gasGate(s: PermitState, now: Date, after?: string, context: Record<string, unknown> = {}): PermitDecision | null {
  const latest = latestTest(s, after);
  const max = s.rules.sampleMaxAgeMin;
  if (!latest) return refuse(after ? 'gas_retest_required' : 'gas_test_required', { ...context, since: after ?? null }, after ? s.rules.retestAfterGapMin?.sourceRef ?? max.sourceRef : s.rules.gasRequired.sourceRef);
  if (!latest.passed) return refuse('gas_test_failed', { testId: latest.id, failureCodes: latest.failureCodes }, s.rules.gas.sourceRefs.combustible);
  const age = gasTestAgeMin(latest, now);
  if (age < 0 || age > max.value) return refuse('gas_test_stale', { testId: latest.id, ageMin: Math.round(age), maxMin: max.value }, max.sourceRef);
  return null;
}

/** Parent permits (hot work, confined space) end their temporary-power children with them (10.8). */
export function endDependents(s: PermitState): PermitEffect[] {
  return s.type === 'HOT' || s.rules.confinedSpaceRules ? [{ type: 'end_dependent_permits', parentPermitId: s.id }] : [];
}

/** Source of the void causes: content/scope/location 4.16, conditions 4.17. */
export function voidSource(cause: string): string {
  return cause === 'conditions' ? gb('4.17') : gb('4.16');
}

/** Closes the open interruption at `at`, if any, recording how the resume was cleared. */
export function closeInterruption(s: PermitState, at: string, retestId: string | null, reconfirmed: boolean): InterruptionRecord[] {
  return s.interruptions.map((i) => (i.resumedAt === null ? { ...i, resumedAt: at, retestId, reconfirmed } : i));
}
