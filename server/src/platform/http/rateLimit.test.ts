import Koa from 'koa';
import request from 'supertest';
import { errorHandler } from './errorHandler';
import { rateLimit } from './rateLimit';

describe('rateLimit', () => {
  it('answers 429 with Retry-After past the limit and opens again in the next window', async () => {
    let now = 1_000_000;
    const app = new Koa();
    app.use(errorHandler as Koa.Middleware);
    app.use(rateLimit('login', 3, () => now) as Koa.Middleware);
    app.use((ctx) => {
      ctx.body = { ok: true };
    });
    const cb = app.callback();
    for (let i = 0; i < 3; i++) await request(cb).get('/').expect(200);
    const limited = await request(cb).get('/').expect(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    now += 60_000;
    await request(cb).get('/').expect(200);
  });
});
