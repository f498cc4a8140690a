import { KeyedSerial } from './keyedSerial';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedSerial', () => {
  it('runs one key in order (a failure does not block the next) and different keys concurrently', async () => {
    const s = new KeyedSerial();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      log.push(`${name}:start`);
      await tick(ms);
      log.push(`${name}:end`);
      if (fail) throw new Error(name);
      return name;
    };
    const a1 = s.run('a', task('a1', 30, true));
    const a2 = s.run('a', task('a2', 1));
    const b1 = s.run('b', task('b1', 1));
    await expect(a1).rejects.toThrow('a1');
    expect(await a2).toBe('a2');
    expect(await b1).toBe('b1');
    expect(log.indexOf('a2:start')).toBeGreaterThan(log.indexOf('a1:end'));
    expect(log.indexOf('b1:end')).toBeLessThan(log.indexOf('a1:end'));
    await tick(0);
    expect(s.size).toBe(0);
  });
});
