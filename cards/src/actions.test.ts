import { ACTIONS, ACTION_NAMES, isActionName } from './actions';

describe('ACTIONS', () => {
  it.each(Object.entries(ACTIONS))('%s: key equals value, [a-z_] only, ≤ 32 chars', (key, value) => {
    expect(value).toBe(key);
    expect(value).toMatch(/^[a-z][a-z_]{0,31}$/);
  });

  it('lists every name once', () => {
    expect(new Set(ACTION_NAMES).size).toBe(ACTION_NAMES.length);
    expect(ACTION_NAMES).toContain('hazard_verify_return');
    expect(ACTION_NAMES).toContain('alarm_ack');
  });

  it.each([
    ['hazard_accept', true],
    ['noop', true],
    ['HAZARD_ACCEPT', false],
    ['hazard_accept ', false],
    ['toString', false],
    ['__proto__', false],
    [42, false],
    [null, false],
  ])('isActionName(%p) is %p', (value, expected) => {
    expect(isActionName(value)).toBe(expected);
  });
});
