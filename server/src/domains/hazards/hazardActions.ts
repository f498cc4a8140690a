/**
 * Actions, effects and refusals of the hazard machine: the vocabulary between the machine and the
 * command layer. Re-exported by hazardTypes.ts.
 */
import type { HazardGrade, HazardJob, HazardState, HazardTiming, MajorElements } from './hazardTypes';

/** Fields every human action may carry. */
interface HumanActionBase {
  /** The version the actor saw (card version); a mismatch is refused with `version_conflict`. */
  expectedVersion?: number;
}

/** Assign the first assignee (reported → assigned). The system actor may do this for rule-based auto-assignment. */
export interface AssignAction extends HumanActionBase {
  type: 'assign';
  assigneeId: string;
  /** Overrides the deadline set at report time. */
  deadline?: Date;
  reviewerId?: string | null;
  reviewerRole?: string | null;
}
/** Hand the hazard to another assignee (back to assigned; the delegate is cleared). */
export interface ReassignAction extends HumanActionBase {
  type: 'reassign';
  assigneeId: string;
  reason?: string;
  deadline?: Date;
}
/** The assignee hands over to a delegate while absent; `null` ends the delegation. */
export interface DelegateAction extends HumanActionBase {
  type: 'delegate';
  delegateId: string | null;
}
/** The holder accepts and starts rectification (assigned → rectifying). */
export interface StartRectificationAction extends HumanActionBase {
  type: 'start_rectification';
}
/** The holder reports the fix with at least one after-photo (rectifying → awaiting_verification). */
export interface SubmitRectificationAction extends HumanActionBase {
  type: 'submit_rectification';
  afterPhotoIds: string[];
  note?: string;
}
/** The reviewer accepts the fix (验收, → closed / 销号). */
export interface ApproveAction extends HumanActionBase {
  type: 'approve';
}
/** The reviewer sends the fix back (→ rectifying). */
export interface ReturnAction extends HumanActionBase {
  type: 'return';
  reason: string;
}
/** A safety officer rejects a report that is not a hazard (terminal). */
export interface RejectAction extends HumanActionBase {
  type: 'reject';
  reason: string;
}
/** A safety officer sets the grade; the command layer passes the deadline/timing of the new grade if they change. */
export interface SetGradeAction extends HumanActionBase {
  type: 'set_grade';
  grade: HazardGrade;
  deadline?: Date;
  timing?: HazardTiming;
}
/** Record (merge) some or all of the five elements of a major hazard. */
export interface RecordMajorElementsAction extends HumanActionBase {
  type: 'record_major_elements';
  elements: MajorElements;
}
/** The reporter confirms at reinspection that the fix holds (closed → reinspected). */
export interface ReinspectOkAction extends HumanActionBase {
  type: 'reinspect_ok';
  note?: string;
}
/** The reporter finds the hazard back (closed → reinspected, plus an `open_recurrence` effect). */
export interface ReinspectRecurredAction extends HumanActionBase {
  type: 'reinspect_recurred';
  note?: string;
  photoIds?: string[];
}

/** Timer actions: only the system actor; `token` comes from the `schedule` effect. JSON-clean (job data). */
export type HazardTimerAction =
  | { type: 'remind'; token: string }
  | { type: 'escalate'; token: string }
  | { type: 'reinspect_due'; token: string };

/** Every action the machine decides on. */
export type HazardAction =
  | AssignAction
  | ReassignAction
  | DelegateAction
  | StartRectificationAction
  | SubmitRectificationAction
  | ApproveAction
  | ReturnAction
  | RejectAction
  | SetGradeAction
  | RecordMajorElementsAction
  | ReinspectOkAction
  | ReinspectRecurredAction
  | HazardTimerAction;

/** One action type name. */
export type HazardActionType = HazardAction['type'];

/** Every action type, in a stable order (tables, tests, labels). */
export const HAZARD_ACTION_TYPES: readonly HazardActionType[] = [
  'assign',
  'reassign',
  'delegate',
  'start_rectification',
  'submit_rectification',
  'approve',
  'return',
  'reject',
  'set_grade',
  'record_major_elements',
  'remind',
  'escalate',
  'reinspect_due',
  'reinspect_ok',
  'reinspect_recurred',
];

/** Action types only the system actor may submit. */
export const HAZARD_TIMER_ACTIONS: readonly HazardActionType[] = ['remind', 'escalate', 'reinspect_due'];

/**
 * Who a notification goes to. `personId` on the effect is filled whenever the machine knows the person;
 * otherwise the command layer resolves: reviewer → holders of `reviewerRole`; escalation_target →
 * `escalationTarget(chain, level, ...)`; area_group → the area's chat group.
 * 'assignee' means the current holder (the delegate while one is set).
 */
export type HazardRecipient =
  | 'assignee'
  | 'delegate'
  | 'previous_assignee'
  | 'reviewer'
  | 'reporter'
  | 'escalation_target'
  | 'area_group';

/** Card kinds the machine asks for; the cards/ builders own their layout. */
export const HAZARD_CARDS = [
  'hazard.reported',
  'hazard.assignment',
  'hazard.reassigned_away',
  'hazard.delegated',
  'hazard.delegation_ended',
  'hazard.verification',
  'hazard.returned',
  'hazard.rejected',
  'hazard.closed',
  'hazard.reminder',
  'hazard.escalation',
  'hazard.overdue',
  'hazard.grade_changed',
  'hazard.major_elements_required',
  'hazard.major_elements_complete',
  'hazard.reinspection',
  'hazard.recurred',
] as const;
/** One card kind. */
export type HazardCard = (typeof HAZARD_CARDS)[number];

/** Side effects, as data, for the command layer to persist/enqueue in the same transaction. */
export type HazardEffect =
  | { type: 'notify'; to: HazardRecipient; card: HazardCard; personId?: string; level?: number }
  /** Insert job `job` starting at `at` with `action` as its data; the handler calls decideHazard(state, action, SYSTEM_ACTOR, now). */
  | { type: 'schedule'; job: HazardJob; at: Date; action: HazardTimerAction }
  /** Open a new hazard linked to `ofHazardId` (the reporter's reinspection found it back). */
  | { type: 'open_recurrence'; ofHazardId: string; reporterId: string; note: string | null; photoIds: string[] }
  /** The major-hazard flag changed: start (or withdraw) the regulator report (Safety Law Art. 41). */
  | { type: 'major_hazard'; flagged: boolean };

/** Stable refusal codes; text lives in the catalogue under `hazards.refusal.<code>`. */
export const HAZARD_REFUSAL_CODES = [
  'system_only',
  'human_only',
  'invalid_status',
  'already_assigned',
  'already_started',
  'already_submitted',
  'already_closed',
  'already_rejected',
  'already_reinspected',
  'version_conflict',
  'missing_right',
  'not_assignee',
  'not_reviewer',
  'not_reporter',
  'self_verification',
  'reason_required',
  'after_photo_required',
  'assignee_required',
  'same_assignee',
  'invalid_delegate',
  'delegate_not_allowed',
  'invalid_deadline',
  'not_major',
  'major_elements_missing',
  'invalid_major_elements',
  'no_change',
  'stale_timer',
  'not_overdue',
  'escalation_exhausted',
  'reinspection_not_due',
] as const;
/** One refusal code. */
export type HazardRefusalCode = (typeof HAZARD_REFUSAL_CODES)[number];

/** A refusal: stable code plus params for the message. */
export interface HazardRefusal {
  code: HazardRefusalCode;
  params?: Record<string, unknown>;
}

/** The machine's answer. */
export type HazardDecision = { next: HazardState; effects: HazardEffect[] } | { refusal: HazardRefusal };

/** Settings the command layer passes to decideHazard (pure: no lookups inside the machine). */
export interface HazardDecideOptions {
  /**
   * May `assigneeId` hand the hazard to `delegateId`? Without it every delegation is refused.
   * `makeCanDelegate()` builds the usual one (same department or configured deputy).
   */
  canDelegate?: (assigneeId: string, delegateId: string) => boolean;
}
