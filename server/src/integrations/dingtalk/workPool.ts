/**
 * At most `concurrency` tasks at a time; the rest wait in arrival order. Keeps the processing of
 * a burst from flooding the database, so the one INSERT on the ack path never queues behind a
 * backlog (the backlog waits here, and durably in the inbox table).
 */
export class WorkPool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('WorkPool: concurrency must be a positive integer');
  }

  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Tasks running plus waiting. */
  get load(): number {
    return this.running + this.waiting.length;
  }
}
