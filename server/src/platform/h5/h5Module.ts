import { registerGeoRoutes } from '../geo/geoRoutes';
import type { ServerModule } from '../serverDeps';
import { registerConsentRoutes } from './consentRoutes';
import { registerReferenceRoutes } from './referenceRoutes';
import { registerH5Pages } from './h5Pages';
import { registerWechatBindCommand } from './wechatBindCommand';
import { registerWechatSessionRoutes } from './wechatSessionRoutes';

/**
 * What the mini-program and the H5 pages need beyond the domain APIs: plant areas and locating,
 * privacy-notice consent, WeChat sign-in with a binding code from chat, and the H5 pages under /m/.
 */
export const h5Module: ServerModule = {
  name: 'h5',
  register(deps) {
    registerGeoRoutes(deps);
    registerConsentRoutes(deps);
    registerReferenceRoutes(deps);
    registerWechatSessionRoutes(deps);
    registerWechatBindCommand(deps);
    registerH5Pages(deps);
  },
};
