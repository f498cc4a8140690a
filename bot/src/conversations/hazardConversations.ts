import type { BotRouter } from '../router';
import { registerHazardActions } from './hazardActions';
import { registerHazardRectify } from './hazardRectify';
import { registerHazardReport } from './hazardReport';
import { registerHazardReturnReason } from './hazardReturnReason';

/**
 * Every hazard listener, in the order that matters: a pending step (return reason, after-photo) claims
 * the next message before the report draft sees it.
 */
export function registerHazardConversations(router: BotRouter): void {
  registerHazardReturnReason(router);
  registerHazardRectify(router);
  registerHazardReport(router);
  registerHazardActions(router);
}
