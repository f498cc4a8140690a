import { ACTIONS, ActionName } from '../../../cards/src/actions';
import type { BotRouter } from '../router';
import { HAZARD_BUS } from './hazardBus';

/**
 * Listeners of the hazard card buttons that need no further input. A repeated click is refused by the
 * machine ("already closed") and answered in the chat; a platform redelivery is dropped by the bus.
 */
const BUTTONS: Array<[ActionName, string]> = [
  [ACTIONS.hazard_accept, 'start_rectification'],
  [ACTIONS.hazard_verify_approve, 'approve'],
  [ACTIONS.hazard_reinspect_ok, 'reinspect_ok'],
  [ACTIONS.hazard_reinspect_recurred, 'reinspect_recurred'],
];

/** Registers the button listeners, the grade select and the delegation picker. */
export function registerHazardActions(router: BotRouter): void {
  for (const [name, action] of BUTTONS) {
    router.onAction(name, async (event, bus) => {
      if (event.action) await bus.execute(event, HAZARD_BUS.button, { hazardId: event.action.subjectId, action });
    });
  }
  router.onAction(ACTIONS.hazard_set_grade, async (event, bus) => {
    if (!event.action) return;
    await bus.execute(event, HAZARD_BUS.button, { hazardId: event.action.subjectId, action: 'set_grade', grade: event.selections?.grade?.[0] ?? '' });
  });
  // Without a choice: send the picker card. With one (the picker's submit): delegate.
  router.onAction(ACTIONS.hazard_delegate, async (event, bus) => {
    if (!event.action) return;
    await bus.execute(event, HAZARD_BUS.delegate, { hazardId: event.action.subjectId, choice: event.selections?.delegate?.[0] ?? null });
  });
}
