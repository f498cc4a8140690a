import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { SandboxMessenger } from '../../bot/src/adapters/sandbox/sandboxMessenger';
import { BotRouter } from '../../bot/src/router';
import { createApp } from './createApp';
import type { Env } from './env';
import { SessionTokens } from './platform/auth/sessionTokens';
import { CommandRegistry } from './platform/bot/commandRegistry';
import { InboundPipeline } from './platform/bot/inboundPipeline';
import { importPlants, loadPlants } from './platform/config/importPlants';
import type { Db } from './platform/db/db';
import { lockDataDir } from './platform/db/dataDirLock';
import { migrate } from './platform/db/migrate';
import { openPglite } from './platform/db/openPglite';
import { openPostgres } from './platform/db/openPostgres';
import { CardRegistry } from './platform/delivery/cardRegistry';
import { DELIVER_QUEUE, REFRESH_QUEUE } from './platform/delivery/delivery';
import { deliveryHandler, refreshHandler } from './platform/delivery/deliveryWorker';
import { MessengerRegistry } from './platform/delivery/messengerRegistry';
import { Directory } from './platform/directory/directory';
import { DiskBlobStore } from './platform/files/fileStore';
import { HealthRegistry } from './platform/health';
import { ApiRouter } from './platform/http/apiRouter';
import { Authenticator } from './platform/http/authenticator';
import { Jobs } from './platform/jobs/jobs';
import { Leadership } from './platform/leader';
import { createLogger, Logger } from './platform/log';
import { Metrics } from './platform/metrics';
import { registerPlatformRoutes } from './platform/platformRoutes';
import { SandboxRepo } from './platform/sandbox/sandboxRepo';
import { registerSandboxRoutes } from './platform/sandbox/sandboxRoutes';
import type { ServerDeps, ServerModule } from './platform/serverDeps';

/** A running server and how to stop it. */
export interface RunningServer {
  deps: ServerDeps;
  /** Koa's request handler (for supertest). */
  callback: ReturnType<ReturnType<typeof createApp>['callback']>;
  httpServer: Server | null;
  url: string | null;
  stop(): Promise<void>;
}

/** How to start. Tests pass a ready database and skip listening. */
export interface StartOptions {
  env: Env;
  modules?: ServerModule[];
  /** A database already opened and migrated (tests); otherwise opened from env. */
  db?: Db;
  /** Skip plant import (the test template already has the demo plant). */
  skipImport?: boolean;
  listen?: boolean;
  logger?: Logger;
  /** Start job workers (default true). */
  work?: boolean;
  now?: () => Date;
}

/** The root secret: from env, or generated once into DATA_DIR in embedded mode. */
function appSecretFor(env: Env, dataDir: string): string {
  if (env.APP_SECRET) return env.APP_SECRET;
  if (env.DATABASE_URL) throw new Error('APP_SECRET is required with DATABASE_URL (every instance must share it)');
  const file = join(dataDir, 'app-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * Boots the whole server: lock DATA_DIR (embedded), open and migrate the database, import the
 * plant files, wire platform and modules, start jobs, take leadership, listen.
 */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { env } = opts;
  const log = opts.logger ?? createLogger(env.LOG_LEVEL);
  const now = opts.now ?? (() => new Date());
  const dataDir = resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch((err) => log.error({ err }, 'shutdown step failed'));
  };
  try {
    // Plant files are validated before anything is opened or written.
    const plants = opts.skipImport ? [] : loadPlants(env.PLANT_DIR);
    let db = opts.db;
    if (!db) {
      if (env.DATABASE_URL) {
        db = openPostgres({ url: env.DATABASE_URL, max: env.DATABASE_POOL_MAX, onAfterCommitError: (err) => log.error({ err }, 'after-commit step failed') });
      } else {
        const release = await lockDataDir(dataDir, { onCompromised: (err) => { log.fatal({ err }, 'DATA_DIR lock lost; stopping'); process.exit(1); } });
        cleanups.push(release);
        db = await openPglite({ dataDir: join(dataDir, 'pg'), onAfterCommitError: (err) => log.error({ err }, 'after-commit step failed') });
      }
      const ownDb = db;
      cleanups.push(() => ownDb.close());
      const applied = await migrate(db);
      if (applied.length) log.info({ applied }, 'migrations applied');
    }
    if (!opts.skipImport) await importPlants(db, env.PLANT_DIR, log, plants);

    const appSecret = appSecretFor(env, dataDir);
    const metrics = new Metrics({ defaultMetrics: opts.listen !== false });
    const health = new HealthRegistry();
    const directory = new Directory(db);
    const sessions = new SessionTokens(appSecret, env.SESSION_TTL_SECONDS, now);
    const localAdminKey = opts.listen === false ? undefined : randomBytes(32).toString('base64url');
    const auth = new Authenticator({ db, directory, sessions, sandboxEnabled: env.sandboxEnabled, localAdminKey });
    const jobs = new Jobs({ db, databaseUrl: env.DATABASE_URL, log, pollSeconds: env.JOB_POLL_SECONDS, maintenanceSeconds: env.JOB_MAINTENANCE_SECONDS, poolMax: 4 });
    const router = new BotRouter();
    const commands = new CommandRegistry();
    const messengers = new MessengerRegistry();
    const cards = new CardRegistry();
    const api = new ApiRouter(auth);
    const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
    const inbound = new InboundPipeline({ db, jobs, directory, commands, router, log, metrics });
    const deps: ServerDeps = {
      env, db, log, jobs, directory, sessions, auth, blobs: new DiskBlobStore(join(dataDir, 'files')), metrics, health,
      cards, messengers, commands, router, inbound, api, appSecret, publicUrl, now,
    };

    const readyDb = db;
    health.register('database', async () => {
      await readyDb.query('SELECT 1');
      return { ok: true, state: 'up', detail: { kind: readyDb.kind } };
    });
    let jobsUp = false;
    health.register('jobs', () => ({ ok: jobsUp, state: jobsUp ? 'up' : 'down' }));

    registerPlatformRoutes(deps);
    if (env.sandboxEnabled) {
      const repo = new SandboxRepo(db);
      messengers.add(new SandboxMessenger(repo));
      registerSandboxRoutes(deps);
    }
    health.register('sandbox', () => ({ ok: true, state: env.sandboxEnabled ? 'on' : 'off' }));

    jobs.register(DELIVER_QUEUE, deliveryHandler(deps), { concurrency: 2, batchSize: 1, expireInSeconds: 120 });
    jobs.register(REFRESH_QUEUE, refreshHandler(deps), { concurrency: 1, expireInSeconds: 120 });
    // Anything no module handles gets a short, factual help reply (modules may replace this).
    router.otherwise(async (event, bus) => {
      await bus.reply(event, 'bot.help');
    });
    const modules = opts.modules ?? [];
    for (const m of modules) await m.register(deps);

    await jobs.start({ work: opts.work !== false });
    jobsUp = true;
    cleanups.push(async () => {
      jobsUp = false;
      await jobs.stop();
    });

    const leaderModules = modules.filter((m) => m.leader);
    const leadership = new Leadership({
      databaseUrl: env.DATABASE_URL,
      log,
      onGain: async () => {
        for (const m of leaderModules) await m.leader!.start(deps).catch((err) => log.error({ err, module: m.name }, 'leader work failed to start'));
      },
      onLose: async () => {
        for (const m of leaderModules) await m.leader!.stop().catch((err) => log.error({ err, module: m.name }, 'leader work failed to stop'));
      },
    });
    await leadership.start();
    health.register('leader', () => ({ ok: true, state: leadership.isLeader ? 'leader' : 'standby' }));
    cleanups.push(() => leadership.stop());

    const app = createApp(deps);
    const callback = app.callback();
    let http: Server | null = null;
    let url: string | null = null;
    if (opts.listen !== false) {
      http = app.listen(env.PORT, env.HOST);
      await new Promise<void>((res, rej) => {
        http!.once('listening', res);
        http!.once('error', rej);
      });
      const addr = http.address();
      const port = typeof addr === 'object' && addr ? addr.port : env.PORT;
      url = `http://localhost:${port}`;
      // The command-line tools reach a running server with this key (proof of access to DATA_DIR).
      writeFileSync(join(dataDir, 'server.json'), JSON.stringify({ pid: process.pid, url, startedAt: now().toISOString() }), { mode: 0o600 });
      writeFileSync(join(dataDir, 'admin.key'), localAdminKey ?? '', { mode: 0o600 });
      const server = http;
      cleanups.push(async () => {
        rmSync(join(dataDir, 'server.json'), { force: true });
        rmSync(join(dataDir, 'admin.key'), { force: true });
        await new Promise<void>((res) => server.close(() => res()));
      });
    }
    let stopped = false;
    return {
      deps,
      callback,
      httpServer: http,
      url,
      async stop() {
        if (stopped) return;
        stopped = true;
        health.draining = true;
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
