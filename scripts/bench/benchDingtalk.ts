import { ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ACTIONS } from '../../cards/src/actions';
import { encodeActionRef } from '../../cards/src/actionRef';
import { actionRef } from '../../cards/src/model';
import { loadEnv } from '../../server/src/env';
import { createDingtalkModule } from '../../server/src/integrations/dingtalk/dingtalkModule';
import { effects, probeModule, ProbeState } from '../../server/src/integrations/dingtalk/dingtalkProbe';
import { createLogger } from '../../server/src/platform/log';
import type { ServerDeps } from '../../server/src/platform/serverDeps';
import { startServer } from '../../server/src/startServer';
import { DingtalkStreamClient } from '../../bot/src/adapters/dingtalk/streamClient';
import { start as startPeer, DingtalkPeer } from '../sim/dingtalkPeer';
import { cliArgs, fail } from '../lib/cliArgs';
import { freshBenchDatabase } from './benchDb';

const USAGE = `usage: npm run bench:dingtalk -- [--rates 100,200,300,400] [--duration 10] [--db postgres|pglite] [--baseline] [--hold-processing] [--concurrency n]

Card callbacks through the local DingTalk gateway (scripts/sim/dingtalkPeer, run in its own
process like the real gateway) into the whole server path: stream client → frame handler (inbox
INSERT, ack) → inbound pipeline → a command that enqueues the card refresh and writes an evidence
event → the card rebuilt (in the answer when done within the answer budget, else through the
API). Every callback is on a distinct card. For each rate: acknowledged callbacks/s and ack
latency p50/p99 (push → ack, measured at the gateway). The cards belong to the demo people with a
DingTalk id, round robin (processing is ordered per person). Then how long processing took to
catch up and whether every click had exactly one effect. Target: p99 ≤ 50 ms at 300 callbacks/s.
--baseline measures the transport alone (gateway, WebSocket, stream client acking at once, no
server): the floor of what the machine allows. --hold-processing keeps processing waiting until
the last ack (the ack path alone: parse, one INSERT, answer), then lets it catch up.`;

const APP = { clientId: 'bench-ck', clientSecret: 'bench-cs', robotCode: 'bench-rc' };
interface BenchCard { outTrackId: string; subjectId: string; userId: string }
interface StepResult { rate: number; sent: number; acked: number; failed: number; ackedPerSec: number; p50: number; p99: number; max: number }
type ToChild = { type: 'seed'; cards: BenchCard[] } | { type: 'step'; rate: number; seconds: number } | { type: 'stop' };
type FromChild = { type: 'ready'; url: string; gatewayUrl: string } | { type: 'seeded' } | { type: 'step'; result: StepResult } | { type: 'error'; message: string };

const pct = (sorted: number[], p: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
const round = (x: number) => Math.round(x * 10) / 10;

/** Gateway side: pushes `rate` clicks/s for `seconds`, one card each, and waits for every ack. */
async function step(peer: DingtalkPeer, cards: BenchCard[], rate: number, seconds: number): Promise<StepResult> {
  const total = rate * seconds;
  const latencies: number[] = [];
  let failed = 0;
  const pending: Array<Promise<void>> = [];
  const t0 = performance.now();
  let lastAck = t0;
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const c = cards.pop();
    if (!c) throw new Error('ran out of seeded cards');
    const ref = encodeActionRef(actionRef(ACTIONS.noop, 'probe', c.subjectId, 1));
    const sentAt = performance.now();
    pending.push(peer.state.clickCard(c.outTrackId, c.userId, { ref }).then(({ ack }) => {
      lastAck = performance.now();
      if (ack.code === 200) latencies.push(lastAck - sentAt);
      else failed++;
    }, () => { failed++; }));
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  return {
    rate, sent: total, acked: latencies.length, failed, ackedPerSec: round(latencies.length / ((lastAck - t0) / 1000)),
    p50: round(pct(latencies, 50)), p99: round(pct(latencies, 99)), max: round(latencies[latencies.length - 1] ?? NaN),
  };
}

/** The child process: the DingTalk gateway and the load generator. */
async function gatewayChild(): Promise<void> {
  const send = (m: FromChild) => process.send?.(m);
  const peer = await startPeer({ ...APP, pingOnConnect: false, ackWaitMs: 60_000 });
  let cards: BenchCard[] = [];
  process.on('message', (m: ToChild) => {
    void (async () => {
      if (m.type === 'seed') {
        cards = m.cards;
        for (const c of cards) {
          peer.state.cards.set(c.outTrackId, {
            outTrackId: c.outTrackId, cardTemplateId: 'bench.schema', openSpaceId: `dtv1.card//IM_ROBOT.${c.userId}`, spaceType: 'IM_ROBOT', spaceId: c.userId,
            callbackType: 'STREAM', cardData: {}, privateData: {}, apiUpdates: 0, callbackUpdates: 0, createdAt: new Date(),
          });
        }
        send({ type: 'seeded' });
      } else if (m.type === 'step') {
        send({ type: 'step', result: await step(peer, cards, m.rate, m.seconds) });
      } else {
        await peer.stop();
        process.exit(0);
      }
    })().catch((err: unknown) => send({ type: 'error', message: String(err) }));
  });
  send({ type: 'ready', url: peer.url, gatewayUrl: peer.gatewayUrl });
}

function ask(child: ChildProcess, m: ToChild | null, want: FromChild['type']): Promise<FromChild> {
  return new Promise((resolve, reject) => {
    const on = (r: FromChild) => {
      if (r.type === 'error') reject(new Error(r.message));
      else if (r.type === want) resolve(r);
      else return;
      child.off('message', on);
    };
    child.on('message', on);
    if (m) child.send(m);
  });
}

/** Server side: rows in sent_messages for cards "delivered" to the demo people on DingTalk, round robin. */
async function seedCards(deps: ServerDeps, n: number): Promise<BenchCard[]> {
  const plantId = (await deps.directory.plantIds())[0];
  const people = (await deps.directory.people(plantId)).filter((p) => p.messengerIds.dingtalk);
  if (people.length === 0) throw new Error('no demo person has a DingTalk id');
  const cards = Array.from({ length: n }, (_, i) => ({ outTrackId: `d-${randomUUID()}`, subjectId: randomUUID(), person: people[i % people.length] }));
  for (let i = 0; i < cards.length; i += 1000) {
    const chunk = cards.slice(i, i + 1000);
    await deps.db.query(
      `INSERT INTO sent_messages (id, plant_id, delivery_id, platform, target, sent_ref, card_kind, subject_type, subject_id)
       SELECT gen_random_uuid(), $1, t.o, 'dingtalk', t.target::jsonb, jsonb_build_object('platform', 'dingtalk', 'ref', jsonb_build_object('type', 'card', 'outTrackId', t.o, 'userId', t.u)),
              'probe.card', 'probe', t.s FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS t(o, s, u, target)`,
      [
        plantId, chunk.map((c) => c.outTrackId), chunk.map((c) => c.subjectId), chunk.map((c) => c.person.messengerIds.dingtalk),
        chunk.map((c) => JSON.stringify({ kind: 'person', plantId, platform: 'dingtalk', personId: c.person.id, userId: c.person.messengerIds.dingtalk, locale: c.person.locale })),
      ],
    );
  }
  return cards.map((c) => ({ outTrackId: c.outTrackId, subjectId: c.subjectId, userId: c.person.messengerIds.dingtalk }));
}

async function main(): Promise<void> {
  const { values } = cliArgs({ rates: { type: 'string' }, duration: { type: 'string' }, db: { type: 'string' }, baseline: { type: 'boolean' }, 'hold-processing': { type: 'boolean' }, concurrency: { type: 'string' } }, USAGE);
  const rates = (values.rates ?? '100,200,300,400').split(',').map(Number);
  const seconds = Number(values.duration ?? 10);
  const db = values.db ?? 'postgres';
  if (rates.some((r) => !Number.isInteger(r) || r < 1) || !Number.isInteger(seconds) || seconds < 1 || !['postgres', 'pglite'].includes(db)) fail(USAGE, 2);

  const child = fork(__filename, ['--gateway-child'], { execArgv: ['--require', 'tsx/cjs'], stdio: 'inherit' });
  const ready = (await ask(child, null, 'ready')) as Extract<FromChild, { type: 'ready' }>;
  if (values.baseline) return baseline(child, ready, rates, seconds);
  const dataDir = mkdtempSync(join(tmpdir(), 'anquan-bench-dingtalk-'));
  const url = db === 'postgres' ? await freshBenchDatabase('anquan_bench_dingtalk') : undefined;
  const env = loadEnv({
    ...(url ? { DATABASE_URL: url, DATABASE_POOL_MAX: '20' } : {}),
    DATA_DIR: dataDir, PLANT_DIR: join(__dirname, '..', '..', 'server', 'plants'), APP_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    PORT: '0', LOG_LEVEL: 'warn', SANDBOX: '0', JOB_POLL_SECONDS: '1',
    DINGTALK_CLIENT_ID: APP.clientId, DINGTALK_CLIENT_SECRET: APP.clientSecret, DINGTALK_ROBOT_CODE: APP.robotCode, DINGTALK_CARD_TEMPLATE_ID: 'bench.schema',
    DINGTALK_API_BASE: ready.url, DINGTALK_OAPI_BASE: ready.url, DINGTALK_GATEWAY_URL: ready.gatewayUrl,
  });
  const probe: ProbeState = { events: [], gate: null };
  const server = await startServer({ env, listen: false, logger: createLogger('warn'), modules: [createDingtalkModule({ stream: { keepAliveMs: 0 }, frames: values.concurrency ? { concurrency: Number(values.concurrency) } : {} }), probeModule(probe)] });
  try {
    const health = async () => ((await server.deps.health.report()).components.dingtalk ?? { state: 'none' });
    for (let i = 0; (await health()).state !== 'connected'; i++) {
      if (i > 100) throw new Error('the stream did not connect');
      await new Promise((r) => setTimeout(r, 100));
    }
    const cards = await seedCards(server.deps, rates.reduce((s, r) => s + r * seconds, 0) + 200);
    await ask(child, { type: 'seed', cards }, 'seeded');
    const run = async (rate: number, secs: number) => ((await ask(child, { type: 'step', rate, seconds: secs }, 'step')) as Extract<FromChild, { type: 'step' }>).result;
    const warm = await run(50, 2); // JIT, pool connections, directory cache; not reported
    let release: () => void = () => undefined;
    if (values['hold-processing']) probe.gate = new Promise<void>((r) => { release = r; });
    const results: StepResult[] = [];
    const loopDelay: string[] = [];
    for (const rate of rates) {
      // The server process's event-loop delay during the step: what the ack path waited for the CPU.
      const h = monitorEventLoopDelay({ resolution: 5 });
      h.enable();
      results.push(await run(rate, seconds));
      h.disable();
      loopDelay.push(`${rate}/s p99 ${round(h.percentile(99) / 1e6)} ms, max ${round(h.max / 1e6)} ms`);
      probe.events.length = 0;
    }
    release();
    const acked = warm.acked + results.reduce((s, r) => s + r.acked, 0);
    const t0 = performance.now();
    while ((await effects(server.deps, 'probe.clicked')) < acked && performance.now() - t0 < 600_000) await new Promise((r) => setTimeout(r, 250));
    const caughtUp = round((performance.now() - t0) / 1000);
    const clicked = await effects(server.deps, 'probe.clicked');
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const mode = values['hold-processing'] ? ', processing held until the last ack' : '';
    report(`DingTalk card callbacks through the local gateway (${db}, ${seconds} s per rate, one distinct card per callback${mode})`, results);
    out(`server event-loop delay: ${loopDelay.join('; ')}`);
    out(`processing caught up ${caughtUp} s after the last ack; effects ${clicked} for ${acked} acked clicks → ${clicked === acked ? 'exactly one effect per click' : 'MISMATCH'}`);
    const at300 = results.find((r) => r.rate === 300);
    if (at300) out(`target p99 ≤ 50 ms at 300/s: ${at300.p99 <= 50 && at300.failed === 0 ? 'met' : 'NOT met'} (p99 ${at300.p99} ms)`);
  } finally {
    child.send({ type: 'stop' } satisfies ToChild);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(title: string, results: StepResult[]): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`\n${title}`);
  out('rate/s  sent   acked  failed  acked/s  p50 ms  p99 ms  max ms');
  for (const r of results) {
    out(`${String(r.rate).padStart(6)}  ${String(r.sent).padStart(5)}  ${String(r.acked).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.ackedPerSec).padStart(7)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ${String(r.max).padStart(6)}`);
  }
}

/** Transport only: a bare stream client that acks every frame at once. */
async function baseline(child: ChildProcess, ready: Extract<FromChild, { type: 'ready' }>, rates: number[], seconds: number): Promise<void> {
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const client = new DingtalkStreamClient({ clientId: APP.clientId, clientSecret: APP.clientSecret, gatewayUrl: ready.gatewayUrl, logger: quiet, keepAliveMs: 0 });
  client.onFrame(async () => null);
  await client.connect();
  try {
    const cards = Array.from({ length: rates.reduce((s, r) => s + r * seconds, 0) + 200 }, () => ({ outTrackId: `d-${randomUUID()}`, subjectId: randomUUID(), userId: 'u' }));
    await ask(child, { type: 'seed', cards }, 'seeded');
    const results: StepResult[] = [];
    await ask(child, { type: 'step', rate: 50, seconds: 2 }, 'step');
    for (const rate of rates) results.push(((await ask(child, { type: 'step', rate, seconds }, 'step')) as Extract<FromChild, { type: 'step' }>).result);
    report(`Transport baseline: gateway → WebSocket → stream client acking at once (no server), ${seconds} s per rate`, results);
  } finally {
    child.send({ type: 'stop' } satisfies ToChild);
    await client.stop(0);
  }
}

if (process.argv.includes('--gateway-child')) void gatewayChild();
else main().catch((err) => fail(`bench:dingtalk: ${(err as Error).stack ?? String(err)}`));
