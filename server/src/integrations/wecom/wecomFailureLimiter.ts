/**
 * Limits refused callbacks per client IP. All genuine callbacks come from a handful of WeCom
 * addresses, so limiting every request would throttle the whole plant at its busiest moment;
 * only failures (bad signature, stale, undecryptable) count, which still stops guessing.
 */
export class WecomFailureLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while this IP has used up its failures for the current minute. */
  blocked(ip: string): boolean {
    if (this.perMinute <= 0) return false;
    const w = this.windows.get(ip);
    return w !== undefined && this.now() - w.start < 60_000 && w.count >= this.perMinute;
  }

  /** Seconds until the IP's window ends. */
  retryAfterSeconds(ip: string): number {
    const w = this.windows.get(ip);
    return w ? Math.max(1, Math.ceil((w.start + 60_000 - this.now()) / 1000)) : 1;
  }

  /** Counts one refused request. */
  fail(ip: string): void {
    const t = this.now();
    let w = this.windows.get(ip);
    if (!w || t - w.start >= 60_000) {
      w = { start: t, count: 0 };
      this.windows.set(ip, w);
      if (this.windows.size > 10_000) for (const [k, v] of this.windows) if (t - v.start >= 60_000) this.windows.delete(k);
    }
    w.count++;
  }
}
