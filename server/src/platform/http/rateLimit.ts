import type { Next } from 'koa';
import { AppError } from '../errors';
import type { AppContext } from './koaTypes';

/**
 * Fixed-window limit per client IP and bucket name, in process memory. Each instance limits on
 * its own, which is enough to blunt brute force on login, callback and upload endpoints.
 */
export function rateLimit(bucket: string, perMinute: number, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  return async (ctx: AppContext, next: Next) => {
    if (perMinute > 0) {
      const t = now();
      const key = `${bucket}:${ctx.ip}`;
      let w = windows.get(key);
      if (!w || t - w.start >= 60_000) {
        w = { start: t, count: 0 };
        windows.set(key, w);
        if (windows.size > 10_000) {
          for (const [k, v] of windows) if (t - v.start >= 60_000) windows.delete(k);
        }
      }
      w.count++;
      if (w.count > perMinute) {
        ctx.set('Retry-After', String(Math.ceil((w.start + 60_000 - t) / 1000)));
        throw new AppError('rate_limited', `Too many requests to ${bucket}; retry later`);
      }
    }
    await next();
  };
}
