import { ACTIONS } from '../../../cards/src/actions';
import type { BotRouter } from '../router';
import { Claim, HAZARD_BUS } from './hazardBus';

/**
 * "Return" on a verification card and "reject" on a triage card ask the reviewer for the reason as
 * the next chat message (WeCom button cards have no text input); that message returns the
 * rectification or rejects the report.
 */
export function registerHazardReturnReason(router: BotRouter): void {
  router.onAction(ACTIONS.hazard_verify_return, async (event, bus) => {
    if (event.action) await bus.execute(event, HAZARD_BUS.returnPrompt, { hazardId: event.action.subjectId });
  });
  router.onAction(ACTIONS.hazard_reject, async (event, bus) => {
    if (event.action) await bus.execute(event, HAZARD_BUS.rejectPrompt, { hazardId: event.action.subjectId });
  });
  router.on('text', async (event, bus) => {
    const text = event.text?.trim() ?? '';
    if (!text) return false;
    return (await bus.execute<Claim>(event, HAZARD_BUS.returnReason, { text })).claimed;
  });
}
