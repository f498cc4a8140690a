import PgBoss from 'pg-boss';
import { Db, Tx } from '../db/db';
import { Logger } from '../log';

/** A job handler: gets the job's data; must be idempotent (delivery is at least once). */
export type JobHandler<T> = (data: T, job: { id: string; name: string; retryCount: number }) => Promise<void>;

/** How a queue is worked. */
export interface QueueSpec {
  /** Parallel workers for this queue in this process. */
  concurrency?: number;
  /** Jobs fetched per poll by each worker. */
  batchSize?: number;
  /** A job held longer than this by a dead process is handed to another worker. */
  expireInSeconds?: number;
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
}

/** Options for one job. */
export interface SendOptions {
  /** When it becomes due. */
  startAfter?: Date;
  /** Wake this process's workers right after commit instead of waiting for the next poll. */
  wake?: boolean;
  /** pg-boss singletonKey (only meaningful on singleton/stately queues). */
  singletonKey?: string;
}

interface Registered {
  name: string;
  spec: QueueSpec;
  handler: JobHandler<unknown>;
  workerIds: string[];
}

/**
 * pg-boss 10 on the same database. Jobs are inserted with the caller's transaction, so a
 * committed change always has its jobs and a rolled-back one has none.
 */
export class Jobs {
  readonly boss: PgBoss;
  private readonly queues = new Map<string, Registered>();
  private started = false;
  private readonly pollSeconds: number;
  private readonly log: Logger;

  constructor(opts: { db: Db; databaseUrl?: string; log: Logger; pollSeconds?: number; maintenanceSeconds?: number; poolMax?: number }) {
    this.log = opts.log;
    this.pollSeconds = opts.pollSeconds ?? 1;
    const common = { schema: 'pgboss', migrate: true, supervise: true, maintenanceIntervalSeconds: opts.maintenanceSeconds ?? 120 };
    this.boss =
      opts.db.kind === 'postgres' && opts.databaseUrl
        ? new PgBoss({ ...common, connectionString: opts.databaseUrl, max: opts.poolMax ?? 4 })
        : new PgBoss({ ...common, db: opts.db.jobExecutor as PgBoss.Db });
    this.boss.on('error', (err) => this.log.error({ err }, 'job system error'));
  }

  /** Declares a queue and its handler; call before `start()`. */
  register<T>(name: string, handler: JobHandler<T>, spec: QueueSpec = {}): void {
    if (this.queues.has(name)) throw new Error(`queue ${name} registered twice`);
    this.queues.set(name, { name, spec, handler: handler as JobHandler<unknown>, workerIds: [] });
  }

  /** Names of registered queues. */
  queueNames(): string[] {
    return [...this.queues.keys()];
  }

  /** Starts pg-boss, creates queues and (unless `work` is false) starts the workers. */
  async start(opts: { work?: boolean } = {}): Promise<void> {
    await this.boss.start();
    for (const q of this.queues.values()) {
      await this.boss.createQueue(q.name, {
        name: q.name,
        expireInSeconds: q.spec.expireInSeconds ?? 300,
        retryLimit: q.spec.retryLimit ?? 5,
        retryDelay: q.spec.retryDelay ?? 5,
        retryBackoff: q.spec.retryBackoff ?? true,
      });
    }
    this.started = true;
    if (opts.work !== false) await this.startWorkers();
  }

  /** Starts the polling workers of every registered queue. */
  async startWorkers(): Promise<void> {
    for (const q of this.queues.values()) {
      const n = q.spec.concurrency ?? 1;
      for (let i = 0; i < n; i++) {
        const id = await this.boss.work(
          q.name,
          { pollingIntervalSeconds: this.pollSeconds, batchSize: q.spec.batchSize ?? 1, includeMetadata: true },
          async (jobs) => {
            // Each job completes or fails on its own; one failure does not re-run its batch mates.
            const failures: unknown[] = [];
            for (const job of jobs) {
              try {
                await q.handler(job.data, { id: job.id, name: job.name, retryCount: job.retryCount });
                if (jobs.length > 1) await this.boss.complete(q.name, job.id);
              } catch (err) {
                this.log.warn({ err, queue: q.name, jobId: job.id }, 'job failed; it will be retried');
                if (jobs.length > 1) await this.boss.fail(q.name, job.id, { message: String(err) });
                else failures.push(err);
              }
            }
            if (failures.length) throw failures[0];
          },
        );
        q.workerIds.push(id);
      }
    }
  }

  /** Inserts a job inside the caller's transaction. Throws if the queue is unknown (pg-boss would return null). */
  async send<T extends object>(tx: Tx, name: string, data: T, opts: SendOptions = {}): Promise<string> {
    if (!this.queues.has(name)) throw new Error(`unknown queue ${name}`);
    const id = await this.boss.send(name, data, {
      startAfter: opts.startAfter,
      singletonKey: opts.singletonKey,
      db: tx.jobExecutor as PgBoss.Db,
    });
    if (!id) throw new Error(`job not inserted into ${name}`);
    if (opts.wake && (!opts.startAfter || opts.startAfter.getTime() <= Date.now())) {
      tx.afterCommit(() => this.wake(name));
    }
    return id;
  }

  /** Wakes this process's workers of a queue now (after a commit that made a job due). */
  wake(name: string): void {
    const q = this.queues.get(name);
    if (!q || !this.started) return;
    for (const id of q.workerIds) this.boss.notifyWorker(id);
  }

  /** Stops taking work, lets running jobs finish, then stops pg-boss. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
