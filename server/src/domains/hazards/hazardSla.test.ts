import { deadlineFor, escalationAt, escalationTimes, hazardTiming, hourMs, remindAt, slaPolicyFor } from './hazardSla';
import type { HazardSlaPolicy } from './hazardSla';

const H = 3_600_000;
const NOW = new Date('2026-11-24T02:00:00.000Z');
const POLICIES: HazardSlaPolicy[] = [
  { grade: 'general', rectifyHours: 72, remindBeforeHours: 24, escalateEveryHours: 24, reinspectAfterHours: 168 },
  { grade: 'major', rectifyHours: 720, remindBeforeHours: 72, escalateEveryHours: 12 },
];
const plus = (ms: number) => new Date(NOW.getTime() + ms);

describe('deadlineFor', () => {
  it.each([
    ['general', {}, plus(72 * H)],
    ['major', {}, plus(720 * H)],
    ['general', { demoSecondsPerHour: 1 }, plus(72_000)],
    ['major', { demoSecondsPerHour: 0.5 }, plus(360_000)],
  ] as const)('%s %j', (grade, opts, expected) => {
    expect(deadlineFor(grade, POLICIES, NOW, opts)).toEqual(expected);
  });

  it('throws when the plant has no policy for the grade', () => {
    expect(() => deadlineFor('major', POLICIES.slice(0, 1), NOW)).toThrow(/major/);
    expect(() => slaPolicyFor('general', [])).toThrow();
  });

  it.each([0, -1, Number.NaN])('refuses a demo factor of %d', (f) => {
    expect(() => hourMs({ demoSecondsPerHour: f })).toThrow(RangeError);
  });
});

describe('hazardTiming', () => {
  it('converts the policy to milliseconds and caps escalation by the chain length', () => {
    expect(hazardTiming('general', POLICIES, 3)).toEqual({ remindBeforeMs: 24 * H, escalateEveryMs: 24 * H, reinspectAfterMs: 168 * H, maxEscalationLevel: 3 });
    expect(hazardTiming('major', POLICIES, 2, { demoSecondsPerHour: 1 })).toEqual({ remindBeforeMs: 72_000, escalateEveryMs: 12_000, reinspectAfterMs: null, maxEscalationLevel: 2 });
  });

  it('refuses an escalation interval of zero (it would escalate in a loop)', () => {
    expect(() => hazardTiming('general', [{ ...POLICIES[0], escalateEveryHours: 0 }], 3)).toThrow(RangeError);
  });
});

describe('remindAt', () => {
  const deadline = plus(72 * H);
  it.each([
    [24 * H, NOW, plus(48 * H)],
    [0, NOW, null],
    [72 * H, NOW, null], // exactly now: the assignment card already says it
    [100 * H, NOW, null],
    [24 * H, plus(50 * H), null],
  ])('remindBefore %d ms at %s', (before, now, expected) => {
    expect(remindAt(deadline, before, now)).toEqual(expected);
  });
});

describe('escalation times', () => {
  const deadline = plus(72 * H);
  it('level k is due k intervals after the deadline', () => {
    expect(escalationAt(deadline, 1, 24 * H)).toEqual(plus(96 * H));
    expect(escalationTimes(deadline, 24 * H, 3)).toEqual([plus(96 * H), plus(120 * H), plus(144 * H)]);
    expect(escalationTimes(deadline, 24 * H, 0)).toEqual([]);
  });

  it.each([0, -1, 1.5])('refuses level %d', (level) => {
    expect(() => escalationAt(deadline, level, H)).toThrow(RangeError);
  });
});
