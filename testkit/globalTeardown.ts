import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { TEST_PG_ADMIN_URL } from './testPaths';

/** Drops test databases left by crashed test files and the temporary HOME. */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    // LIKE treats "_" as a wildcard: compare the prefix literally.
    const prefix = `anquan_t_${process.env.ANQUAN_RUN_ID ?? 'x'}_`;
    const left = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE left(datname, $1) = $2`, [prefix.length, prefix]);
    for (const r of left.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  if (process.env.ANQUAN_TEST_HOME) rmSync(process.env.ANQUAN_TEST_HOME, { recursive: true, force: true });
}
