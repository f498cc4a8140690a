import { AccessTokenCache } from './accessTokenCache';

describe('AccessTokenCache', () => {
  it('refreshes before expiry and drops only the refused token', async () => {
    let now = 0;
    let n = 0;
    const cache = new AccessTokenCache(async () => ({ token: `t${++n}`, expiresInSec: 7200 }), () => now, 300);
    expect(await cache.get()).toBe('t1');
    now = (7200 - 301) * 1000;
    expect(await cache.get()).toBe('t1');
    now = (7200 - 299) * 1000;
    expect(await cache.get()).toBe('t2');
    cache.invalidate('t1'); // stale token from an older caller: keep t2
    expect(await cache.get()).toBe('t2');
    cache.invalidate('t2');
    expect(await cache.get()).toBe('t3');
  });

  it('shares one fetch among concurrent callers and retries after a failed fetch', async () => {
    let calls = 0;
    let fail = true;
    const cache = new AccessTokenCache(async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('down');
      return { token: 'ok', expiresInSec: 60 };
    });
    await expect(Promise.all([cache.get(), cache.get(), cache.get()])).rejects.toThrow('down');
    expect(calls).toBe(1);
    fail = false;
    expect(await Promise.all([cache.get(), cache.get()])).toEqual(['ok', 'ok']);
    expect(calls).toBe(2);
  });
});
