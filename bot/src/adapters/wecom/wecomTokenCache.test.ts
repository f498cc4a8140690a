import { WecomTokenCache } from './wecomTokenCache';

function setup(expiresInSeconds = 7200) {
  let clock = Date.UTC(2026, 10, 24, 8, 0, 0);
  let counter = 0;
  let release: (() => void) | null = null;
  let gate = false;
  const cache = new WecomTokenCache({
    now: () => new Date(clock),
    fetchToken: async () => {
      counter += 1;
      const n = counter;
      if (gate) await new Promise<void>((resolve) => (release = resolve));
      return { accessToken: `tok${n}`, expiresInSeconds };
    },
  });
  return {
    cache,
    advance: (ms: number) => (clock += ms),
    hold: () => (gate = true),
    open: () => {
      gate = false;
      release?.();
    },
  };
}

describe('WecomTokenCache', () => {
  it('caches until margin before expiry, then refreshes', async () => {
    const t = setup(7200);
    expect(await t.cache.get()).toBe('tok1');
    t.advance((7200 - 300 - 1) * 1000);
    expect(await t.cache.get()).toBe('tok1');
    t.advance(2000);
    expect(await t.cache.get()).toBe('tok2');
    expect(t.cache.fetchCount).toBe(2);
  });

  it('caps the margin at a tenth of a short lifetime', async () => {
    const t = setup(10);
    expect(await t.cache.get()).toBe('tok1');
    t.advance(8900);
    expect(await t.cache.get()).toBe('tok1');
    t.advance(200);
    expect(await t.cache.get()).toBe('tok2');
  });

  it('shares one refresh between concurrent callers', async () => {
    const t = setup();
    t.hold();
    const waiting = Array.from({ length: 10 }, () => t.cache.get());
    await new Promise((r) => setImmediate(r));
    t.open();
    expect(new Set(await Promise.all(waiting))).toEqual(new Set(['tok1']));
    expect(t.cache.fetchCount).toBe(1);
  });

  it('invalidate drops only the token it names', async () => {
    const t = setup();
    await t.cache.get();
    t.cache.invalidate('stale-other');
    expect(await t.cache.get()).toBe('tok1');
    t.cache.invalidate('tok1');
    t.cache.invalidate('tok1');
    expect(await t.cache.get()).toBe('tok2');
    expect(t.cache.fetchCount).toBe(2);
  });

  it('a failed refresh reaches every waiter and the next call tries again', async () => {
    let fail = true;
    const cache = new WecomTokenCache({
      fetchToken: async () => {
        if (fail) throw new Error('gettoken failed');
        return { accessToken: 'ok', expiresInSeconds: 7200 };
      },
    });
    await expect(Promise.all([cache.get(), cache.get()])).rejects.toThrow('gettoken failed');
    expect(cache.fetchCount).toBe(1);
    fail = false;
    expect(await cache.get()).toBe('ok');
  });
});
