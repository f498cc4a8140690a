import {
  HAZARD_TIMER_ACTIONS,
  HazardActionType,
  HazardRefusal,
  HazardStatus,
  OPEN_HAZARD_STATUSES,
} from './hazardTypes';

/**
 * Which action is possible in which status: the first gate of decideHazard, also usable by presenters
 * to decide which buttons a card shows (`allowedActions`). Who may act is checked afterwards.
 */

const HOLDER: readonly HazardStatus[] = ['assigned', 'rectifying'];
const TRIAGE: readonly HazardStatus[] = ['reported', 'assigned', 'rectifying'];

/** Status table: the statuses each action is accepted in. */
export const ACTION_STATUSES: Readonly<Record<HazardActionType, readonly HazardStatus[]>> = {
  assign: ['reported'],
  reassign: HOLDER,
  delegate: HOLDER,
  start_rectification: ['assigned'],
  submit_rectification: ['rectifying'],
  approve: ['awaiting_verification'],
  return: ['awaiting_verification'],
  reject: TRIAGE,
  set_grade: OPEN_HAZARD_STATUSES,
  record_major_elements: OPEN_HAZARD_STATUSES,
  remind: HOLDER,
  escalate: OPEN_HAZARD_STATUSES,
  reinspect_due: ['closed'],
  reinspect_ok: ['closed'],
  reinspect_recurred: ['closed'],
};

/** The action types accepted in a status (before checking who acts). */
export function allowedActions(status: HazardStatus): HazardActionType[] {
  return (Object.keys(ACTION_STATUSES) as HazardActionType[]).filter((a) => ACTION_STATUSES[a].includes(status));
}

/**
 * Null when `type` is possible in `status`; otherwise the most helpful refusal. Repeated clicks get a
 * specific code (already_closed, already_started...) so the command layer can answer "done already".
 * A timer that finds the hazard elsewhere is `stale_timer`: the job handler does nothing.
 */
export function statusRefusal(status: HazardStatus, type: HazardActionType): HazardRefusal | null {
  if (ACTION_STATUSES[type].includes(status)) return null;
  if (HAZARD_TIMER_ACTIONS.includes(type)) return { code: 'stale_timer' };
  if (status === 'rejected') return { code: 'already_rejected' };
  const reinspect = type === 'reinspect_ok' || type === 'reinspect_recurred';
  if (reinspect && status === 'reinspected') return { code: 'already_reinspected' };
  if (!reinspect && (status === 'closed' || status === 'reinspected')) return { code: 'already_closed' };
  if (type === 'assign') return { code: 'already_assigned' };
  if (type === 'start_rectification' && status !== 'reported') return { code: 'already_started' };
  if (type === 'submit_rectification' && status === 'awaiting_verification') return { code: 'already_submitted' };
  return { code: 'invalid_status', params: { status, action: type } };
}
