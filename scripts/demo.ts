/**
 * `npm run demo`: the server with the demo plant, a simulated DCS (OPC UA on 48400), a CAP weather
 * feed (48401) and gas detectors publishing to the local Mosquitto (1883), in the DEMO profile (a
 * minute of alarm time passes in a second). Within a minute the Sandbox shows:
 *   ~10 s  R-101 温度 above setpoint + 5 ℃ → alarm cards (李强, 王芳, 赵磊), the synthesis unit's
 *          permit held, its crew evacuated;
 *   ~20-35 s  a thunderstorm (雷电黄色预警) → the outdoor permit in the tank farm held, crew evacuated;
 *   ~30 s  GT-301 at 32 %LEL in the tank farm → gas alarm cards (郑涛, 黄敏, 何平).
 * (times after the server is up; start-up itself takes 15-45 s depending on the machine)
 * The warning is cancelled at ~3 min and the holds it placed are released; R-101 returns to normal at
 * ~2.5 min, so an acknowledged alarm closes and releases its hold.
 *
 * Flags: --port 3000  --data data/demo  --keep (keep the previous database)  --mqtt mqtt://127.0.0.1:1883
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import mqtt, { MqttClient } from 'mqtt';
import { loadEnv } from '../server/src/env';
import { allModules } from '../server/src/modules';
import { createLogger } from '../server/src/platform/log';
import { startServer } from '../server/src/startServer';
import { seedApprovedPermit } from './demoPermits';
import { cliArgs, fail } from './lib/cliArgs';
import { start as startCapFeed } from './sim/capFeed';
import { start as startDcs } from './sim/opcuaServer';

const USAGE = 'usage: npm run demo -- [--port 3000] [--data data/demo] [--keep] [--mqtt mqtt://127.0.0.1:1883]';
const { values: flags } = cliArgs({ port: { type: 'string' }, data: { type: 'string' }, keep: { type: 'boolean' }, mqtt: { type: 'string' } }, USAGE);
const PLANT = 'jiangning-fine-chem';
const TAGS = [
  { nodeId: 's=R-101.TI', browseName: 'R101_TI', initial: 80, unit: '℃' },
  { nodeId: 's=R-101.PI', browseName: 'R101_PI', initial: 0.32, unit: 'MPa' },
  { nodeId: 's=R-102.TI', browseName: 'R102_TI', initial: 65, unit: '℃' },
  { nodeId: 's=T-201.TI', browseName: 'T201_TI', initial: 88, unit: '℃' },
  { nodeId: 's=V-301.LI', browseName: 'V301_LI', initial: 55, unit: '%' },
];

const started = Date.now();
const say = (msg: string) => process.stdout.write(`[+${String(Math.round((Date.now() - started) / 1000)).padStart(3)}s] ${msg}\n`);

/** R-101 temperature over the demo: 80 ℃, ramp to 89 ℃ from 3 s, hold, back to 80 ℃ from 140 s. */
function r101(t: number): number {
  if (t < 3) return 80;
  if (t < 12) return 80 + (t - 3);
  if (t < 140) return 89;
  if (t < 160) return 89 - (t - 140) * 0.45;
  return 80;
}

async function main(): Promise<void> {
  const dataDir = resolve(flags.data ?? 'data/demo');
  if (!flags.keep) rmSync(join(dataDir, 'pg'), { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const env = loadEnv({ PORT: flags.port ?? '3000', DATA_DIR: dataDir, SANDBOX: '1', DEMO_PROFILE: '1', LOG_LEVEL: 'warn', JOB_POLL_SECONDS: '0.5' });
  // The simulators and the server start together: the server retries the DCS until it answers.
  const [dcs, feed, server] = await Promise.all([
    startDcs({ port: 48400, tags: TAGS, pkiFolder: join(dataDir, 'sim-pki'), scenario: TAGS.map((t) => ({ kind: 'noise' as const, amplitude: t.initial * 0.003, nodeId: t.nodeId })) }).catch((err: Error) =>
      fail(`cannot start the simulated DCS on port 48400 (${err.message}); is another demo running?`),
    ),
    startCapFeed({ port: 48401 }).catch((err: Error) => fail(`cannot start the CAP feed on port 48401 (${err.message})`)),
    startServer({ env, modules: allModules(), logger: createLogger(env.LOG_LEVEL) }),
  ]);
  say(`simulated DCS at ${dcs.endpointUrl}, CAP feed at ${feed.url}/cap/feed.atom`);
  const { deps } = server;
  say(`server at ${server.url}: open ${server.url}/sandbox and pick 李强 (R-101 alarm), 郑涛 (gas alarm) or 徐林 / 吴秀英 (evacuation cards)`);

  const permits = [
    await seedApprovedPermit(deps, PLANT, { areaKey: 'synthesis', unitKey: 'synthesis_1', outdoor: false, content: 'R-101 夹套法兰更换垫片', site: 'R-101 东侧平台', applicant: 'liqiang', worker: 'zhangwei', guardian: 'xulin' }),
    await seedApprovedPermit(deps, PLANT, { areaKey: 'tank_farm', unitKey: 'tank_group_a', outdoor: true, content: 'V-301 罐顶护栏焊接', site: 'V-301 罐顶', applicant: 'zhengtao', worker: 'wuxiuying', guardian: 'heping' }),
  ];
  say(`approved permits seeded: ${permits.join(', ')} (synthesis unit 1, tank farm outdoor)`);

  let publisher: MqttClient | null = null;
  try {
    publisher = await mqtt.connectAsync(flags.mqtt ?? 'mqtt://127.0.0.1:1883', { clientId: `anquan-demo-${process.pid}`, connectTimeout: 3000, reconnectPeriod: 0 });
  } catch (err) {
    say(`no MQTT broker (${(err as Error).message}): the gas detectors stay silent (install/start mosquitto to see them)`);
  }

  const jitter = (v: number, a: number) => v + (Math.random() - 0.5) * 2 * a;
  const scenarioStart = Date.now();
  let warned = false;
  let cancelled = false;
  const timer = setInterval(() => {
    const t = (Date.now() - scenarioStart) / 1000;
    dcs.setValue('s=R-101.TI', Number(jitter(r101(t), 0.15).toFixed(2)));
    if (publisher) {
      const ts = new Date().toISOString();
      const lel = t >= 30 && t < 60 ? jitter(32, 1) : jitter(6, 1);
      void publisher.publishAsync('anquan/demo/gas/GT-301/reading', JSON.stringify({ value: Number(lel.toFixed(1)), ts, status: 'ok' }));
      void publisher.publishAsync('anquan/demo/gas/GT-101/reading', JSON.stringify({ value: Number(jitter(4, 1).toFixed(1)), ts, status: 'ok' }));
      void publisher.publishAsync('anquan/demo/wind/WS-001', jitter(3.5, 0.5).toFixed(1));
    }
    if (!warned && t >= 20) {
      warned = true;
      feed.add({ identifier: `demo-thunder-${started}`, event: '雷电', level: 'yellow', sender: '江宁区气象台', areaDesc: '江宁区', expires: new Date(Date.now() + 40 * 60_000) });
      say('CAP feed: 江宁区气象台发布雷电黄色预警 (picked up within one poll, 15 s)');
    }
    if (!cancelled && t >= 180) {
      cancelled = true;
      feed.cancel(`demo-thunder-${started}`);
      say('CAP feed: the thunderstorm warning is cancelled');
    }
  }, 1000);

  const seen = new Map<string, string>();
  const watch = setInterval(() => {
    void (async () => {
      const alarms = await deps.db.query<{ code: string; label: string; trigger_value: number; uom: string | null; status: string; held: number }>(
        `SELECT code, label, trigger_value, uom, CASE WHEN closed_at IS NOT NULL THEN 'closed' WHEN acked_at IS NOT NULL THEN 'acknowledged'
           WHEN condition = 'cleared' THEN 'cleared' ELSE 'active' END AS status, cardinality(held_permit_ids) AS held FROM alarms WHERE plant_id = $1`,
        [PLANT],
      );
      for (const a of alarms.rows) {
        if (seen.get(a.code) === a.status) continue;
        seen.set(a.code, a.status);
        say(`alarm ${a.code} ${a.label} ${Number(a.trigger_value.toPrecision(4))}${a.uom ?? ''}: ${a.status}${a.status === 'active' ? `, ${a.held} permit(s) held` : ''}`);
      }
      const warnings = await deps.db.query<{ identifier: string; status: string; event: string; held: number }>(
        `SELECT identifier, status, event, cardinality(held_permit_ids) AS held FROM weather_warnings WHERE plant_id = $1 AND status <> 'ignored'`,
        [PLANT],
      );
      for (const w of warnings.rows) {
        if (seen.get(w.identifier) === w.status) continue;
        seen.set(w.identifier, w.status);
        say(`weather ${w.event || w.identifier}: ${w.status}${w.status === 'active' ? `, ${w.held} permit(s) held` : ''}`);
      }
    })().catch((err: unknown) => say(`watch failed: ${(err as Error).message}`));
  }, 2000);

  const stop = async () => {
    clearInterval(timer);
    clearInterval(watch);
    say('stopping');
    await server.stop();
    await publisher?.endAsync();
    await dcs.stop();
    await feed.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => fail(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
