import { assign, delegate, reassign, startRectification, submitRectification } from './hazardAssignTransitions';
import { HazardHandler, refuse } from './hazardDraft';
import { approve, recordMajorElements, reject, returnRectification, setGrade } from './hazardReviewTransitions';
import { statusRefusal } from './hazardStatusGate';
import { escalate, reinspectDue, reinspectOk, reinspectRecurred, remind } from './hazardTimerTransitions';
import {
  HAZARD_TIMER_ACTIONS,
  HazardAction,
  HazardActionType,
  HazardActor,
  HazardDecideOptions,
  HazardDecision,
  HazardState,
} from './hazardTypes';

/**
 * The hazard closed loop as a pure state machine:
 *
 *   reported ─assign→ assigned ─start_rectification→ rectifying ─submit_rectification→ awaiting_verification
 *   awaiting_verification ─approve→ closed ─reinspect_ok|reinspect_recurred→ reinspected
 *   awaiting_verification ─return→ rectifying;  reported|assigned|rectifying ─reject→ rejected
 *   assigned|rectifying ─reassign→ assigned;  delegate / set_grade / record_major_elements keep the status
 *   timers: remind (assigned|rectifying), escalate (open, overdue), reinspect_due (closed)
 *
 * No I/O: the command layer loads the state, calls decideHazard, persists `next` with an optimistic
 * `WHERE version = state.version`, and turns `effects` into notifications and jobs in the same transaction.
 */

type AnyHandler = HazardHandler<HazardAction>;

const HANDLERS: Record<HazardActionType, AnyHandler> = {
  assign: assign as AnyHandler,
  reassign: reassign as AnyHandler,
  delegate: delegate as AnyHandler,
  start_rectification: startRectification as AnyHandler,
  submit_rectification: submitRectification as AnyHandler,
  approve: approve as AnyHandler,
  return: returnRectification as AnyHandler,
  reject: reject as AnyHandler,
  set_grade: setGrade as AnyHandler,
  record_major_elements: recordMajorElements as AnyHandler,
  remind: remind as AnyHandler,
  escalate: escalate as AnyHandler,
  reinspect_due: reinspectDue as AnyHandler,
  reinspect_ok: reinspectOk as AnyHandler,
  reinspect_recurred: reinspectRecurred as AnyHandler,
};

/** Human actions the system actor may also take: rule-based auto-assignment at report time. */
const SYSTEM_MAY: readonly HazardActionType[] = ['assign'];

/**
 * Decides one action. Checks run in a fixed order, so the refusal code is predictable:
 * 1. actor kind: timer actions need the system actor (`system_only`); the system actor may only assign
 *    among human actions (`human_only`);
 * 2. status (`statusRefusal`: stale_timer, already_closed, already_rejected, invalid_status, ...), so a
 *    repeated click answers "already done" rather than "not allowed";
 * 3. `expectedVersion`, when the action carries it (`version_conflict`);
 * 4. the action's own rules: right, identity (assignee / reviewer / reporter), payload, domain rules.
 * On success `next` has version + 1 and updatedAt = now; the input state is never mutated.
 * `options.canDelegate` is required for delegation to succeed (default: refuse).
 */
export function decideHazard(
  state: HazardState,
  action: HazardAction,
  actor: HazardActor,
  now: Date,
  options: HazardDecideOptions = {},
): HazardDecision {
  const handler = HANDLERS[action.type];
  // Unknown types are a programming error (routes validate actions with zod), not a user refusal.
  if (!handler) throw new TypeError(`unknown hazard action: ${String((action as { type?: unknown }).type)}`);
  const isTimer = HAZARD_TIMER_ACTIONS.includes(action.type);
  if (isTimer && actor.system !== true) return refuse('system_only');
  if (!isTimer && actor.system === true && !SYSTEM_MAY.includes(action.type)) return refuse('human_only');
  const gate = statusRefusal(state.status, action.type);
  if (gate) return { refusal: gate };
  if ('expectedVersion' in action && action.expectedVersion !== undefined && action.expectedVersion !== state.version) {
    return refuse('version_conflict', { expected: action.expectedVersion, actual: state.version });
  }
  return handler({ state, action, actor, now, options });
}

/** Type guard: true when the decision is a refusal. */
export function isHazardRefusal(decision: HazardDecision): decision is Extract<HazardDecision, { refusal: unknown }> {
  return 'refusal' in decision;
}
