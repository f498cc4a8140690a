import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Koa from 'koa';
import { encodeActionRef } from '../../cards/src/actionRef';
import { ACTIONS } from '../../cards/src/actions';
import { loadEnv } from '../../server/src/env';
import { wecomModule } from '../../server/src/integrations/wecom/wecomModule';
import { appendEvidence } from '../../server/src/platform/evidence/evidenceChain';
import { createLogger } from '../../server/src/platform/log';
import type { ServerModule } from '../../server/src/platform/serverDeps';
import { startServer, type RunningServer } from '../../server/src/startServer';
import { start as startPeer, type WecomPeer } from '../sim/wecomPeer';
import { cliArgs } from '../lib/cliArgs';
import { openLoop } from './openLoop';
import { freshBenchDatabase } from './benchDb';

const USAGE = `usage: npm run bench:wecom -- [--rate 300] [--duration 20] [--connections 32] [--steps 300,450,600,800,1000,1300,1600,2000] [--step-duration 10] [--answer-only]

Encrypted card-click callbacks, each on a distinct card, against the server on PostgreSQL:
the callback answer (verify, decrypt, parse, dedupe, job insert) and the processing behind it
(sender lookup, command: state change + evidence + job insert), first at a fixed rate, then
stepping the rate up to the highest whose callback p99 stays ≤ 100 ms; a bare Koa endpoint runs
in the same process and run for comparison. --answer-only stops the job workers, to measure the
callback answer alone (the clicks then stay queued).`;

const CORP = 'wwbench000000001';
const AGENT = 1000002;

/** The click's command: one row changes state, one evidence event, one job, in one transaction. */
const benchModule: ServerModule = {
  name: 'bench-wecom',
  register(deps) {
    deps.jobs.register('bench-wecom-noop', async () => undefined, { batchSize: 50 });
    deps.commands.register('bench.click', {
      async run({ tx, principal, event }) {
        const id = event.action?.subjectId ?? '';
        const r = await tx.query("UPDATE bench_cards SET state = 'clicked', clicked_at = clock_timestamp() WHERE id = $1 AND state = 'open'", [id]);
        if (r.rowCount === 0) return;
        await deps.jobs.send(tx, 'bench-wecom-noop', { id });
        await appendEvidence(tx, { plantId: principal.plantId, kind: 'bench.clicked', subjectType: 'bench', subjectId: id, actor: { type: 'person', id: principal.personId as string, via: 'wecom' }, occurredAt: deps.now(), data: {} });
      },
    });
    deps.router.onAction(ACTIONS.noop, async (event, bus) => void (await bus.execute(event, 'bench.click', {})));
  },
};

interface Prepared { path: string; body: string; id: string }
interface Figures { label: string; rps: number; p50: number; p99: number; non2xx: number; errors: number; sent: number }

/** Pre-builds `n` signed, encrypted clicks on distinct cards (crypto is not the client's cost to measure). */
async function prepare(server: RunningServer, peer: WecomPeer, senders: string[], tag: string, n: number): Promise<Prepared[]> {
  await server.deps.db.query("INSERT INTO bench_cards (id, state) SELECT $1::text || g, 'open' FROM generate_series(0, $2::int - 1) g", [tag, n]);
  const out: Prepared[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${tag}${i}`;
    const key = encodeActionRef({ action: ACTIONS.noop, subjectType: 'bench', subjectId: id, cardVersion: 1 });
    const req = peer.state.buildCallback({ kind: 'template_card_event', from: senders[i % senders.length], taskId: `${key}@b`, eventKey: key });
    out.push({ path: `/wecom/callback?${req.queryString}`, body: req.body, id });
  }
  return out;
}

/** A fixed rate runs open loop (evenly spaced; see openLoop.ts); no rate = autocannon's closed-loop max. */
async function fire(label: string, url: string, list: Prepared[] | null, opts: { rate?: number; duration: number; connections: number }, sentAt: Map<string, number>): Promise<Figures> {
  let next = 0;
  if (opts.rate) {
    const target = new URL(url);
    const f = await openLoop({
      label, origin: target.origin, rate: opts.rate, durationS: opts.duration, sockets: opts.connections,
      request: () => {
        if (!list) return { method: 'GET', path: target.pathname };
        const c = list[next++ % list.length];
        sentAt.set(c.id, Date.now());
        return { method: 'POST', path: c.path, body: c.body, headers: { 'content-type': 'text/xml' } };
      },
    });
    return { label, rps: f.rps, p50: f.p50, p99: f.p99, non2xx: f.non2xx, errors: f.errors, sent: f.sent };
  }
  const r = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.duration,
    ...(list
      ? {
          requests: [{
            setupRequest: (req: autocannon.Request) => {
              const c = list[next++ % list.length];
              sentAt.set(c.id, Date.now());
              return { ...req, method: 'POST', path: c.path, body: c.body, headers: { 'content-type': 'text/xml' } };
            },
          }],
        }
      : {}),
  });
  return { label, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, sent: r.requests.total };
}

/** Waits until every click of `tag` was processed; returns the end-to-end lags (send → state change) in ms. */
async function drain(server: RunningServer, tag: string, sentAt: Map<string, number>, expected: number): Promise<{ lags: number[]; drainedMs: number }> {
  const t0 = Date.now();
  if (expected <= 0) return { lags: [], drainedMs: 0 };
  let rows: Array<{ id: string; at: Date }> = [];
  while (Date.now() - t0 < 180_000) {
    rows = (await server.deps.db.query<{ id: string; at: Date }>('SELECT id, clicked_at AS at FROM bench_cards WHERE id LIKE $1 AND clicked_at IS NOT NULL', [`${tag}%`])).rows;
    if (rows.length >= expected) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const lags = rows.map((r) => r.at.getTime() - (sentAt.get(r.id) ?? r.at.getTime())).sort((a, b) => a - b);
  return { lags, drainedMs: Date.now() - t0 };
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function main(): Promise<void> {
  const { values } = cliArgs({ rate: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' }, steps: { type: 'string' }, 'step-duration': { type: 'string' }, 'answer-only': { type: 'boolean' } }, USAGE);
  const answerOnly = values['answer-only'] === true;
  const rate = Number(values.rate ?? 300);
  const duration = Number(values.duration ?? 20);
  const connections = Number(values.connections ?? 32);
  const stepDuration = Number(values['step-duration'] ?? 10);
  const steps = (values.steps ?? '300,450,600,800,1000,1300,1600,2000').split(',').map(Number);
  const url = await freshBenchDatabase('anquan_bench_wecom');
  const peer = await startPeer({ corpId: CORP, agentId: AGENT, secret: 'bench-secret' });
  const dataDir = mkdtempSync(join(tmpdir(), 'anquan-bench-'));
  const env = loadEnv({
    DATABASE_URL: url, DATA_DIR: dataDir, PLANT_DIR: join(__dirname, '..', '..', 'server', 'plants'), APP_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    PORT: '0', LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '20', SANDBOX: '0', JOB_POLL_SECONDS: '0.5',
    WECOM_CORP_ID: CORP, WECOM_AGENT_ID: String(AGENT), WECOM_SECRET: 'bench-secret', WECOM_TOKEN: peer.state.crypto.token,
    WECOM_ENCODING_AES_KEY: peer.state.crypto.encodingAesKey, WECOM_API_BASE: peer.url, WECOM_TIMESTAMP_WINDOW_SECONDS: '3600',
  });
  const server = await startServer({ env, modules: [wecomModule, benchModule], logger: createLogger('warn'), work: !answerOnly });
  await server.deps.db.exec('CREATE TABLE bench_cards (id text PRIMARY KEY, state text NOT NULL, clicked_at timestamptz)');
  const bare = new Koa();
  bare.use(async (ctx) => {
    ctx.body = '';
  });
  const bareServer = bare.listen(0);
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as { port: number }).port}/`;
  const sentAt = new Map<string, number>();
  const out = (s: string) => process.stdout.write(s);
  const row = (f: Figures) => `${f.label.padEnd(30)}${String(f.rps).padStart(7)}${String(f.p50).padStart(8)}${String(f.p99).padStart(8)}${String(f.non2xx + f.errors).padStart(8)}`;
  try {
    const plantId = (await server.deps.directory.plantIds())[0];
    const senders = (await server.deps.directory.people(plantId)).map((p) => p.messengerIds.wecom).filter((u): u is string => Boolean(u));
    const base = server.url as string;

    const warm = await fire('warm-up', base, await prepare(server, peer, senders, 'w', 2000), { rate: 200, duration: 3, connections }, sentAt);
    await drain(server, 'w', sentAt, answerOnly ? 0 : warm.sent - warm.non2xx);

    const fixedList = await prepare(server, peer, senders, 'f', Math.ceil(rate * duration * 1.1) + connections);
    const bareFixed = await fire(`bare Koa @ ${rate}/s`, bareUrl, null, { rate, duration, connections }, sentAt);
    const fixed = await fire(`WeCom click @ ${rate}/s`, base, fixedList, { rate, duration, connections }, sentAt);
    const fixedDrain = await drain(server, 'f', sentAt, answerOnly ? 0 : fixed.sent - fixed.non2xx);

    const stepped: Array<Figures & { lagP99: number; processed: number; drainedMs: number }> = [];
    for (const [i, r] of steps.entries()) {
      const tag = `s${i}_`;
      const list = await prepare(server, peer, senders, tag, Math.ceil(r * stepDuration * 1.1) + connections);
      const f = await fire(`WeCom click @ ${r}/s`, base, list, { rate: r, duration: stepDuration, connections }, sentAt);
      const d = await drain(server, tag, sentAt, answerOnly ? 0 : f.sent - f.non2xx);
      stepped.push({ ...f, lagP99: pct(d.lags, 99), processed: d.lags.length, drainedMs: d.drainedMs });
      if (f.p99 > 100 || f.non2xx + f.errors > 0) break;
    }
    const bareMax = await fire('bare Koa, max rate', bareUrl, null, { duration: stepDuration, connections }, sentAt);
    const sustainable = stepped.filter((s) => s.p99 <= 100 && s.non2xx + s.errors === 0).pop();

    out(`\nbench:wecom on PostgreSQL — ${connections} connections, one process, 2 shared cores\n`);
    out(`${'run'.padEnd(30)}${'req/s'.padStart(7)}${'p50'.padStart(8)}${'p99'.padStart(8)}${'errors'.padStart(8)}   (callback answer, ms)\n`);
    for (const f of [bareFixed, fixed]) out(`${row(f)}\n`);
    out(`  processing @ ${rate}/s: ${fixedDrain.lags.length}/${fixed.sent} clicks applied; send → state change p50 ${pct(fixedDrain.lags, 50)} ms, p99 ${pct(fixedDrain.lags, 99)} ms\n`);
    out(`\nstepping the rate (each ${stepDuration} s; backlog drained between steps):\n`);
    for (const s of stepped) out(`${row(s)}   processed ${s.processed}, send → state change p99 ${s.lagP99} ms, drained ${s.drainedMs} ms after the run\n`);
    out(`${row(bareMax)}\n`);
    out(`\ntarget p99 ≤ 50 ms at ${rate} req/s: ${fixed.p99 <= 50 && fixed.non2xx + fixed.errors === 0 ? 'MET' : 'NOT MET'} (p99 ${fixed.p99} ms)\n`);
    if (sustainable) {
      out(`highest stepped rate with callback p99 ≤ 100 ms: ${sustainable.rps} req/s = ${Math.round((100 * sustainable.rps) / bareMax.rps)}% of bare Koa's ${bareMax.rps} req/s\n`);
    } else {
      out('no stepped rate kept callback p99 ≤ 100 ms\n');
    }
    const ev = await server.deps.db.query<{ n: number }>("SELECT count(*)::int AS n FROM evidence_events WHERE kind = 'bench.clicked'");
    out(`evidence events written: ${ev.rows[0].n}\n`);
  } finally {
    bareServer.close();
    await server.stop();
    await peer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:wecom failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
