import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ALARM_BUS, registerAlarmActions, type AckAnswer } from '../../../../bot/src/conversations/alarmActions';
import { actorOf } from '../../platform/auth/principal';
import { validationError } from '../../platform/http/apiRouter';
import type { ServerDeps, ServerModule } from '../../platform/serverDeps';
import { createPermitHoldService } from '../permits/permitHolds';
import { ackAlarm } from './alarmAck';
import { registerAlarmCards } from './alarmCardBuilders';
import type { AlarmContext } from './alarmContext';
import { alarmHealth, alarmMetricSources } from './alarmHealth';
import { registerAlarmJobs } from './alarmJobs';
import { AlarmMetrics } from './alarmMetrics';
import { resolveAlarmPlant, type AlarmPlant, type AlarmPlantSource } from './alarmPlant';
import { registerAlarmRoutes } from './alarmRoutes';
import { PlantAlarmRuntime } from './alarmRuntime';

/** Settings for tests, the demo and the benchmark; production uses the defaults. */
export interface AlarmsModuleOptions {
  /** Rewrites a plant's config before use (tests point endpoints at simulators on random ports). */
  configOverride?: (plant: AlarmPlantSource) => AlarmPlantSource;
  tickMs?: number;
  reconcileMs?: number;
  /** OPC UA client PKI; default DATA_DIR/pki. */
  pkiFolder?: string;
}

/** A module instance plus handles tests use to wait for the leader's queues. */
export interface AlarmsModule extends ServerModule {
  runtime(plantId: string): PlantAlarmRuntime | undefined;
}

/**
 * Dynamic risk control as a server module. Everyone: alarm/weather cards, the acknowledge command
 * (bus + HTTP), escalation/digest/hazard queues, routes, /readyz and /metrics entries. The leader
 * only: per plant, the OPC UA/MQTT sources, the rule engine with its 1 s tick and the weather poller.
 */
export function createAlarmsModule(opts: AlarmsModuleOptions = {}): AlarmsModule {
  const runtimes = new Map<string, PlantAlarmRuntime>();
  const plants = new Map<string, Promise<AlarmPlant | null>>();
  let leading = false;
  let ctx: AlarmContext | null = null;

  const loadPlant = async (deps: ServerDeps, plantId: string): Promise<AlarmPlant | null> => {
    const row = (await deps.db.query<{ config: AlarmPlantSource | null }>('SELECT config FROM plants WHERE id = $1', [plantId])).rows[0];
    if (!row?.config) return null;
    const source = opts.configOverride ? opts.configOverride(row.config) : row.config;
    return resolveAlarmPlant(source, { demo: deps.env.DEMO_PROFILE });
  };

  return {
    name: 'alarms',
    runtime: (plantId) => runtimes.get(plantId),

    register(deps) {
      const c: AlarmContext = {
        deps,
        holds: createPermitHoldService(deps),
        metrics: new AlarmMetrics(deps.metrics.registry, alarmMetricSources(runtimes)),
        plantOf(plantId) {
          let p = plants.get(plantId);
          if (!p) {
            p = loadPlant(deps, plantId);
            plants.set(plantId, p);
            p.catch(() => plants.delete(plantId));
          }
          return p;
        },
        onAcked: (plantId, alarmId, byLabel, at) => runtimes.get(plantId)?.noteAck(alarmId, byLabel, at),
        enabledPlatforms: () => new Set((['sandbox', 'wecom', 'dingtalk'] as const).filter((p) => deps.messengers.get(p))),
      };
      ctx = c;
      registerAlarmJobs(c);
      registerAlarmCards(c);
      const AckPayload = z.object({ alarmId: z.uuid() });
      deps.commands.register<AckAnswer>(ALARM_BUS.ack, {
        right: 'alarm.ack',
        async run({ tx, principal, payload }) {
          const p = AckPayload.safeParse(payload);
          if (!p.success) throw validationError('body', p.error.issues);
          const row = await ackAlarm(c, tx, {
            plantId: principal.plantId, alarmId: p.data.alarmId, personId: principal.personId, byLabel: principal.label, actor: actorOf(principal), locale: principal.locale,
          });
          return { code: row.code };
        },
      });
      registerAlarmActions(deps.router);
      registerAlarmRoutes(deps, c, (plantId) => runtimes.get(plantId));
      for (const [name, check] of Object.entries(alarmHealth(runtimes, () => leading))) deps.health.register(name, check);
    },

    leader: {
      async start(deps) {
        if (!ctx) throw new Error('alarms module started before register()');
        leading = true;
        const pkiFolder = opts.pkiFolder ?? join(resolve(deps.env.DATA_DIR), 'pki');
        for (const plantId of await deps.directory.plantIds()) {
          const plant = await ctx.plantOf(plantId);
          if (!plant) continue;
          const rt = new PlantAlarmRuntime(ctx, plant, { tickMs: opts.tickMs ?? 1000, reconcileMs: opts.reconcileMs ?? 5000, pkiFolder });
          runtimes.set(plantId, rt);
          await rt.start();
        }
      },
      async stop() {
        leading = false;
        const all = [...runtimes.values()];
        runtimes.clear();
        await Promise.all(all.map((rt) => rt.stop()));
      },
    },
  };
}

/** The module as `allModules()` wires it. */
export const alarmsModule = createAlarmsModule();
