import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { importPlants } from '../server/src/platform/config/importPlants';
import type { Db } from '../server/src/platform/db/db';
import { migrate, MIGRATIONS_DIR } from '../server/src/platform/db/migrate';
import { openPglite } from '../server/src/platform/db/openPglite';
import { openPostgres } from '../server/src/platform/db/openPostgres';
import { createLogger } from '../server/src/platform/log';
import { DEMO_PLANT_DIR, PG_TEMPLATE_DB, pgUrl, TEST_PG_ADMIN_URL } from './testPaths';

/** A hash of everything the templates are built from, so an unchanged tree reuses them. */
export function templateFingerprint(): string {
  const h = createHash('sha256');
  for (const dir of [MIGRATIONS_DIR, DEMO_PLANT_DIR]) {
    for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  }
  h.update(readFileSync(join(__dirname, '..', 'package-lock.json')));
  return h.digest('hex').slice(0, 16);
}

async function prepare(db: Db, bossOpts: ConstructorParameters<typeof PgBoss>[0]): Promise<void> {
  await migrate(db);
  await importPlants(db, DEMO_PLANT_DIR, createLogger('silent'));
  // pg-boss creates its schema on first start; doing it here keeps every test's start fast.
  const boss = new PgBoss(bossOpts);
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}

/** Migrates an in-memory PGlite, imports the demo plant and dumps it; tests load copies. */
export async function buildPgliteTemplate(): Promise<string> {
  const file = join(tmpdir(), `anquan-pglite-template-${templateFingerprint()}.tar.gz`);
  if (existsSync(file)) return file;
  const db = await openPglite({});
  await prepare(db, { db: db.jobExecutor as PgBoss.Db, schema: 'pgboss', supervise: false, schedule: false });
  const dump = await db.raw.dumpDataDir('gzip');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  return file;
}

/** Name of the template database for the current tree (parallel runs on other trees keep theirs). */
export function pgTemplateName(fp = templateFingerprint()): string {
  return `${PG_TEMPLATE_DB}_${fp}`;
}

/**
 * Creates the PostgreSQL template database tests clone with CREATE DATABASE … TEMPLATE, once per
 * fingerprint. Concurrent runs wait for the one that is building it; templates of older trees
 * are dropped once unused for 30 minutes.
 */
export async function buildPgTemplate(): Promise<string> {
  const fp = templateFingerprint();
  const name = pgTemplateName(fp);
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    const state = async () =>
      (await admin.query<{ description: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS description FROM pg_database WHERE datname = $1`, [name])).rows[0];
    const existing = await state();
    if (existing?.description?.startsWith('ready')) {
      // Touch it: the stale-template sweep of another checkout's run measures age from the last use.
      await admin.query(`COMMENT ON DATABASE ${name} IS 'ready:${Date.now()}'`);
      return name;
    }
    if (!existing) {
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } catch (err) {
        if ((err as { code?: string }).code !== '42P04') throw err; // another run created it first
      }
      const mine = (await state())?.description == null;
      if (mine) {
        const db = openPostgres({ url: pgUrl(name), max: 2 });
        try {
          await prepare(db, { connectionString: pgUrl(name), schema: 'pgboss', supervise: false, schedule: false, max: 2 });
        } finally {
          await db.close();
        }
        await admin.query(`COMMENT ON DATABASE ${name} IS 'ready:${Date.now()}'`);
        await dropStaleTemplates(admin, name);
        return name;
      }
    }
    for (let i = 0; i < 240; i++) {
      if ((await state())?.description?.startsWith('ready')) return name;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`template ${name} was not ready after 120 s`);
  } finally {
    await admin.end();
  }
}

async function dropStaleTemplates(admin: Client, keep: string): Promise<void> {
  const rows = await admin.query<{ datname: string; description: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS description FROM pg_database WHERE datname LIKE '${PG_TEMPLATE_DB}_%'`,
  );
  for (const r of rows.rows) {
    const readyAt = Number(r.description?.split(':')[1] ?? 0);
    if (r.datname !== keep && readyAt && Date.now() - readyAt > 30 * 60_000) {
      await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => undefined);
    }
  }
}
