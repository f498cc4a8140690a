import { PGlite, types } from '@electric-sql/pglite';
import { AfterCommitQueue, Db, QueryResult, SqlExecutor, Tx } from './db';

/** int8 as JS number (ids and counts stay far below 2^53), the same as the pg pool is set to. */
const parsers = { [types.INT8]: (v: string) => Number(v) };

interface PgliteLike {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(sql: string): Promise<Array<{ rows: unknown[] }>>;
}

/** PGlite reports affectedRows 0 for SELECT; node-postgres' rowCount counts the rows then. */
function normalise<T>(r: { rows: T[]; affectedRows?: number }): QueryResult<T> {
  return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
}

/** pg-boss sends parameterless multi-statement SQL; PGlite only accepts that through exec(). */
function executorFor(pg: PgliteLike, rollbackOnError: boolean): SqlExecutor {
  return {
    async executeSql(text, values) {
      try {
        if (values && values.length) return await pg.query(text, values);
        const res = await pg.exec(text);
        return { rows: res.flatMap((r) => r.rows ?? []) };
      } catch (err) {
        if (rollbackOnError) await pg.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
  };
}

/** Opens (or creates) the embedded database; `dataDir` undefined means in memory. */
export async function openPglite(opts: {
  dataDir?: string;
  loadDataDir?: Blob;
  onAfterCommitError?: (err: unknown) => void;
}): Promise<Db & { raw: PGlite }> {
  const pg = await PGlite.create({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir, parsers });
  const onError = opts.onAfterCommitError ?? (() => undefined);
  const db: Db & { raw: PGlite } = {
    kind: 'pglite',
    raw: pg,
    async query<T>(sql: string, params?: readonly unknown[]) {
      return normalise(await pg.query<T>(sql, params as unknown[]));
    },
    async exec(sql) {
      await pg.exec(sql);
    },
    jobExecutor: executorFor(pg as unknown as PgliteLike, true),
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const after = new AfterCommitQueue();
      const result = await pg.transaction(async (inner) => {
        const tx: Tx = {
          async query<R>(sql: string, params?: readonly unknown[]) {
            return normalise(await inner.query<R>(sql, params as unknown[]));
          },
          jobExecutor: executorFor(inner as unknown as PgliteLike, false),
          afterCommit: (f) => after.add(f),
          async exec(sql) {
            await inner.exec(sql);
          },
        };
        return fn(tx);
      });
      await after.run(onError);
      return result;
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
  return db;
}
