/**
 * Card action names: the ONE list that card builders put on buttons and selects and that bot listeners
 * match on, so the two cannot drift apart. Keys equal values so code, logs and callbacks grep together.
 *
 * Names use only `[a-z_]` and stay ≤ 32 characters: they travel inside WeCom TaskId/EventKey
 * (charset `[0-9A-Za-z_\-@]`, see actionRef.ts) and DingTalk callback params.
 */
export const ACTIONS = {
  // Hazard loop: report draft (chat conversation), then assignment, rectification, verification, re-inspection.
  /** Draft: the reporter picked the area (select). */
  hazard_draft_area: 'hazard_draft_area',
  /** Draft: the reporter picked the category (select). */
  hazard_draft_category: 'hazard_draft_category',
  /** Draft: the reporter confirms and files the report. */
  hazard_draft_submit: 'hazard_draft_submit',
  /** Draft: the reporter throws the draft away. */
  hazard_draft_cancel: 'hazard_draft_cancel',
  /** The assignee accepts the rectification task. */
  hazard_accept: 'hazard_accept',
  /** The assignee says the hazard is fixed; opens the rectify step (photo + note in chat). */
  hazard_rectified: 'hazard_rectified',
  /** The verifier approves the rectification. */
  hazard_verify_approve: 'hazard_verify_approve',
  /** The verifier returns the rectification (reason asked as a conversation step). */
  hazard_verify_return: 'hazard_verify_return',
  /** Re-inspection found the hazard still fixed. */
  hazard_reinspect_ok: 'hazard_reinspect_ok',
  /** Re-inspection found the hazard back. */
  hazard_reinspect_recurred: 'hazard_reinspect_recurred',
  /** Hand the task to someone else (target asked as a conversation step). */
  hazard_delegate: 'hazard_delegate',
  /** Set or change the hazard grade (select). */
  hazard_set_grade: 'hazard_set_grade',
  /** The safety officer rejects a report as not a hazard (reason asked as a conversation step). */
  hazard_reject: 'hazard_reject',

  // Work permits.
  /** An approver signs the permit. */
  permit_approve: 'permit_approve',
  /** An approver rejects the permit (reason asked as a conversation step). */
  permit_reject: 'permit_reject',
  /** The on-site supervisor opens the permit at the work place. */
  permit_open_onsite: 'permit_open_onsite',
  /** Periodic shift check during the work. */
  permit_shift_check: 'permit_shift_check',
  /** Acknowledge a permit notice (e.g. handover, closure). */
  permit_ack: 'permit_ack',

  // Alarms.
  /** Acknowledge an alarm. */
  alarm_ack: 'alarm_ack',

  // Generic.
  /** Does nothing; for placeholder buttons in demos and tests. */
  noop: 'noop',
} as const;

/** One card action name. */
export type ActionName = (typeof ACTIONS)[keyof typeof ACTIONS];

/** Every action name, in declaration order. */
export const ACTION_NAMES: readonly ActionName[] = Object.freeze(Object.values(ACTIONS));

const actionSet: ReadonlySet<string> = new Set(ACTION_NAMES);

/** True when `value` is a known action name (safe on any input). */
export function isActionName(value: unknown): value is ActionName {
  return typeof value === 'string' && actionSet.has(value);
}
