import { Pool, types } from 'pg';
import { AfterCommitQueue, Db, SqlExecutor, Tx } from './db';

// int8 (counts, sequence numbers) as JS number, matching the PGlite parser.
types.setTypeParser(20, (v: string) => Number(v));

/** Opens a node-postgres pool on DATABASE_URL. */
export function openPostgres(opts: {
  url: string;
  max?: number;
  onAfterCommitError?: (err: unknown) => void;
}): Db & { pool: Pool } {
  const pool = new Pool({ connectionString: opts.url, max: opts.max ?? 10 });
  const onError = opts.onAfterCommitError ?? (() => undefined);
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', onError);
  const jobExecutor: SqlExecutor = {
    async executeSql(text, values) {
      return pool.query(text, values);
    },
  };
  return {
    kind: 'postgres',
    pool,
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await pool.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql) {
      await pool.query(sql);
    },
    jobExecutor,
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const after = new AfterCommitQueue();
      let result: T;
      try {
        await client.query('BEGIN');
        const tx: Tx = {
          async query<R>(sql: string, params?: readonly unknown[]) {
            const r = await client.query(sql, params as unknown[]);
            return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
          },
          jobExecutor: { executeSql: (text, values) => client.query(text, values) },
          afterCommit: (f) => after.add(f),
          async exec(sql) {
            await client.query(sql);
          },
        };
        result = await fn(tx);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      await after.run(onError);
      return result;
    },
    async close() {
      await pool.end();
    },
  };
}
