import { LOCAL_ERRCODES, WecomRetryableError } from './wecomErrors';

/**
 * Per-robot send queue: a group robot accepts 20 messages a minute (doc 91770) and answers 45009
 * beyond that. Sends for one key run one after another (group notices keep their order) and wait
 * for a free slot in the sliding window instead of being refused.
 */

/** Settings of the robot limiter. */
export interface WecomRobotLimiterOptions {
  /** Messages allowed per window and key (WeCom: 20). */
  perWindow?: number;
  /** Window length in ms (WeCom: one minute). */
  windowMs?: number;
  /** Sends waiting per key before new ones are refused with a retryable error. */
  maxQueued?: number;
  /** Extra wait beyond the window, against jitter between our clock and WeCom's. */
  marginMs?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

interface KeyState {
  /**
   * Completion times of the sends inside the current window. Completion, not start: WeCom counts
   * a send when it arrives, which is before we see the answer, so counting from the answer never
   * frees a slot early.
   */
  sentAt: number[];
  /** Resolves when the previous send of this key has finished (never rejects). */
  tail: Promise<void>;
  queued: number;
}

/** Runs robot sends per key within WeCom's rate limit. */
export class WecomRobotLimiter {
  private readonly keys = new Map<string, KeyState>();
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly maxQueued: number;
  private readonly marginMs: number;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: WecomRobotLimiterOptions = {}) {
    this.perWindow = options.perWindow ?? 20;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxQueued = options.maxQueued ?? 200;
    this.marginMs = options.marginMs ?? 100;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Runs `task` once a slot for `key` is free; its result or error is the caller's. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const state = this.stateOf(key);
    if (state.queued >= this.maxQueued) {
      return Promise.reject(
        new WecomRetryableError({ errcode: LOCAL_ERRCODES.queue_full, errmsg: 'robot send queue full', path: '/cgi-bin/webhook/send' }, this.windowMs),
      );
    }
    state.queued += 1;
    const result = state.tail.then(async () => {
      await this.acquire(state);
      try {
        return await task();
      } finally {
        state.sentAt.push(this.now().getTime());
      }
    });
    state.tail = result.then(
      () => this.settle(key, state),
      () => this.settle(key, state),
    );
    return result;
  }

  /** Sends currently waiting or running for `key`. */
  pending(key: string): number {
    return this.keys.get(key)?.queued ?? 0;
  }

  private stateOf(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      state = { sentAt: [], tail: Promise.resolve(), queued: 0 };
      this.keys.set(key, state);
    }
    return state;
  }

  private async acquire(state: KeyState): Promise<void> {
    for (;;) {
      const now = this.now().getTime();
      state.sentAt = state.sentAt.filter((t) => t + this.windowMs + this.marginMs > now);
      if (state.sentAt.length < this.perWindow) return;
      await this.sleep(state.sentAt[0] + this.windowMs + this.marginMs - now);
    }
  }

  private settle(key: string, state: KeyState): void {
    state.queued -= 1;
    const now = this.now().getTime();
    // Forget idle keys whose window has passed, so the map does not grow with every key ever used.
    if (state.queued === 0 && state.sentAt.every((t) => t <= now - this.windowMs)) this.keys.delete(key);
  }
}
