/**
 * `npm run bench:dcs`: the simulated DCS publishes N tags at H Hz to a real server (child process,
 * embedded database) for S seconds while a steady trickle of tags trips its high-limit rule. Prints
 * readings/s processed, server CPU and memory, the alarm-event backlog, and the latency from the
 * sample that completes a sustain window to the alarm card being handed to the messenger (p50/p99,
 * measured inside the server), plus the end-to-end time until the card shows up in the Sandbox.
 *
 * Flags: --tags 5000 --seconds 300 --hz 1 --trips-per-min 30 --sustain 2
 *        --database-url postgres://… (an empty database; default: the embedded one) --log-level debug
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { parse, stringify } from 'yaml';
import { cliArgs } from '../lib/cliArgs';
import { start as startDcs } from '../sim/opcuaServer';
import { freePort, latencyStats, metric, windowQuantile, type MetricSample } from './benchDcsStats';

const USAGE = 'usage: npm run bench:dcs -- [--tags 5000] [--seconds 300] [--hz 1] [--trips-per-min 30] [--sustain 2] [--database-url postgres://…] [--log-level debug]';
const { values: f } = cliArgs(
  { tags: { type: 'string' }, seconds: { type: 'string' }, hz: { type: 'string' }, 'trips-per-min': { type: 'string' }, sustain: { type: 'string' }, 'log-level': { type: 'string' }, 'database-url': { type: 'string' } },
  USAGE,
);
const N = Number(f.tags ?? 5000);
const SECONDS = Number(f.seconds ?? 300);
const HZ = Number(f.hz ?? 1);
const TRIPS_PER_MIN = Number(f['trips-per-min'] ?? 30);
const SUSTAIN = Number(f.sustain ?? 2);
const ROOT = join(__dirname, '..', '..');
const log = (m: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

/** The demo plant with its dcs section replaced by N tags (spread over the units) and one high-limit rule each. */
function benchPlant(url: string): string {
  const plant = parse(readFileSync(join(ROOT, 'server', 'plants', 'demo-plant.yaml'), 'utf8'));
  const units: Array<{ key: string; areaKey: string }> = plant.units;
  const tags = Array.from({ length: N }, (_, i) => ({ tagId: `B-${i}`, nodeId: `ns=1;s=B-${i}.PV`, name: `测点 B-${i}`, unitKey: units[i % units.length].key, uom: '℃', samplingIntervalMs: Math.round(1000 / HZ) }));
  plant.dcs = {
    opcua: [{ id: 'bench_dcs', url, publishingIntervalMs: 250, tags }],
    rules: tags.map((t, i) => ({ id: `b_${i}`, tagId: t.tagId, kind: 'high', limit: 100, sustainSeconds: SUSTAIN, deadband: 2, clearSeconds: 1, severity: 'high' })),
    responsible: [...new Set(units.map((u) => u.areaKey))].map((areaKey) => ({ areaKey, roles: ['shift_leader'] })),
    // Every alarm gets its own card: the benchmark measures the card path, not the digest.
    storm: { maxCardsPerPerson: 1000, windowSeconds: 5 },
  };
  delete plant.weather;
  return stringify(plant);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'anquan-bench-dcs-'));
  const plantDir = join(dir, 'plants');
  const dataDir = join(dir, 'data');
  rmSync(plantDir, { recursive: true, force: true });
  mkdirSync(plantDir, { recursive: true });
  const simPort = await freePort();
  const httpPort = await freePort();
  const sim = await startDcs({
    port: simPort, tickMs: Math.round(1000 / HZ), pkiFolder: join(dir, 'sim-pki'),
    tags: Array.from({ length: N }, (_, i) => ({ nodeId: `s=B-${i}.PV`, browseName: `B${i}`, initial: 50 })),
    scenario: [{ kind: 'noise', amplitude: 2 }],
  });
  writeFileSync(join(plantDir, 'bench-plant.yaml'), benchPlant(sim.endpointUrl));
  log(`simulated DCS: ${N} tags at ${HZ} Hz on ${sim.endpointUrl}; starting the server (child process)`);
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'server', 'src', 'main.ts')], {
    env: {
      PLANT_DIR: plantDir, DATA_DIR: dataDir, PORT: String(httpPort), HOST: '127.0.0.1', SANDBOX: '1', LOG_LEVEL: f['log-level'] ?? 'warn', JOB_POLL_SECONDS: '1', HOME: dir,
      // PostgreSQL instead of the embedded database: an empty database the benchmark may fill.
      ...(f['database-url'] ? { DATABASE_URL: f['database-url'], APP_SECRET: 'bench-dcs-secret-bench-dcs-secret-0123456789' } : {}),
    },
    stdio: ['ignore', f['log-level'] ? 'inherit' : 'ignore', 'inherit'],
  });
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const base = `http://127.0.0.1:${httpPort}`;
  const http = axios.create({ baseURL: base, timeout: 10_000, validateStatus: () => true });
  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const until = async (what: string, cond: () => Promise<boolean>, ms: number) => {
      const end = Date.now() + ms;
      while (!(await cond().catch(() => false))) {
        if (exited !== null) throw new Error(`the server exited (code ${exited}) while waiting for ${what}`);
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    await until('the server', async () => (await http.get('/healthz')).status === 200, 180_000);
    await until('OPC UA connected', async () => (await http.get('/readyz')).data.components.opcua?.state === 'up', 180_000);
    const scrape = async (): Promise<MetricSample> => metric((await http.get('/metrics')).data as string);
    await until('readings flowing', async () => (await scrape()).readings > N, 120_000);

    const people = (await http.get('/sandbox/api/people')).data.plants[0];
    const sessions = await Promise.all(['liqiang', 'zhengtao'].map(async (key) => {
      const person = people.people.find((p: { key: string }) => p.key === key);
      const r = await http.post('/sandbox/api/session', { plantId: people.id, personId: person.id });
      return { key, dm: `dm:${person.id}`, auth: { Authorization: `Bearer ${r.data.token}` }, after: 0 };
    }));
    for (const s of sessions) s.after = Math.max(0, ...((await http.get('/sandbox/api/poll?after=0', { headers: s.auth })).data.messages as Array<{ rev: number }>).map((m) => m.rev));

    // Warm-up: the first alarm pays one-off costs (chart renderer, first queries); it is not measured.
    sim.setValue(`s=B-${N - 1}.PV`, 120);
    await until('the warm-up alarm card', async () => (await scrape()).latencyCount >= 1, 60_000);
    sim.setValue(`s=B-${N - 1}.PV`, 50);
    log(`measuring for ${SECONDS} s: ${TRIPS_PER_MIN} trips/min, sustain ${SUSTAIN} s`);
    const first = await scrape();
    const samples: MetricSample[] = [first];
    const trips = new Map<string, number>();
    const e2e: number[] = [];
    const seenCards = new Set<number>();
    let next = 0;
    const t0 = Date.now();
    const tripEvery = 60_000 / TRIPS_PER_MIN;
    let nextTrip = t0 + 2000;
    while (Date.now() - t0 < SECONDS * 1000) {
      const now = Date.now();
      if (now >= nextTrip && next < N - 1) {
        const tag = `B-${next++}`;
        sim.setValue(`s=${tag}.PV`, 120);
        trips.set(tag, now);
        setTimeout(() => sim.setValue(`s=${tag}.PV`, 50), (SUSTAIN + 4) * 1000);
        nextTrip += tripEvery;
      }
      for (const s of sessions) {
        const msgs = (await http.get(`/sandbox/api/poll?after=${s.after}`, { headers: s.auth })).data.messages as Array<{ id: number; rev: number; conversation: string; kind: string; body: { kind?: string; subtitle?: string } }>;
        for (const m of msgs) {
          s.after = Math.max(s.after, m.rev);
          // A card updated in place comes back with a new rev: count each card once.
          if (seenCards.has(m.id)) continue;
          seenCards.add(m.id);
          const tag = m.kind === 'card' && m.body.kind === 'alarm.card' && m.conversation === s.dm ? m.body.subtitle?.split(' · ')[1] : undefined;
          const at = tag ? trips.get(tag) : undefined;
          if (at !== undefined) e2e.push(Date.now() - at - SUSTAIN * 1000);
        }
      }
      if (Date.now() - samples[samples.length - 1].at >= 5000) samples.push(await scrape());
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, (SUSTAIN + 3) * 1000));
    const last = await scrape();
    samples.push(last);
    const dt = (last.at - first.at) / 1000;
    const ms = (s: number | null) => (s === null ? 'n/a' : `${(s * 1000).toFixed(0)} ms`);
    const rss = samples.map((s) => s.rssBytes);
    const depth = samples.map((s) => s.queueDepth);
    const half = Math.floor(samples.length / 2);
    process.stdout.write(`
DCS benchmark: ${N} tags × ${HZ} Hz for ${Math.round(dt)} s, ${trips.size} alarms tripped (sustain ${SUSTAIN} s)
  readings processed      ${((last.readings - first.readings) / dt).toFixed(0)} /s (offered ${N * HZ} /s); rejected ${last.rejected - first.rejected}
  server CPU              ${(((last.cpuSeconds - first.cpuSeconds) / dt) * 100).toFixed(0)} % of one core
  server memory (RSS)     start ${(rss[0] / 2 ** 20).toFixed(0)} MiB, max ${(Math.max(...rss) / 2 ** 20).toFixed(0)} MiB, end ${(rss[rss.length - 1] / 2 ** 20).toFixed(0)} MiB
  event-loop lag p99      ${(Math.max(...samples.map((x) => x.loopLagP99)) * 1000).toFixed(1)} ms (worst 5 s window)
  alarm event backlog     max ${Math.max(...depth)}, first half max ${Math.max(...depth.slice(0, half))}, second half max ${Math.max(...depth.slice(half))}, end ${depth[depth.length - 1]}
  alarms raised           ${last.alarmsRaised - first.alarmsRaised}; cards handed to the messenger ${last.latencyCount - first.latencyCount}
  completing sample → card handed to messenger (server):   p50 ${ms(windowQuantile(first.latencyBuckets, last.latencyBuckets, 0.5))}, p99 ${ms(windowQuantile(first.latencyBuckets, last.latencyBuckets, 0.99))}
  raise transaction (row, evidence, chart, holds, cards):   p50 ${ms(windowQuantile(first.raiseBuckets, last.raiseBuckets, 0.5))}, p99 ${ms(windowQuantile(first.raiseBuckets, last.raiseBuckets, 0.99))}
  trip + sustain → card visible in the Sandbox (end to end): ${latencyStats(e2e)} (includes OPC UA sampling/publishing and 200 ms polling)
`);
  } finally {
    await stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
