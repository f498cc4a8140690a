import { GroupCommit } from './groupCommit';

describe('GroupCommit', () => {
  it('flushes at once when idle, batches what arrives during a flush, and fails only the failing batch', async () => {
    const flushes: number[][] = [];
    let release: () => void = () => undefined;
    const g = new GroupCommit<number, string>(async (items) => {
      flushes.push(items);
      if (flushes.length === 1) await new Promise<void>((r) => { release = r; });
      if (items.includes(13)) throw new Error('bad batch');
      return items.map((i) => `r${i}`);
    }, 3);
    const first = g.submit(1);
    const rest = [2, 3, 4, 5].map((n) => g.submit(n));
    expect(flushes).toEqual([[1]]);
    release();
    expect(await first).toBe('r1');
    expect(await Promise.all(rest)).toEqual(['r2', 'r3', 'r4', 'r5']);
    expect(flushes).toEqual([[1], [2, 3, 4], [5]]);
    await expect(g.submit(13)).rejects.toThrow('bad batch');
    expect(await g.submit(6)).toBe('r6');
  });
});
