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
