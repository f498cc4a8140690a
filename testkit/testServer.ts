import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadEnv, Env } from '../server/src/env';
import { createLogger } from '../server/src/platform/log';
import type { ServerModule } from '../server/src/platform/serverDeps';
import { RunningServer, startServer } from '../server/src/startServer';
import { DbKind, openTestDb, TestDb } from './testDb';
import { DEMO_PLANT_DIR } from './testPaths';

/** A server on a fresh test database, with helpers to call it. */
export interface TestServer extends RunningServer {
  testDb: TestDb;
  env: Env;
  dataDir: string;
  /** supertest bound to the Koa callback (no port). */
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Settings every test server shares; tests override what they exercise. */
export function testEnv(dataDir: string, overrides: Record<string, string> = {}, url?: string): Env {
  return loadEnv({
    DATA_DIR: dataDir,
    PLANT_DIR: DEMO_PLANT_DIR,
    APP_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SANDBOX: '1',
    JOB_POLL_SECONDS: '0.5',
    PUBLIC_URL: 'http://localhost:3000',
    ...(url ? { DATABASE_URL: url } : {}),
    ...overrides,
  });
}

/** Starts the whole server (no port) on a copy of the template database. */
export async function startTestServer(
  opts: { kind?: DbKind; env?: Record<string, string>; modules?: ServerModule[]; work?: boolean; now?: () => Date; listen?: boolean } = {},
): Promise<TestServer> {
  const testDb = await openTestDb(opts.kind ?? 'pglite');
  const dataDir = mkdtempSync(join(tmpdir(), 'anquan-data-'));
  const env = testEnv(dataDir, { PORT: '0', ...(opts.env ?? {}) }, testDb.url);
  const server = await startServer({
    env,
    db: testDb.db,
    skipImport: true,
    listen: opts.listen ?? false,
    modules: opts.modules ?? [],
    work: opts.work,
    now: opts.now,
    logger: createLogger(env.LOG_LEVEL),
  });
  return {
    ...server,
    testDb,
    env,
    dataDir,
    http: () => request(server.callback),
    async close() {
      await server.stop();
      await testDb.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
