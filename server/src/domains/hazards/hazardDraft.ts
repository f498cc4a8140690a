import { escalationAt, remindAt } from './hazardSla';
import {
  HazardAction,
  HazardActor,
  HazardDecideOptions,
  HazardDecision,
  HazardEffect,
  HazardJob,
  HazardRefusal,
  HazardRefusalCode,
  HazardState,
  HazardTimerAction,
} from './hazardTypes';

/**
 * Shared pieces of the transition handlers: the context they receive, a copy-on-write draft of the next
 * state, right checks and timer scheduling. Internal to the hazards machine.
 */

/** What a transition handler receives. */
export interface HazardContext<A extends HazardAction = HazardAction> {
  state: HazardState;
  action: A;
  actor: HazardActor;
  now: Date;
  options: HazardDecideOptions;
}

/** A transition handler. */
export type HazardHandler<A extends HazardAction> = (ctx: HazardContext<A>) => HazardDecision;

/** Builds a refusal. */
export function refuse(code: HazardRefusalCode, params?: Record<string, unknown>): { refusal: HazardRefusal } {
  return { refusal: params ? { code, params } : { code } };
}

/** True when the actor holds `right` (or '*'); the system actor holds every right. */
export function hasRight(actor: HazardActor, right: string): boolean {
  return actor.system === true || actor.rights.includes('*') || actor.rights.includes(right);
}

/** The person who currently has the ball: the delegate while one is set, else the assignee. */
export function holderId(state: HazardState): string | null {
  return state.delegateId ?? state.assigneeId;
}

/** Trimmed text, or null when blank/absent. */
export function text(value: string | null | undefined): string | null {
  const t = typeof value === 'string' ? value.trim() : '';
  return t.length > 0 ? t : null;
}

/** A deep enough copy of the state with the version bumped: handlers mutate it, never the input. */
export function draft(state: HazardState, now: Date): HazardState {
  return {
    ...state,
    afterPhotoIds: [...state.afterPhotoIds],
    majorElements: state.majorElements ? { ...state.majorElements } : null,
    timing: { ...state.timing },
    timers: { ...state.timers },
    reinspection: { ...state.reinspection },
    version: state.version + 1,
    updatedAt: now,
  };
}

/** Token of a job scheduled by the transition that produced `next` (unique per hazard: versions never repeat). */
export function timerToken(job: HazardJob, next: HazardState): string {
  return `${job}@v${next.version}`;
}

function schedule(job: HazardJob, at: Date, action: HazardTimerAction): HazardEffect {
  return { type: 'schedule', job, at, action };
}

/** (Re)arms the holder's reminder for the current deadline, or disarms it when none is due. */
export function armReminder(next: HazardState, now: Date, effects: HazardEffect[]): void {
  const holding = next.status === 'assigned' || next.status === 'rectifying';
  const at = holding ? remindAt(next.deadline, next.timing.remindBeforeMs, now) : null;
  next.timers.remind = at ? timerToken('hazard.remind', next) : null;
  if (at && next.timers.remind) effects.push(schedule('hazard.remind', at, { type: 'remind', token: next.timers.remind }));
}

/**
 * Arms the escalation to `next.escalationLevel + 1`, or disarms it at the end of the chain. A job that runs
 * late must not bunch the next levels into the past, so the time is never earlier than `now`.
 */
export function armEscalation(next: HazardState, now: Date, effects: HazardEffect[]): void {
  const level = next.escalationLevel + 1;
  if (level > next.timing.maxEscalationLevel) {
    next.timers.escalate = null;
    return;
  }
  const due = escalationAt(next.deadline, level, next.timing.escalateEveryMs);
  const at = due.getTime() < now.getTime() ? now : due;
  next.timers.escalate = timerToken('hazard.escalate', next);
  effects.push(schedule('hazard.escalate', at, { type: 'escalate', token: next.timers.escalate }));
}

/** Arms the reinspection prompt at `at`. */
export function armReinspection(next: HazardState, at: Date, effects: HazardEffect[]): void {
  next.timers.reinspect = timerToken('hazard.reinspect', next);
  effects.push(schedule('hazard.reinspect', at, { type: 'reinspect_due', token: next.timers.reinspect }));
}

/** A new deadline restarts the escalation ladder: the old level belonged to the old deadline. */
export function applyDeadline(next: HazardState, deadline: Date, now: Date, effects: HazardEffect[]): void {
  next.deadline = deadline;
  next.escalationLevel = 0;
  armEscalation(next, now, effects);
}

/** Refusal for a deadline that is not a valid date after `now`, else null. */
export function deadlineRefusal(deadline: Date | undefined, now: Date): { refusal: HazardRefusal } | null {
  if (deadline === undefined) return null;
  if (!(deadline instanceof Date) || Number.isNaN(deadline.getTime()) || deadline.getTime() <= now.getTime()) {
    return refuse('invalid_deadline');
  }
  return null;
}

/** Card kinds, as the notify effect names them. */
type NotifyCard = Extract<HazardEffect, { type: 'notify' }>['card'];

/** A notify effect to the current holder, if there is one. */
export function notifyHolder(state: HazardState, card: NotifyCard, effects: HazardEffect[], level?: number): void {
  const personId = holderId(state);
  if (!personId) return;
  effects.push({ type: 'notify', to: 'assignee', card, personId, ...(level === undefined ? {} : { level }) });
}
