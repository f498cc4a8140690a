import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { Db } from '../server/src/platform/db/db';
import { openPglite } from '../server/src/platform/db/openPglite';
import { openPostgres } from '../server/src/platform/db/openPostgres';
import { pgUrl, TEST_PG_ADMIN_URL } from './testPaths';

/** The two database modes every persistence test runs on. */
export const DB_KINDS = ['pglite', 'postgres'] as const;
export type DbKind = (typeof DB_KINDS)[number];

/** A fresh database with migrations and the demo plant; `url` is set for PostgreSQL. */
export interface TestDb {
  kind: DbKind;
  db: Db;
  url?: string;
  /** Closes (and for PostgreSQL drops) the database. */
  dispose(): Promise<void>;
}

let templateBlob: Blob | null = null;

/** Opens a copy of the migrated template: PGlite from the dump, PostgreSQL by CREATE DATABASE … TEMPLATE. */
export async function openTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'pglite') {
    const path = process.env.ANQUAN_PGLITE_TEMPLATE;
    if (!path) throw new Error('ANQUAN_PGLITE_TEMPLATE is not set: run tests through jest (globalSetup builds it)');
    templateBlob ??= new Blob([readFileSync(path)]);
    const db = await openPglite({ loadDataDir: templateBlob });
    return { kind, db, dispose: () => db.close() };
  }
  const name = `anquan_t_${process.env.ANQUAN_RUN_ID ?? 'x'}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    const template = process.env.ANQUAN_PG_TEMPLATE;
    if (!template) throw new Error('ANQUAN_PG_TEMPLATE is not set: run tests through jest (globalSetup builds it)');
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = pgUrl(name);
  const db = openPostgres({ url, max: 5 });
  return {
    kind,
    db,
    url,
    async dispose() {
      await db.close();
      const c = new Client({ connectionString: TEST_PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
    },
  };
}
