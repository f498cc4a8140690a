import { registerHazardConversations } from '../../../../bot/src/conversations/hazardConversations';
import type { ServerModule } from '../../platform/serverDeps';
import { registerHazardActionRoutes } from './hazardActionRoutes';
import { registerHazardBotCommands } from './hazardBotCommands';
import { registerHazardCards } from './hazardCardBuilders';
import { registerHazardExportRoutes } from './hazardExportRoutes';
import { registerHazardJobs } from './hazardJobs';
import { hazardDepsOf } from './hazardRouteHelpers';
import { registerHazardRoutes } from './hazardRoutes';
import { TimerWaker } from './hazardTimerWaker';

/**
 * The hazard closed loop (隐患闭环) as a server module: HTTP routes (report, list, detail, actions,
 * ledger and regulator exports), chat conversations and their bus commands, card builders, and the
 * SLA timer queues (reminder, escalation, reinspection) with an in-process waker for due timers.
 */
export const hazardsModule: ServerModule = {
  name: 'hazards',
  register(deps) {
    const waker = new TimerWaker((queue) => deps.jobs.wake(queue));
    const hz = hazardDepsOf(deps, waker);
    registerHazardJobs(deps.jobs, hz);
    registerHazardCards(deps);
    registerHazardBotCommands(deps.commands, hz);
    registerHazardConversations(deps.router);
    // Static paths first: /api/hazards/ledger must not be taken for /api/hazards/:id.
    registerHazardExportRoutes(deps);
    registerHazardRoutes(deps, hz);
    registerHazardActionRoutes(deps, hz);
    deps.health.register('hazard_timers', () => ({ ok: true, state: 'up', detail: { pendingWakeUps: waker.pending } }));
  },
};
