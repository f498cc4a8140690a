/**
 * At most `concurrency` tasks at a time; the rest wait in arrival order. Keeps the processing of
 * a burst from flooding the database, so the one INSERT on the ack path never queues behind a
 * backlog (the backlog waits here, and durably in the inbox table).
 */
export class WorkPool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  /**
   * `concurrency` may be a function, read each time a slot could be taken: a limit that adapts to
   * load. It may return 0 (pause); call `kick()` when it may have risen again.
   */
  constructor(private readonly concurrency: number | (() => number)) {
    if (typeof concurrency === 'number' && (!Number.isInteger(concurrency) || concurrency < 1)) throw new Error('WorkPool: concurrency must be a positive integer');
  }

  private get limit(): number {
    return Math.max(0, typeof this.concurrency === 'number' ? this.concurrency : this.concurrency());
  }

  /** Starts waiting tasks if the limit now allows. */
  kick(): void {
    this.pump();
  }

  /** Runs `task` when a slot is free, after the tasks already waiting. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit && this.waiting.length === 0) this.running += 1;
    else {
      const turn = new Promise<void>((resolve) => this.waiting.push(resolve));
      this.pump();
      await turn;
    }
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.pump();
    }
  }

  /** Starts waiting tasks while slots are free (the limit may have risen since they queued). */
  private pump(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      this.running += 1;
      this.waiting.shift()?.();
    }
  }

  /** Is a slot free right now? */
  get free(): boolean {
    return this.running < this.limit;
  }

  /** Tasks running plus waiting. */
  get load(): number {
    return this.running + this.waiting.length;
  }
}
