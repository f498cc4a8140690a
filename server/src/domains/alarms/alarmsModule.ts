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
  /**
   * How often the plant's config_version is checked, so a plant file re-imported by another
   * instance reaches this one's cards and the leader's runtime without a restart; default 30 s.
   */
  configCheckMs?: number;
}

/** A cached plant and the config version it was built from. */
interface CachedPlant {
  version: number;
  checkedAt: number;
  plant: AlarmPlant | null;
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
  const plants = new Map<string, CachedPlant>();
  const checking = new Map<string, Promise<AlarmPlant | null>>();
  const checkMs = opts.configCheckMs ?? 30_000;
  let leading = false;
  let ctx: AlarmContext | null = null;
  let reloadTimer: NodeJS.Timeout | null = null;
  let reloading: Promise<void> = Promise.resolve();

  /** Checks the plant's config version; the whole config is read (and resolved) only when it changed. */
  const refresh = async (deps: ServerDeps, plantId: string): Promise<AlarmPlant | null> => {
    const prev = plants.get(plantId);
    const row = (await deps.db.query<{ config: AlarmPlantSource | null; config_version: number }>(
      'SELECT config_version, CASE WHEN config_version = $2 THEN NULL ELSE config END AS config FROM plants WHERE id = $1', [plantId, prev?.version ?? -1],
    )).rows[0];
    const checkedAt = Date.now();
    if (prev && row && prev.version === row.config_version) {
      prev.checkedAt = checkedAt;
      return prev.plant;
    }
    const source = row?.config ? (opts.configOverride ? opts.configOverride(row.config) : row.config) : null;
    const plant = source ? resolveAlarmPlant(source, { demo: deps.env.DEMO_PROFILE }) : null;
    plants.set(plantId, { version: row?.config_version ?? -1, checkedAt, plant });
    return plant;
  };

  /** The plant as configured now; the version is checked at most every `checkMs`, one check at a time. */
  const plantOf = (deps: ServerDeps, plantId: string): Promise<AlarmPlant | null> => {
    const cached = plants.get(plantId);
    if (cached && Date.now() - cached.checkedAt < checkMs) return Promise.resolve(cached.plant);
    let check = checking.get(plantId);
    if (!check) {
      check = refresh(deps, plantId).finally(() => checking.delete(plantId));
      checking.set(plantId, check);
    }
    return check;
  };

  const startRuntime = async (c: AlarmContext, plant: AlarmPlant, pkiFolder: string) => {
    const rt = new PlantAlarmRuntime(c, plant, { tickMs: opts.tickMs ?? 1000, reconcileMs: opts.reconcileMs ?? 5000, pkiFolder });
    runtimes.set(plant.plantId, rt);
    await rt.start();
  };

  /**
   * Leader: a plant whose config changed gets a new runtime (open alarms are restored from the
   * database, as after a change of leader; alarms of removed rules are closed as orphans).
   */
  const reloadChanged = async (deps: ServerDeps, c: AlarmContext, pkiFolder: string) => {
    for (const plantId of await deps.directory.plantIds()) {
      if (!leading) return;
      const plant = await plantOf(deps, plantId);
      const running = runtimes.get(plantId);
      if (running?.plant === plant) continue;
      if (!running && !plant) continue;
      deps.log.info({ plant: plantId }, 'plant config changed: restarting its alarm runtime');
      if (running) {
        runtimes.delete(plantId);
        await running.stop();
      }
      if (plant && leading) await startRuntime(c, plant, pkiFolder);
    }
  };

  return {
    name: 'alarms',
    runtime: (plantId) => runtimes.get(plantId),

    register(deps) {
      const c: AlarmContext = {
        deps,
        holds: createPermitHoldService(deps),
        metrics: new AlarmMetrics(deps.metrics.registry, alarmMetricSources(runtimes)),
        plantOf: (plantId) => plantOf(deps, plantId),
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
        const c = ctx;
        if (!c) throw new Error('alarms module started before register()');
        leading = true;
        const pkiFolder = opts.pkiFolder ?? join(resolve(deps.env.DATA_DIR), 'pki');
        for (const plantId of await deps.directory.plantIds()) {
          const plant = await c.plantOf(plantId);
          if (plant) await startRuntime(c, plant, pkiFolder);
        }
        reloadTimer = setInterval(() => {
          reloading = reloading.then(() => reloadChanged(deps, c, pkiFolder)).catch((err) => deps.log.error({ err }, 'alarm config reload failed'));
        }, checkMs);
        reloadTimer.unref();
      },
      async stop() {
        leading = false;
        if (reloadTimer) clearInterval(reloadTimer);
        await reloading;
        const all = [...runtimes.values()];
        runtimes.clear();
        await Promise.all(all.map((rt) => rt.stop()));
      },
    },
  };
}

/** The module as `allModules()` wires it. */
export const alarmsModule = createAlarmsModule();
