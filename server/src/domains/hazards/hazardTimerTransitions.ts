import { armEscalation, draft, HazardHandler, notifyHolder, refuse, text } from './hazardDraft';
import { HazardEffect, HazardTimerAction, HazardTimers, ReinspectOkAction, ReinspectRecurredAction } from './hazardTypes';

/**
 * Timer transitions (remind, escalate, reinspect_due; system actor only) and the reporter's answer to the
 * reinspection. A timer is honoured only while its token is the one the state holds: anything else is
 * `stale_timer`, so at-least-once delivery and superseded jobs are harmless.
 */

type TimerKind = HazardTimerAction['type'];

const TIMER_SLOT = { remind: 'remind', escalate: 'escalate', reinspect_due: 'reinspect' } as const;

function isCurrent(kind: TimerKind, token: string, timers: HazardTimers): boolean {
  const held = timers[TIMER_SLOT[kind]];
  return held !== null && held === token;
}

/** Reminds the holder before the deadline (once per token). */
export const remind: HazardHandler<Extract<HazardTimerAction, { type: 'remind' }>> = (ctx) => {
  if (!isCurrent('remind', ctx.action.token, ctx.state.timers)) return refuse('stale_timer');
  const next = draft(ctx.state, ctx.now);
  next.timers.remind = null;
  next.lastRemindedAt = ctx.now;
  const effects: HazardEffect[] = [];
  notifyHolder(next, 'hazard.reminder', effects);
  return { next, effects };
};

/** One step up the escalation chain, only once overdue; arms the next step until the chain ends. */
export const escalate: HazardHandler<Extract<HazardTimerAction, { type: 'escalate' }>> = (ctx) => {
  const { state, now } = ctx;
  if (!isCurrent('escalate', ctx.action.token, state.timers)) return refuse('stale_timer');
  if (now.getTime() < state.deadline.getTime()) return refuse('not_overdue', { deadline: state.deadline.toISOString() });
  if (state.escalationLevel >= state.timing.maxEscalationLevel) return refuse('escalation_exhausted');
  const next = draft(state, now);
  next.escalationLevel = state.escalationLevel + 1;
  const effects: HazardEffect[] = [{ type: 'notify', to: 'escalation_target', card: 'hazard.escalation', level: next.escalationLevel }];
  notifyHolder(next, 'hazard.overdue', effects, next.escalationLevel);
  armEscalation(next, now, effects);
  return { next, effects };
};

/** Asks the reporter to reinspect (closed hazards only). */
export const reinspectDue: HazardHandler<Extract<HazardTimerAction, { type: 'reinspect_due' }>> = (ctx) => {
  if (!isCurrent('reinspect_due', ctx.action.token, ctx.state.timers)) return refuse('stale_timer');
  const next = draft(ctx.state, ctx.now);
  next.timers.reinspect = null;
  next.reinspection.promptedAt = ctx.now;
  return { next, effects: [{ type: 'notify', to: 'reporter', card: 'hazard.reinspection', personId: next.reporterId }] };
};

/** Shared guard of the reporter's answer: only the reporter, only once due. */
function reinspectRefusal(ctx: Parameters<HazardHandler<ReinspectOkAction | ReinspectRecurredAction>>[0]) {
  const { state } = ctx;
  if (ctx.actor.personId !== state.reporterId) return refuse('not_reporter');
  const due = state.reinspection.dueAt;
  if (!due || ctx.now.getTime() < due.getTime()) return refuse('reinspection_not_due', { dueAt: due ? due.toISOString() : null });
  return null;
}

/** closed → reinspected: the fix holds. */
export const reinspectOk: HazardHandler<ReinspectOkAction> = (ctx) => {
  const refusal = reinspectRefusal(ctx);
  if (refusal) return refusal;
  const next = draft(ctx.state, ctx.now);
  next.status = 'reinspected';
  next.timers.reinspect = null;
  next.reinspection = { ...next.reinspection, outcome: 'ok', at: ctx.now, note: text(ctx.action.note) };
  return { next, effects: [] };
};

/** closed → reinspected, recurred: the command layer opens a new hazard linked to this one. */
export const reinspectRecurred: HazardHandler<ReinspectRecurredAction> = (ctx) => {
  const refusal = reinspectRefusal(ctx);
  if (refusal) return refusal;
  const note = text(ctx.action.note);
  const photoIds = [...new Set((ctx.action.photoIds ?? []).map((p) => text(p)).filter((p): p is string => !!p))];
  const next = draft(ctx.state, ctx.now);
  next.status = 'reinspected';
  next.timers.reinspect = null;
  next.reinspection = { ...next.reinspection, outcome: 'recurred', at: ctx.now, note };
  const effects: HazardEffect[] = [
    { type: 'open_recurrence', ofHazardId: next.id, reporterId: next.reporterId, note, photoIds },
    { type: 'notify', to: 'reviewer', card: 'hazard.recurred', ...(next.reviewerId ? { personId: next.reviewerId } : {}) },
  ];
  if (next.assigneeId) effects.push({ type: 'notify', to: 'assignee', card: 'hazard.recurred', personId: next.assigneeId });
  return { next, effects };
};
