import {
  applyDeadline,
  armReminder,
  deadlineRefusal,
  draft,
  HazardContext,
  HazardHandler,
  hasRight,
  refuse,
  text,
} from './hazardDraft';
import { majorElementsMissing } from './hazardRules';
import {
  AssignAction,
  DelegateAction,
  HAZARD_RIGHTS,
  HazardDecision,
  HazardEffect,
  ReassignAction,
  StartRectificationAction,
  SubmitRectificationAction,
} from './hazardTypes';

/** Transitions on the assignee's side: assign, reassign, delegate, start and submit rectification. */

/** Refusal unless the actor may rectify as holder (or, with `assigneeOnly`, as the assignee proper). */
function holderRefusal(ctx: HazardContext, assigneeOnly = false): HazardDecision | null {
  if (!hasRight(ctx.actor, HAZARD_RIGHTS.rectify)) return refuse('missing_right', { right: HAZARD_RIGHTS.rectify });
  const allowed = assigneeOnly ? [ctx.state.assigneeId] : [ctx.state.assigneeId, ctx.state.delegateId];
  if (!allowed.includes(ctx.actor.personId)) return refuse('not_assignee');
  return null;
}

/** Rectifying a 重大隐患 needs the five elements first (domain.md §3.3). */
function majorRefusal(ctx: HazardContext): HazardDecision | null {
  if (ctx.state.grade !== 'major') return null;
  const missing = majorElementsMissing(ctx.state.majorElements);
  return missing.length > 0 ? refuse('major_elements_missing', { missing }) : null;
}

/** reported → assigned. */
export const assign: HazardHandler<AssignAction> = (ctx) => {
  const { state, action, now } = ctx;
  if (!hasRight(ctx.actor, HAZARD_RIGHTS.assign)) return refuse('missing_right', { right: HAZARD_RIGHTS.assign });
  const assigneeId = text(action.assigneeId);
  if (!assigneeId) return refuse('assignee_required');
  const bad = deadlineRefusal(action.deadline, now);
  if (bad) return bad;
  const next = draft(state, now);
  const effects: HazardEffect[] = [{ type: 'notify', to: 'assignee', card: 'hazard.assignment', personId: assigneeId }];
  next.status = 'assigned';
  next.assigneeId = assigneeId;
  next.delegateId = null;
  next.assignedAt = now;
  if (action.reviewerId !== undefined) next.reviewerId = text(action.reviewerId);
  if (action.reviewerRole !== undefined) next.reviewerRole = text(action.reviewerRole);
  if (action.deadline && action.deadline.getTime() !== state.deadline.getTime()) applyDeadline(next, action.deadline, now, effects);
  armReminder(next, now, effects);
  return { next, effects };
};

/** assigned/rectifying → assigned, with a new assignee; the delegate and the start are cleared. */
export const reassign: HazardHandler<ReassignAction> = (ctx) => {
  const { state, action, now } = ctx;
  if (!hasRight(ctx.actor, HAZARD_RIGHTS.assign)) return refuse('missing_right', { right: HAZARD_RIGHTS.assign });
  const assigneeId = text(action.assigneeId);
  if (!assigneeId) return refuse('assignee_required');
  if (assigneeId === state.assigneeId) return refuse('same_assignee');
  const bad = deadlineRefusal(action.deadline, now);
  if (bad) return bad;
  const next = draft(state, now);
  const effects: HazardEffect[] = [];
  if (state.assigneeId) {
    effects.push({ type: 'notify', to: 'previous_assignee', card: 'hazard.reassigned_away', personId: state.assigneeId });
  }
  if (state.delegateId && state.delegateId !== assigneeId) {
    effects.push({ type: 'notify', to: 'delegate', card: 'hazard.reassigned_away', personId: state.delegateId });
  }
  effects.push({ type: 'notify', to: 'assignee', card: 'hazard.assignment', personId: assigneeId });
  next.status = 'assigned';
  next.assigneeId = assigneeId;
  next.delegateId = null;
  next.assignedAt = now;
  next.startedAt = null;
  next.lastReason = text(action.reason) ?? state.lastReason;
  if (action.deadline && action.deadline.getTime() !== state.deadline.getTime()) applyDeadline(next, action.deadline, now, effects);
  // A fresh token, so the previous assignee's pending reminder turns stale.
  armReminder(next, now, effects);
  return { next, effects };
};

/** The assignee sets (or, with null, ends) a delegation; status unchanged. */
export const delegate: HazardHandler<DelegateAction> = (ctx) => {
  const { state, action, now } = ctx;
  const notHolder = holderRefusal(ctx, true);
  if (notHolder) return notHolder;
  const delegateId = action.delegateId === null ? null : text(action.delegateId);
  if (action.delegateId !== null && !delegateId) return refuse('invalid_delegate');
  if (delegateId === state.delegateId) return refuse('no_change');
  if (delegateId === state.assigneeId) return refuse('invalid_delegate');
  if (delegateId && !(ctx.options.canDelegate?.(state.assigneeId ?? '', delegateId) ?? false)) {
    return refuse('delegate_not_allowed', { delegateId });
  }
  const next = draft(state, now);
  const effects: HazardEffect[] = [];
  if (state.delegateId) effects.push({ type: 'notify', to: 'delegate', card: 'hazard.delegation_ended', personId: state.delegateId });
  if (delegateId) effects.push({ type: 'notify', to: 'delegate', card: 'hazard.delegated', personId: delegateId });
  next.delegateId = delegateId;
  return { next, effects };
};

/** assigned → rectifying (the holder accepts). */
export const startRectification: HazardHandler<StartRectificationAction> = (ctx) => {
  const refusal = holderRefusal(ctx) ?? majorRefusal(ctx);
  if (refusal) return refusal;
  const next = draft(ctx.state, ctx.now);
  next.status = 'rectifying';
  next.startedAt = ctx.now;
  return { next, effects: [] };
};

/** rectifying → awaiting_verification, with at least one after-photo. */
export const submitRectification: HazardHandler<SubmitRectificationAction> = (ctx) => {
  const refusal = holderRefusal(ctx);
  if (refusal) return refusal;
  const photos = [...new Set((ctx.action.afterPhotoIds ?? []).map((p) => text(p)).filter((p): p is string => !!p))];
  if (photos.length === 0) return refuse('after_photo_required');
  const major = majorRefusal(ctx);
  if (major) return major;
  const next = draft(ctx.state, ctx.now);
  next.status = 'awaiting_verification';
  next.submittedAt = ctx.now;
  next.afterPhotoIds = photos;
  const effects: HazardEffect[] = [
    next.reviewerId
      ? { type: 'notify', to: 'reviewer', card: 'hazard.verification', personId: next.reviewerId }
      : { type: 'notify', to: 'reviewer', card: 'hazard.verification' },
  ];
  return { next, effects };
};
