import {
  applyDeadline,
  armEscalation,
  armReinspection,
  armReminder,
  deadlineRefusal,
  draft,
  HazardContext,
  HazardHandler,
  hasRight,
  notifyHolder,
  refuse,
  text,
} from './hazardDraft';
import { majorElementsMissing } from './hazardRules';
import {
  ApproveAction,
  HAZARD_RIGHTS,
  HazardDecision,
  HazardEffect,
  MajorElementName,
  MajorElements,
  RecordMajorElementsAction,
  RejectAction,
  ReturnAction,
  SetGradeAction,
} from './hazardTypes';

/** Transitions on the safety side: verify (approve/return), reject, grade and the five elements. */

/** Refusal unless the actor may verify this hazard: right, not their own work, the pinned reviewer if any. */
function reviewerRefusal(ctx: HazardContext): HazardDecision | null {
  const { state, actor } = ctx;
  if (!hasRight(actor, HAZARD_RIGHTS.verify)) return refuse('missing_right', { right: HAZARD_RIGHTS.verify });
  if (actor.personId === state.assigneeId || actor.personId === state.delegateId) return refuse('self_verification');
  if (state.reviewerId && actor.personId !== state.reviewerId) return refuse('not_reviewer');
  return null;
}

/** awaiting_verification → closed (验收 + 销号); arms the reporter's reinspection. */
export const approve: HazardHandler<ApproveAction> = (ctx) => {
  const refusal = reviewerRefusal(ctx);
  if (refusal) return refusal;
  const { now } = ctx;
  const next = draft(ctx.state, now);
  const effects: HazardEffect[] = [{ type: 'notify', to: 'reporter', card: 'hazard.closed', personId: next.reporterId }];
  notifyHolder(next, 'hazard.closed', effects);
  effects.push({ type: 'notify', to: 'area_group', card: 'hazard.closed' });
  next.status = 'closed';
  next.closedAt = now;
  next.verifiedById = ctx.actor.personId;
  next.timers.remind = null;
  next.timers.escalate = null;
  const after = next.timing.reinspectAfterMs;
  next.reinspection.dueAt = after === null ? null : new Date(now.getTime() + after);
  if (next.reinspection.dueAt) armReinspection(next, next.reinspection.dueAt, effects);
  return { next, effects };
};

/** awaiting_verification → rectifying, with a reason; the submitted photos are dropped. */
export const returnRectification: HazardHandler<ReturnAction> = (ctx) => {
  const refusal = reviewerRefusal(ctx);
  if (refusal) return refusal;
  const reason = text(ctx.action.reason);
  if (!reason) return refuse('reason_required');
  const next = draft(ctx.state, ctx.now);
  next.status = 'rectifying';
  next.returnedCount += 1;
  next.lastReason = reason;
  next.afterPhotoIds = [];
  next.submittedAt = null;
  const effects: HazardEffect[] = [];
  notifyHolder(next, 'hazard.returned', effects);
  return { next, effects };
};

/** Not a hazard: → rejected (terminal), with a reason; every timer is disarmed. */
export const reject: HazardHandler<RejectAction> = (ctx) => {
  if (!hasRight(ctx.actor, HAZARD_RIGHTS.grade)) return refuse('missing_right', { right: HAZARD_RIGHTS.grade });
  const reason = text(ctx.action.reason);
  if (!reason) return refuse('reason_required');
  const next = draft(ctx.state, ctx.now);
  const effects: HazardEffect[] = [{ type: 'notify', to: 'reporter', card: 'hazard.rejected', personId: next.reporterId }];
  notifyHolder(next, 'hazard.rejected', effects);
  if (ctx.state.grade === 'major') effects.push({ type: 'major_hazard', flagged: false });
  next.status = 'rejected';
  next.rejectedAt = ctx.now;
  next.rejectedById = ctx.actor.personId;
  next.lastReason = reason;
  next.timers = { remind: null, escalate: null, reinspect: null };
  return { next, effects };
};

const sameTiming = (a: object, b: object): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Grade (and, from the command layer, the new grade's deadline/timing); re-arms timers when they change. */
export const setGrade: HazardHandler<SetGradeAction> = (ctx) => {
  const { state, action, now } = ctx;
  if (!hasRight(ctx.actor, HAZARD_RIGHTS.grade)) return refuse('missing_right', { right: HAZARD_RIGHTS.grade });
  const bad = deadlineRefusal(action.deadline, now);
  if (bad) return bad;
  const gradeChanged = action.grade !== state.grade;
  const deadlineChanged = !!action.deadline && action.deadline.getTime() !== state.deadline.getTime();
  const timingChanged = !!action.timing && !sameTiming(action.timing, state.timing);
  if (!gradeChanged && !deadlineChanged && !timingChanged) return refuse('no_change');
  const next = draft(state, now);
  const effects: HazardEffect[] = [];
  next.grade = action.grade;
  if (action.timing) next.timing = { ...action.timing };
  if (gradeChanged) {
    effects.push({ type: 'major_hazard', flagged: action.grade === 'major' });
    notifyHolder(next, 'hazard.grade_changed', effects);
    if (action.grade === 'major' && majorElementsMissing(next.majorElements).length > 0) {
      notifyHolder(next, 'hazard.major_elements_required', effects);
    }
  }
  if (deadlineChanged && action.deadline) applyDeadline(next, action.deadline, now, effects);
  else if (timingChanged) armEscalation(next, now, effects);
  if (deadlineChanged || timingChanged) armReminder(next, now, effects);
  return { next, effects };
};

const ELEMENT_FIELDS: Record<keyof MajorElements, MajorElementName> = {
  measures: 'measures',
  responsiblePersonId: 'responsible_person',
  fundsYuan: 'funds',
  deadline: 'deadline',
  emergencyPlan: 'emergency_plan',
};

/** Merges the given elements into the record; tells the holder once all five are in. */
export const recordMajorElements: HazardHandler<RecordMajorElementsAction> = (ctx) => {
  const { state, action, now } = ctx;
  if (!hasRight(ctx.actor, HAZARD_RIGHTS.majorElements)) return refuse('missing_right', { right: HAZARD_RIGHTS.majorElements });
  if (state.grade !== 'major') return refuse('not_major');
  const given = (Object.keys(ELEMENT_FIELDS) as (keyof MajorElements)[]).filter((f) => (action.elements ?? {})[f] !== undefined);
  if (given.length === 0) return refuse('no_change');
  const invalidNow = new Set(majorElementsMissing(action.elements));
  const invalid = given.map((f) => ELEMENT_FIELDS[f]).filter((name) => invalidNow.has(name));
  if (invalid.length > 0) return refuse('invalid_major_elements', { fields: invalid });
  const e = action.elements;
  const merged: MajorElements = { ...(state.majorElements ?? {}) };
  if (e.measures !== undefined) merged.measures = e.measures.trim();
  if (e.responsiblePersonId !== undefined) merged.responsiblePersonId = e.responsiblePersonId.trim();
  if (e.fundsYuan !== undefined) merged.fundsYuan = e.fundsYuan;
  if (e.deadline !== undefined) merged.deadline = e.deadline;
  if (e.emergencyPlan !== undefined) merged.emergencyPlan = e.emergencyPlan.trim();
  const next = draft(state, now);
  next.majorElements = merged;
  const effects: HazardEffect[] = [];
  const wasMissing = majorElementsMissing(state.majorElements).length > 0;
  if (wasMissing && majorElementsMissing(merged).length === 0) notifyHolder(next, 'hazard.major_elements_complete', effects);
  return { next, effects };
};
