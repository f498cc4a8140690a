import { WorkPool } from './workPool';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('WorkPool', () => {
  it('runs at most `concurrency` tasks, in arrival order, and follows a limit that changes', async () => {
    let limit = 2;
    const pool = new WorkPool(() => limit);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates: Array<() => void> = [];
    const task = (n: number) => pool.run(async () => {
      started.push(n);
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((r) => gates.push(r));
      running -= 1;
      return n;
    });
    const all = [1, 2, 3, 4, 5].map(task);
    await tick();
    expect(started).toEqual([1, 2]);
    expect(pool.load).toBe(5);
    limit = 1;
    gates.shift()?.();
    gates.shift()?.();
    await tick();
    expect(started).toEqual([1, 2, 3]);
    limit = 3;
    gates.shift()?.();
    await tick();
    expect(started).toEqual([1, 2, 3, 4, 5]);
    while (gates.length) gates.shift()?.();
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(pool.free).toBe(true);
    expect(() => new WorkPool(0)).toThrow('positive integer');
    // A limit of 0 pauses; kick() resumes once it rises.
    limit = 0;
    const paused = pool.run(async () => 'later');
    await tick();
    expect(pool.load).toBe(1);
    limit = 1;
    pool.kick();
    expect(await paused).toBe('later');
  });
});
