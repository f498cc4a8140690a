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

/** (Re)creates the PostgreSQL template database that tests clone with CREATE DATABASE … TEMPLATE. */
export async function buildPgTemplate(): Promise<void> {
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    const fp = templateFingerprint();
    const existing = await admin.query<{ description: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS description FROM pg_database WHERE datname = $1`,
      [PG_TEMPLATE_DB],
    );
    if (existing.rows[0]?.description === fp) return;
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    const db = openPostgres({ url: pgUrl(PG_TEMPLATE_DB), max: 2 });
    try {
      await prepare(db, { connectionString: pgUrl(PG_TEMPLATE_DB), schema: 'pgboss', supervise: false, schedule: false, max: 2 });
    } finally {
      await db.close();
    }
    await admin.query(`COMMENT ON DATABASE ${PG_TEMPLATE_DB} IS '${fp}'`);
  } finally {
    await admin.end();
  }
}
