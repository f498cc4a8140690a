/**
 * Types of the hazard closed loop (隐患闭环: 登记 → 评估 → 治理/整改 → 验收 → 销号 → 复查).
 * Pure data: no I/O. Dates are `Date` objects inside the domain; `reviveHazardState` turns the
 * JSON form (ISO strings) back into a `HazardState`.
 */

/** Lifecycle statuses. `rejected` (not a hazard) and `reinspected` are terminal. */
export const HAZARD_STATUSES = [
  'reported',
  'assigned',
  'rectifying',
  'awaiting_verification',
  'closed',
  'reinspected',
  'rejected',
] as const;
/** One lifecycle status. */
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

/** Statuses in which the hazard is still open (not closed, not rejected). */
export const OPEN_HAZARD_STATUSES: readonly HazardStatus[] = ['reported', 'assigned', 'rectifying', 'awaiting_verification'];

/** 一般隐患 / 重大隐患 (SAWS Order 16). Subdivisions such as 一般A/B are plant policy, not modelled here. */
export const HAZARD_GRADES = ['general', 'major'] as const;
/** One hazard grade. */
export type HazardGrade = (typeof HAZARD_GRADES)[number];

/** Rights the machine checks. `'*'` in an actor's rights grants all of them. */
export const HAZARD_RIGHTS = {
  assign: 'hazard.assign',
  verify: 'hazard.verify',
  grade: 'hazard.grade',
  rectify: 'hazard.rectify',
  majorElements: 'hazard.major_elements',
} as const;

/** Who acts. Built by the command layer from a verified principal, or `SYSTEM_ACTOR` for timer jobs. */
export interface HazardActor {
  /** Person id (uuid) of the acting person; `'system'` for the system actor. */
  personId: string;
  /** Right strings such as 'hazard.verify'; '*' = every right. */
  rights: readonly string[];
  /** Set only for timer jobs and rule-driven automation (auto-assignment). */
  system?: true;
}

/** The actor timer jobs and auto-assignment use. */
export const SYSTEM_ACTOR: HazardActor = Object.freeze({ personId: 'system', rights: Object.freeze(['*']), system: true as const });

/** 重大隐患 “五落实”: measures, responsibility, funds, time limit, contingency plan. Every field optional until recorded. */
export interface MajorElements {
  /** 措施: treatment measures (free text). */
  measures?: string;
  /** 责任: person id of the responsible person. */
  responsiblePersonId?: string;
  /** 资金: funds allocated, in yuan (0 allowed: the point is that funding was decided). */
  fundsYuan?: number;
  /** 时限: plan deadline. Kept separate from the rectification deadline, which only set_grade/assign change. */
  deadline?: Date;
  /** 预案: emergency/contingency plan (free text or a document reference). */
  emergencyPlan?: string;
}

/** Names of the five elements, as returned by `majorElementsMissing` and used in message keys. */
export const MAJOR_ELEMENT_NAMES = ['measures', 'responsible_person', 'funds', 'deadline', 'emergency_plan'] as const;
/** One element name. */
export type MajorElementName = (typeof MAJOR_ELEMENT_NAMES)[number];

/**
 * Durations snapshotted onto the hazard when it is opened (and replaced by set_grade), so the machine
 * needs no policy lookup. Build with `hazardTiming()`; the demo profile is already applied.
 */
export interface HazardTiming {
  /** Reminder to the holder this long before the deadline (0 = no reminder). */
  remindBeforeMs: number;
  /** Escalation level k fires at deadline + k × this. Must be > 0. */
  escalateEveryMs: number;
  /** Reinspection is due this long after closing; null = no reinspection step. */
  reinspectAfterMs: number | null;
  /** Length of the escalation chain (班组长 → 车间主任 → 安全总监 = 3); escalation stops there. */
  maxEscalationLevel: number;
}

/** Timer jobs the command layer schedules from `schedule` effects. */
export const HAZARD_JOBS = ['hazard.remind', 'hazard.escalate', 'hazard.reinspect'] as const;
/** One timer job name. */
export type HazardJob = (typeof HAZARD_JOBS)[number];

/**
 * Valid timer tokens. A `schedule` effect sets the token; the job hands it back in its action. A job whose
 * token no longer matches (the hazard moved on, a duplicate delivery, a changed deadline) is refused with
 * `stale_timer`, which job handlers treat as "do nothing".
 */
export interface HazardTimers {
  remind: string | null;
  escalate: string | null;
  reinspect: string | null;
}

/** 复查: the reporter's check some time after closing. */
export interface HazardReinspection {
  /** When the reporter may reinspect; null until closed or when the plant has no reinspection step. */
  dueAt: Date | null;
  /** When the reporter was prompted by the reinspect job. */
  promptedAt: Date | null;
  outcome: 'ok' | 'recurred' | null;
  at: Date | null;
  note: string | null;
}

/**
 * The lifecycle state of one hazard: what the machine needs, not the whole ledger row (area, category,
 * photos before, location... live in the row). JSON-serialisable except that dates are `Date` objects;
 * `JSON.stringify` writes them as ISO strings and `reviveHazardState` reads them back.
 */
export interface HazardState {
  id: string;
  /** Readable code, e.g. YH-20261124-0001. */
  code: string;
  status: HazardStatus;
  grade: HazardGrade;
  reporterId: string;
  assigneeId: string | null;
  /** Stands in for the assignee while absent; may start/submit but not delegate further. */
  delegateId: string | null;
  /** Role whose holders are asked to verify (used by the command layer to find recipients). */
  reviewerRole: string | null;
  /** When set, only this person may approve/return. */
  reviewerId: string | null;
  /** Rectification deadline (限期整改). */
  deadline: Date;
  /** 0 = not escalated; k = escalated to the k-th role of the plant's chain. */
  escalationLevel: number;
  returnedCount: number;
  /** Latest reason given by return / reject / reassign. */
  lastReason: string | null;
  /** Photo ids of the latest submitted rectification (cleared by return). */
  afterPhotoIds: string[];
  /** Present once record_major_elements was used. */
  majorElements: MajorElements | null;
  timing: HazardTiming;
  timers: HazardTimers;
  reinspection: HazardReinspection;
  verifiedById: string | null;
  rejectedById: string | null;
  /** Optimistic concurrency: every accepted action bumps it by one. Starts at 1. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  assignedAt: Date | null;
  startedAt: Date | null;
  submittedAt: Date | null;
  lastRemindedAt: Date | null;
  closedAt: Date | null;
  rejectedAt: Date | null;
}

// Actions, effects and refusals live in their own file; re-exported so callers import one module.
export * from './hazardActions';
