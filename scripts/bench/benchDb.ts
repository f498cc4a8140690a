import { Client } from 'pg';

/**
 * Creates (or recreates) a PostgreSQL database for a benchmark on the local server and returns
 * its URL. Benchmarks never touch a database they did not create.
 */
export async function freshBenchDatabase(name: string, adminUrl = 'postgres://postgres@127.0.0.1:5432/postgres'): Promise<string> {
  if (!/^anquan_bench[a-z0-9_]*$/.test(name)) throw new Error(`refusing to recreate ${name}: benchmark databases are named anquan_bench*`);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
