/**
 * The one database seam. Two implementations (embedded PGlite, PostgreSQL pool) speak the same
 * PostgreSQL dialect, so every repository is written once.
 */

/** Rows and the count of affected rows, the same shape on PGlite and node-postgres. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** Anything that runs one parameterized statement. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

/** pg-boss 10's `db` option: runs SQL on the caller's connection (so a job joins a transaction). */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A live transaction. Every statement inside `transaction()` must go through this object. */
export interface Tx extends Queryable {
  /** Executor for pg-boss `send(..., { db })`, bound to this transaction. */
  readonly jobExecutor: SqlExecutor;
  /** Runs after COMMIT (never after ROLLBACK): wake-ups, cache invalidation. */
  afterCommit(fn: () => void | Promise<void>): void;
  /** Runs parameterless, possibly multi-statement SQL inside the transaction (migrations). */
  exec(sql: string): Promise<void>;
}

/** The database handle the server holds. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs parameterless, possibly multi-statement SQL (migrations). */
  exec(sql: string): Promise<void>;
  /** Executor for pg-boss outside any transaction. */
  readonly jobExecutor: SqlExecutor;
  close(): Promise<void>;
}

/** Collects after-commit callbacks and runs them once the transaction has committed. */
export class AfterCommitQueue {
  private readonly fns: Array<() => void | Promise<void>> = [];
  add(fn: () => void | Promise<void>): void {
    this.fns.push(fn);
  }
  async run(onError: (err: unknown) => void): Promise<void> {
    for (const fn of this.fns) {
      try {
        await fn();
      } catch (err) {
        // A failed wake-up must not turn a committed change into an error answer.
        onError(err);
      }
    }
  }
}
