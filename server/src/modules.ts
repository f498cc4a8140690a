import { wecomModule } from './integrations/wecom/wecomModule';
import type { ServerModule } from './platform/serverDeps';

/** The capabilities this build wires in, in start order. */
export function allModules(): ServerModule[] {
  return [wecomModule];
}
