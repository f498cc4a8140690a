import { KeyedSerializer } from './keyedSerializer';
import { WecomFailureLimiter } from './wecomFailureLimiter';

describe('WecomFailureLimiter', () => {
  it('blocks an IP after N failures in a minute, only that IP, and forgets after the minute', () => {
    let t = 0;
    const l = new WecomFailureLimiter(3, () => t);
    for (let i = 0; i < 3; i++) {
      expect(l.blocked('1.1.1.1')).toBe(false);
      l.fail('1.1.1.1');
    }
    expect(l.blocked('1.1.1.1')).toBe(true);
    expect(l.blocked('2.2.2.2')).toBe(false);
    t = 30_000;
    expect(l.retryAfterSeconds('1.1.1.1')).toBe(30);
    t = 60_000;
    expect(l.blocked('1.1.1.1')).toBe(false);
  });

  it('0 disables the limit', () => {
    const l = new WecomFailureLimiter(0);
    for (let i = 0; i < 10; i++) l.fail('x');
    expect(l.blocked('x')).toBe(false);
  });
});

describe('KeyedSerializer', () => {
  it('runs one key in order (a slow first task does not let the second pass it) and keys in parallel', async () => {
    const s = new KeyedSerializer();
    const log: string[] = [];
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await Promise.all([
      s.run('a', async () => { await wait(30); log.push('a1'); }),
      s.run('a', async () => { log.push('a2'); }),
      s.run('b', async () => { log.push('b1'); }),
    ]);
    expect(log).toEqual(['b1', 'a1', 'a2']);
    expect(s.size).toBe(0);
  });

  it('a failing task does not stop the next one of its key', async () => {
    const s = new KeyedSerializer();
    await expect(s.run('k', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(s.run('k', async () => 7)).resolves.toBe(7);
  });
});
