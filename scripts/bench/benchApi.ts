import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Koa from 'koa';
import { z } from 'zod';
import { loadEnv } from '../../server/src/env';
import { actorOf } from '../../server/src/platform/auth/principal';
import { appendEvidence } from '../../server/src/platform/evidence/evidenceChain';
import { runCommand } from '../../server/src/platform/http/idempotency';
import { createLogger } from '../../server/src/platform/log';
import type { ServerModule } from '../../server/src/platform/serverDeps';
import { startServer } from '../../server/src/startServer';
import { cliArgs } from '../lib/cliArgs';
import { freshBenchDatabase } from './benchDb';
import { openLoop } from './openLoop';

const USAGE = `usage: npm run bench:api -- [--rate 300] [--duration 20] [--connections 32]

Measures an authenticated command endpoint (transaction + evidence event + job insert) on
PostgreSQL next to a bare Koa endpoint, in the same process and run: at a steady rate (open loop,
evenly spaced, latency from the scheduled send time) and at max rate (autocannon, closed loop).`;

/** The command under test: the same shape every domain command has. */
const benchModule: ServerModule = {
  name: 'bench',
  register(deps) {
    deps.jobs.register('bench.noop', async () => undefined);
    deps.api.route({
      method: 'post', path: '/api/bench/commands', summary: 'Benchmark command', tags: ['bench'], idempotent: true,
      body: z.object({ n: z.number().int() }),
      handler: (ctx, { principal, body }) =>
        runCommand(deps.db, ctx, principal, async (tx) => {
          await deps.jobs.send(tx, 'bench.noop', { n: body.n });
          // Evidence last: the chain-head lock is then held only until the commit right after.
          const ev = await appendEvidence(tx, {
            plantId: principal.plantId, kind: 'bench.command', subjectType: 'bench', subjectId: String(body.n),
            actor: actorOf(principal), occurredAt: deps.now(), data: body,
          });
          return { seq: ev.seq };
        }),
    });
  },
};

interface Figures { label: string; rps: number; p50: number; p99: number; errors: number; non2xx: number }

async function run(label: string, opts: autocannon.Options): Promise<Figures> {
  const r = await autocannon(opts);
  return { label, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

async function main(): Promise<void> {
  const { values } = cliArgs({ rate: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' } }, USAGE);
  const rate = Number(values.rate ?? 300);
  const duration = Number(values.duration ?? 20);
  const connections = Number(values.connections ?? 32);
  const url = await freshBenchDatabase('anquan_bench_api');
  const dataDir = mkdtempSync(join(tmpdir(), 'anquan-bench-'));
  const env = loadEnv({ DATABASE_URL: url, DATA_DIR: dataDir, PLANT_DIR: join(__dirname, '..', '..', 'server', 'plants'), APP_SECRET: 'bench-secret-bench-secret-bench-secret-01', PORT: '0', LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '20', SANDBOX: '0' });
  const server = await startServer({ env, modules: [benchModule], logger: createLogger('warn'), work: false });
  const bare = new Koa();
  bare.use(async (ctx) => {
    ctx.body = { ok: true };
  });
  const bareServer = bare.listen(0);
  const barePort = (bareServer.address() as { port: number }).port;
  try {
    const plantId = (await server.deps.directory.plantIds())[0];
    const admin = await server.deps.directory.personByKey(plantId, 'majun');
    const token = server.deps.sessions.issue(plantId, admin!.id, 'session').token;
    let n = 0;
    const command: autocannon.Options = {
      url: `${server.url}/api/bench/commands`,
      method: 'POST',
      connections,
      duration,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ n: ++n }) }) }],
    };
    const bareOpts: autocannon.Options = { url: `http://127.0.0.1:${barePort}/`, connections, duration };
    // Warm up both (JIT, pool connections), then measure.
    await run('warm-up', { ...command, duration: 3 });
    const origin = `http://127.0.0.1:${new URL(command.url as string).port}`;
    const commandAt = (label: string) => openLoop({
      label, origin, rate, durationS: duration, sockets: connections,
      request: () => ({ method: 'POST', path: '/api/bench/commands', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ n: ++n }) }),
    });
    const results = [
      await openLoop({ label: `bare Koa @ ${rate}/s`, origin: `http://127.0.0.1:${barePort}`, rate, durationS: duration, sockets: connections, request: () => ({ method: 'GET', path: '/' }) }),
      await commandAt(`command @ ${rate}/s`),
      await run('bare Koa, max rate', bareOpts),
      await run('command, max rate', command),
    ];
    const chain = await server.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM evidence_events');
    process.stdout.write(`\nbench:api on PostgreSQL (${connections} connections, ${duration} s each, 2 cores)\n`);
    process.stdout.write(`${'run'.padEnd(26)}${'req/s'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}${'non-2xx'.padStart(9)}\n`);
    for (const f of results) {
      process.stdout.write(`${f.label.padEnd(26)}${String(f.rps).padStart(8)}${String(f.p50).padStart(9)}${String(f.p99).padStart(9)}${String(f.errors).padStart(8)}${String(f.non2xx).padStart(9)}\n`);
    }
    const at = results[1];
    process.stdout.write(`\ntarget p99 ≤ 50 ms at ${rate} req/s for the command: ${at.p99 <= 50 && at.non2xx === 0 ? 'MET' : 'NOT MET'} (p99 ${at.p99} ms)\n`);
    process.stdout.write(`evidence events written: ${chain.rows[0].n}\n`);
  } finally {
    bareServer.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:api failed: ${(err as Error).stack}\n`);
  process.exit(1);
});
