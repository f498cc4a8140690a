import { registerPermitActions } from '../../../../bot/src/conversations/permitActions';
import type { ServerModule } from '../../platform/serverDeps';
import { registerCertificateRoutes } from './certificateRoutes';
import { registerPermitAdminRoutes } from './permitAdminRoutes';
import { registerPermitBotCommands } from './permitBotCommands';
import { registerPermitCards } from './permitCards';
import { registerPermitFileRoutes } from './permitFileRoutes';
import { permitLeader, registerPermitJobs } from './permitJobs';
import { registerPermitRoutes } from './permitRoutes';

/**
 * Special-work permits (特殊作业票, GB 30871-2022): HTTP API, H5 pages, cards, bot listeners,
 * timers and the holds contract (permitHolds.ts). The rules are the pure core next to this file.
 */
export const permitsModule: ServerModule = {
  name: 'permits',
  register(deps) {
    // Static paths (/api/permits/holds, /compliance, /policy) before /api/permits/:id.
    registerPermitAdminRoutes(deps);
    registerCertificateRoutes(deps);
    registerPermitFileRoutes(deps);
    registerPermitRoutes(deps);
    registerPermitCards(deps);
    registerPermitBotCommands(deps);
    registerPermitActions(deps.router);
    registerPermitJobs(deps);
  },
  leader: permitLeader(),
};
