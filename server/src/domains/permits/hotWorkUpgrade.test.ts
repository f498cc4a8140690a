import { baseHotLevel, HotUpgradeInput, upgradeHotWork } from './hotWorkUpgrade';
import { HotLevel } from './permitModel';
import { NATIONAL_PERMIT_POLICY } from './permitTypes';
import { PlantCalendar } from './plantTime';
import { resolvePolicy } from './policyOverrides';

const CAL: PlantCalendar = { holidays: ['2026-10-01', '2026-10-02'], makeupWorkdays: ['2026-11-28'] };
/** Shanghai wall-clock time → Date (UTC+8, no DST). */
const sh = (local: string) => new Date(`${local}:00+08:00`);
const run = (base: HotLevel, from: string, to: string, extra: Partial<HotUpgradeInput> = {}, policy = NATIONAL_PERMIT_POLICY, timezone = 'Asia/Shanghai') =>
  upgradeHotWork({ base, from: sh(from), to: sh(to), outdoor: false, windBeaufort: null, ...extra }, { policy, calendar: CAL, timezone });

describe('baseHotLevel (5.1.2–5.1.4)', () => {
  it.each([
    [{ onOperatingEquipment: true }, 'special'],
    [{ inMajorHazardTankDike: true }, 'special'],
    [{ inFireExplosionArea: true }, 'L1'],
    [{ onPipeRack: true }, 'L1'],
    [{}, 'L2'],
    [{ inFireExplosionArea: true, shutdownDowngradeApprovedBy: 'p-prod-head' }, 'L2'],
    [{ onOperatingEquipment: true, shutdownDowngradeApprovedBy: 'p-prod-head' }, 'special'],
    [{ inFixedHotWorkArea: true, onPipeRack: true }, 'fixed_area'],
  ])('%j → %s', (criteria, expected) => {
    expect(baseHotLevel(criteria)).toBe(expected);
  });
});

describe('upgradeHotWork (5.1.1, 5.2.15)', () => {
  it.each([
    ['weekday daytime', 'L2', '2026-11-24T10:00', '2026-11-24T12:00', {}, 'L2', []],
    ['crossing 20:00 into the night', 'L2', '2026-11-24T19:00', '2026-11-24T21:00', {}, 'L1', ['night']],
    ['ending exactly at 20:00 is not night', 'L2', '2026-11-24T18:00', '2026-11-24T20:00', {}, 'L2', []],
    ['early morning before 06:00', 'L2', '2026-11-24T05:00', '2026-11-24T07:00', {}, 'L1', ['night']],
    ['Saturday', 'L2', '2026-11-21T10:00', '2026-11-21T12:00', {}, 'L1', ['rest_day']],
    ['a working Saturday (调休)', 'L2', '2026-11-28T10:00', '2026-11-28T12:00', {}, 'L2', []],
    ['National Day holiday', 'L2', '2026-10-01T10:00', '2026-10-01T12:00', {}, 'L1', ['holiday']],
    ['holiday night is still one step (same clause)', 'L2', '2026-10-01T19:00', '2026-10-01T21:00', {}, 'L1', ['holiday', 'night']],
    ['一级 at night', 'L1', '2026-11-24T21:00', '2026-11-24T23:00', {}, 'special', ['night']],
    ['special circumstance', 'L2', '2026-11-24T10:00', '2026-11-24T12:00', { specialCircumstance: true }, 'L1', ['special_circumstance']],
    ['outdoor, force 5', 'L2', '2026-11-24T10:00', '2026-11-24T12:00', { outdoor: true, windBeaufort: 5 }, 'L1', ['wind']],
    ['outdoor, force 4', 'L2', '2026-11-24T10:00', '2026-11-24T12:00', { outdoor: true, windBeaufort: 4 }, 'L2', []],
    ['indoor, force 6', 'L2', '2026-11-24T10:00', '2026-11-24T12:00', { outdoor: false, windBeaufort: 6 }, 'L2', []],
    ['outdoor force 5 at night: two clauses, two steps', 'L2', '2026-11-24T19:00', '2026-11-24T21:00', { outdoor: true, windBeaufort: 5 }, 'special', ['night', 'wind']],
  ] as Array<[string, HotLevel, string, string, Partial<HotUpgradeInput>, HotLevel, string[]]>)('%s → %s', (_n, base, from, to, extra, level, reasons) => {
    const r = run(base, from, to, extra);
    expect(r.level).toBe(level);
    expect(r.reasons.map((x) => x.reason)).toEqual(reasons);
  });

  it('caps at 特级 and says so', () => {
    const r = run('special', '2026-11-24T21:00', '2026-11-24T23:00');
    expect(r).toMatchObject({ level: 'special', capped: true });
  });

  it('warns that outdoor hot work in a force-5 wind is prohibited in principle', () => {
    const r = run('L2', '2026-11-24T10:00', '2026-11-24T12:00', { outdoor: true, windBeaufort: 6 });
    expect(r.issues).toEqual([{ code: 'outdoor_hot_work_in_wind', field: 'weather.windBeaufort', params: { beaufort: 6, limit: 5, warnings: [] }, sourceRef: 'GB 30871-2022 5.2.15' }]);
  });

  it('counts a live wind warning as the wind at the site, once', () => {
    const gale = { beaufort: 6, sourceId: 'G-1', reason: '大风蓝色预警' };
    const warned = run('L2', '2026-11-24T10:00', '2026-11-24T12:00', { outdoor: true, warnings: [gale] });
    expect([warned.level, warned.reasons.map((x) => x.reason)]).toEqual(['L1', ['wind']]);
    expect(warned.issues[0]).toMatchObject({ code: 'outdoor_hot_work_in_wind', field: 'location.outdoor', params: { beaufort: 6, limit: 5, warnings: ['大风蓝色预警'] } });
    // The applicant's own force-5 reading and the warning are the same clause: one step.
    expect(run('L2', '2026-11-24T10:00', '2026-11-24T12:00', { outdoor: true, windBeaufort: 5, warnings: [gale] }).level).toBe('L1');
    // At night the weather step adds to the time step.
    expect(run('L2', '2026-11-24T19:00', '2026-11-24T21:00', { outdoor: true, warnings: [gale] }).level).toBe('special');
  });

  it('raises for a warning the plant rule names even without a wind force (a stricter plant rule)', () => {
    const r = run('L2', '2026-11-24T10:00', '2026-11-24T12:00', { outdoor: true, warnings: [{ beaufort: null, sourceId: 'F-1', reason: '大雾黄色预警' }] });
    expect([r.level, r.reasons.map((x) => x.reason)]).toEqual(['L1', ['weather_warning']]);
    expect(r.issues).toEqual([{ code: 'hot_work_raised_by_warning', field: 'location.outdoor', params: { warnings: ['大雾黄色预警'] }, sourceRef: 'GB 30871-2022 5.2.15' }]);
    // A warning below the wind limit still raises (the rule matched it), as one weather step.
    expect(run('L2', '2026-11-24T10:00', '2026-11-24T12:00', { outdoor: true, warnings: [{ beaufort: 4, sourceId: 'W-4', reason: '四级风' }] }).level).toBe('L1');
  });

  it('can be configured to one step at most (a loosening, so it needs a reason)', () => {
    const { policy } = resolvePolicy(NATIONAL_PERMIT_POLICY, {
      hotWork: { upgradesStackPerClause: { value: false, loosen: true, reason: '省级规范只升一级', approvedBy: 'safety-director' } },
    });
    expect(run('L2', '2026-11-24T19:00', '2026-11-24T21:00', { outdoor: true, windBeaufort: 5 }, policy).level).toBe('L1');
  });

  it('follows a tightened night band', () => {
    const { policy } = resolvePolicy(NATIONAL_PERMIT_POLICY, { hotWork: { nightStartMinute: 18 * 60 } });
    expect(run('L2', '2026-11-24T17:00', '2026-11-24T18:30', {}, policy).level).toBe('L1');
  });

  it("widens the night with the plant's nightHours but never narrows it", () => {
    const wide = { ...CAL, nightHours: { start: '18:00', end: '06:00' } };
    const narrow = { ...CAL, nightHours: { start: '22:00', end: '05:00' } };
    const input = (from: string, to: string) => ({ base: 'L2' as const, from: sh(from), to: sh(to), outdoor: false, windBeaufort: null });
    expect(upgradeHotWork(input('2026-11-24T18:00', '2026-11-24T19:00'), { policy: NATIONAL_PERMIT_POLICY, calendar: wide, timezone: 'Asia/Shanghai' }).level).toBe('L1');
    expect(upgradeHotWork(input('2026-11-24T20:30', '2026-11-24T21:00'), { policy: NATIONAL_PERMIT_POLICY, calendar: narrow, timezone: 'Asia/Shanghai' }).level).toBe('L1');
  });

  it("reads the clock in the plant's timezone", () => {
    // 19:30–19:50 in Shanghai is 20:30–20:50 in Tokyo.
    expect(run('L2', '2026-11-24T19:30', '2026-11-24T19:50').level).toBe('L2');
    expect(run('L2', '2026-11-24T19:30', '2026-11-24T19:50', {}, NATIONAL_PERMIT_POLICY, 'Asia/Tokyo').level).toBe('L1');
  });
});
