import { WecomRetryableError } from './wecomErrors';
import { WecomRobotLimiter } from './wecomRobotLimiter';

function fakeClock() {
  let t = Date.UTC(2026, 10, 24, 8, 0, 0);
  const sleeps: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    time: () => t,
  };
}

describe('WecomRobotLimiter', () => {
  it('lets 20 through at once and makes the 21st wait for the window', async () => {
    const clock = fakeClock();
    const limiter = new WecomRobotLimiter({ now: clock.now, sleep: clock.sleep, marginMs: 0 });
    const startedAt: number[] = [];
    const sends = Array.from({ length: 25 }, (_, i) => limiter.run('k', async () => {
      startedAt.push(clock.time());
      return i;
    }));
    expect(await Promise.all(sends)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const t0 = startedAt[0];
    expect(startedAt.slice(0, 20).every((t) => t === t0)).toBe(true);
    expect(startedAt.slice(20).every((t) => t === t0 + 60_000)).toBe(true);
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('keeps order per key and isolates keys', async () => {
    const clock = fakeClock();
    const limiter = new WecomRobotLimiter({ now: clock.now, sleep: clock.sleep, perWindow: 2, marginMs: 0 });
    const order: string[] = [];
    await Promise.all([
      limiter.run('a', async () => order.push('a1')),
      limiter.run('b', async () => order.push('b1')),
      limiter.run('a', async () => order.push('a2')),
      limiter.run('a', async () => order.push('a3')),
      limiter.run('b', async () => order.push('b2')),
    ]);
    expect(order.filter((x) => x.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('a failing send does not block the next one', async () => {
    const limiter = new WecomRobotLimiter();
    await expect(limiter.run('k', async () => {
      throw new Error('boom');
    })).rejects.toThrow('boom');
    await expect(limiter.run('k', async () => 'ok')).resolves.toBe('ok');
    expect(limiter.pending('k')).toBe(0);
  });

  it('refuses beyond maxQueued with a retryable error', async () => {
    const clock = fakeClock();
    let release: () => void = () => undefined;
    const blocker = new Promise<void>((r) => (release = r));
    const limiter = new WecomRobotLimiter({ now: clock.now, sleep: clock.sleep, maxQueued: 2 });
    const first = limiter.run('k', () => blocker);
    const second = limiter.run('k', async () => 'second');
    await expect(limiter.run('k', async () => 'third')).rejects.toBeInstanceOf(WecomRetryableError);
    release();
    await first;
    await expect(second).resolves.toBe('second');
  });
});
