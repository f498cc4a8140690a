import { createDingtalkModule } from './integrations/dingtalk/dingtalkModule';
import { wecomModule } from './integrations/wecom/wecomModule';
import { photosModule } from './platform/files/photosModule';
import type { ServerModule } from './platform/serverDeps';

/** The capabilities this build wires in, in start order. */
export function allModules(): ServerModule[] {
  return [wecomModule, createDingtalkModule(), photosModule];
}
