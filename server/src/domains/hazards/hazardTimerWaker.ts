/**
 * Wakes the job workers of a queue when a timer this process scheduled falls due, so a reminder or
 * escalation fires within milliseconds instead of up to one polling interval late. Polling stays
 * the safety net: timers scheduled by another instance, or before a restart, are found by the next poll.
 * Wake-ups are coalesced into buckets (one setTimeout per queue and bucket), so 100 000 timers in ten
 * minutes cost a few thousand timeouts, and unref'd, so they never keep the process alive.
 */
export interface TimerWakerOptions {
  /** Timers due within the same bucket share one wake-up (default 100 ms). */
  bucketMs?: number;
  /** Wake this long after the bucket ends, so the job is surely due by the database clock (default 25 ms). */
  marginMs?: number;
  /** Timers further away are left to polling (default 15 min). */
  horizonMs?: number;
  /** Injected clock (milliseconds). */
  clock?: () => number;
}

/** See the file comment. */
export class TimerWaker {
  private readonly armed = new Map<string, NodeJS.Timeout>();
  private readonly bucketMs: number;
  private readonly marginMs: number;
  private readonly horizonMs: number;
  private readonly clock: () => number;
  private stopped = false;

  constructor(
    private readonly wake: (queue: string) => void,
    opts: TimerWakerOptions = {},
  ) {
    this.bucketMs = opts.bucketMs ?? 100;
    this.marginMs = opts.marginMs ?? 25;
    this.horizonMs = opts.horizonMs ?? 15 * 60_000;
    this.clock = opts.clock ?? Date.now;
  }

  /** Arms a wake-up for a job of `queue` due at `at` (no-op beyond the horizon or after stop). */
  schedule(queue: string, at: Date): void {
    if (this.stopped) return;
    const now = this.clock();
    if (at.getTime() - now > this.horizonMs) return;
    const bucketEnd = Math.ceil(at.getTime() / this.bucketMs) * this.bucketMs;
    const key = `${queue}@${bucketEnd}`;
    if (this.armed.has(key)) return;
    const timer = setTimeout(() => {
      this.armed.delete(key);
      this.wake(queue);
    }, Math.max(0, bucketEnd - now + this.marginMs));
    timer.unref();
    this.armed.set(key, timer);
  }

  /** Number of pending wake-ups (for tests and the benchmark report). */
  get pending(): number {
    return this.armed.size;
  }

  /** Cancels every pending wake-up. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.armed.values()) clearTimeout(timer);
    this.armed.clear();
  }
}
