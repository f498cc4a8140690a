import { grantsRight, isValidRightPattern, RIGHTS } from './rights';

describe('rights', () => {
  it('has no duplicates and only dotted names', () => {
    expect(new Set(RIGHTS).size).toBe(RIGHTS.length);
    for (const r of RIGHTS) expect(r).toMatch(/^[a-z]+\.[a-z_.]+$/);
  });

  it.each([
    ['hazard.report', true],
    ['*', true],
    ['hazard.*', true],
    ['admin.*', true],
    ['hazard.delete', false],
    ['nuclear.*', false],
    ['hazard', false],
    ['', false],
  ])('pattern %p valid = %p', (pattern, valid) => {
    expect(isValidRightPattern(pattern)).toBe(valid);
  });

  it.each([
    [['*'], 'permit.approve', true],
    [['hazard.*'], 'hazard.verify', true],
    [['hazard.*'], 'permit.approve', false],
    [['hazard.report'], 'hazard.report', true],
    [['hazard.report'], 'hazard.read', false],
    [['admin.*'], 'admin.config.read', true],
    [[], 'hazard.read', false],
  ] as const)('%p grants %p = %p', (patterns, right, granted) => {
    expect(grantsRight(patterns, right)).toBe(granted);
  });
});
