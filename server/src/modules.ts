import { createDingtalkModule } from './integrations/dingtalk/dingtalkModule';
import { wecomModule } from './integrations/wecom/wecomModule';
import { photosModule } from './platform/files/photosModule';
import { h5Module } from './platform/h5/h5Module';
import { permitsModule } from './domains/permits/permitsModule';
import { hazardsModule } from './domains/hazards/hazardsModule';
import { alarmsModule } from './domains/alarms/alarmsModule';
import type { ServerModule } from './platform/serverDeps';

/** The capabilities this build wires in, in start order. */
export function allModules(): ServerModule[] {
  return [wecomModule, createDingtalkModule(), photosModule, h5Module, permitsModule, hazardsModule, alarmsModule];
}
