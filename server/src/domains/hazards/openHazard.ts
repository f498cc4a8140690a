import { armEscalation } from './hazardDraft';
import { HazardEffect, HazardGrade, HazardState, HazardTiming } from './hazardTypes';

/** What the command layer knows when a report comes in (after code, grade, deadline and timing are computed). */
export interface OpenHazardInput {
  id: string;
  /** From hazardCode(prefix, plantLocalDay(now, timezone), seq). */
  code: string;
  reporterId: string;
  /** Usually defaultGrade(categoryKey, categories). */
  grade: HazardGrade;
  /** Usually deadlineFor(grade, slaPolicies, now, opts). */
  deadline: Date;
  /** hazardTiming(grade, slaPolicies, chain.length, opts). */
  timing: HazardTiming;
  reviewerRole?: string | null;
  reviewerId?: string | null;
}

/**
 * The initial state of a new report (status `reported`, version 1) and its effects: a notice to the area
 * group, the first escalation timer (an unassigned report escalates too), and the major-hazard flag when
 * the category makes it major from the start. Assignment is a separate `assign` action (by rule with the
 * system actor, or by a person), so every step has its own evidence event.
 */
export function openHazard(input: OpenHazardInput, now: Date): { state: HazardState; effects: HazardEffect[] } {
  if (Number.isNaN(input.deadline.getTime())) throw new RangeError('openHazard: invalid deadline');
  const state: HazardState = {
    id: input.id,
    code: input.code,
    status: 'reported',
    grade: input.grade,
    reporterId: input.reporterId,
    assigneeId: null,
    delegateId: null,
    reviewerRole: input.reviewerRole ?? null,
    reviewerId: input.reviewerId ?? null,
    deadline: input.deadline,
    escalationLevel: 0,
    returnedCount: 0,
    lastReason: null,
    afterPhotoIds: [],
    majorElements: null,
    timing: { ...input.timing },
    timers: { remind: null, escalate: null, reinspect: null },
    reinspection: { dueAt: null, promptedAt: null, outcome: null, at: null, note: null },
    verifiedById: null,
    rejectedById: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    assignedAt: null,
    startedAt: null,
    submittedAt: null,
    lastRemindedAt: null,
    closedAt: null,
    rejectedAt: null,
  };
  const effects: HazardEffect[] = [{ type: 'notify', to: 'area_group', card: 'hazard.reported' }];
  if (state.grade === 'major') effects.push({ type: 'major_hazard', flagged: true });
  armEscalation(state, now, effects);
  return { state, effects };
}
