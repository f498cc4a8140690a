import { Client } from 'pg';
import type { Logger } from './log';

/** Any fixed number shared by every instance of a deployment. */
const LEADER_LOCK = 727_002;

/**
 * Leadership through a PostgreSQL session advisory lock held on a dedicated connection: the
 * instance holding it runs the once-per-deployment work; the others retry and stand by. If the
 * connection drops, leadership is given up (the lock is released by the server) and retried.
 * In embedded mode the DATA_DIR lock already guarantees one process, so it leads at once.
 */
export class Leadership {
  private client: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private leading = false;
  private stopped = false;

  constructor(
    private readonly opts: { databaseUrl?: string; log: Logger; retryMs?: number; onGain(): Promise<void>; onLose(): Promise<void> },
  ) {}

  /** Is this instance the leader now? */
  get isLeader(): boolean {
    return this.leading;
  }

  async start(): Promise<void> {
    if (!this.opts.databaseUrl) {
      await this.gain();
      return;
    }
    await this.attempt();
  }

  private async gain(): Promise<void> {
    this.leading = true;
    this.opts.log.info('this instance is the leader');
    await this.opts.onGain();
  }

  private async lose(reason: string): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    this.opts.log.warn({ reason }, 'leadership lost');
    await this.opts.onLose();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.attempt(), this.opts.retryMs ?? 5000);
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.client) {
        const c = new Client({ connectionString: this.opts.databaseUrl });
        c.on('error', (err) => {
          this.opts.log.warn({ err }, 'leader connection error');
          this.client = null;
          void this.lose('connection error').then(() => this.schedule());
        });
        await c.connect();
        this.client = c;
      }
      const r = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK]);
      if (r.rows[0].ok) await this.gain();
      else this.schedule();
    } catch (err) {
      this.opts.log.warn({ err }, 'leader election failed; retrying');
      this.client?.end().catch(() => undefined);
      this.client = null;
      this.schedule();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.lose('shutdown');
    if (this.client) {
      await this.client.end().catch(() => undefined);
      this.client = null;
    }
  }
}
