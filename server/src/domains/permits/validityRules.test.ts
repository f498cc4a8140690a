import { LevelId, WorkType } from './permitModel';
import { NATIONAL_PERMIT_POLICY as POLICY } from './permitTypes';
import { checkValidityWindow, ParentWindow } from './validityRules';

const NOW = new Date('2026-11-24T00:00:00Z');
const h = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);
const codes = (type: WorkType, level: LevelId, hours: number, extra: { parent?: ParentWindow; specialApproval?: boolean; start?: number } = {}) => {
  const r = checkValidityWindow(type, level, { from: h(extra.start ?? 1), to: h((extra.start ?? 1) + hours) }, { policy: POLICY, now: NOW, ...extra });
  return [...r.errors.map((e) => e.code), ...r.warnings.map((w) => `~${w.code}`)];
};

describe('checkValidityWindow', () => {
  it.each([
    ['HOT', 'special', 8, []],
    ['HOT', 'special', 8.5, ['validity_exceeds_max']],
    ['HOT', 'L1', 8, []],
    ['HOT', 'L1', 9, ['validity_exceeds_max']],
    ['HOT', 'L2', 72, []],
    ['HOT', 'L2', 73, ['validity_exceeds_max']],
    ['CSE', 'single', 24, []],
    ['CSE', 'single', 25, ['validity_exceeds_max']],
    ['HGT', 'IV', 168, []],
    ['HGT', 'I', 169, ['validity_exceeds_max']],
    ['TMP', 'single', 360, []],
    ['TMP', 'single', 361, ['special_approval_required']],
    ['TMP', 'single', 721, ['validity_exceeds_max']],
  ] as Array<[WorkType, LevelId, number, string[]]>)('%s %s for %s h → %j', (type, level, hours, expected) => {
    expect(codes(type, level, hours)).toEqual(expected);
  });

  it('names the maximum and the clause', () => {
    const r = checkValidityWindow('HOT', 'L1', { from: h(1), to: h(10) }, { policy: POLICY, now: NOW });
    expect(r.errors[0]).toEqual({ code: 'validity_exceeds_max', field: 'window.to', params: { type: 'HOT', level: 'L1', maxHours: 8, requestedHours: 9 }, sourceRef: 'GB 30871-2022 5.1.5' });
  });

  it('lets TMP run up to 30 days with special approval, as a warning', () => {
    expect(codes('TMP', 'single', 600, { specialApproval: true })).toEqual(['~special_validity_used']);
    expect(codes('TMP', 'single', 721, { specialApproval: true })).toEqual(['validity_exceeds_max']);
  });

  it('keeps TMP inside its parent HOT/CSE permit (10.8)', () => {
    const parent: ParentWindow = { id: 'hot-1', type: 'HOT', from: h(2), to: h(10) };
    expect(codes('TMP', 'single', 8, { parent, start: 2 })).toEqual([]);
    expect(codes('TMP', 'single', 9, { parent, start: 2 })).toEqual(['tmp_beyond_parent']);
    expect(codes('TMP', 'single', 8, { parent, start: 1 })).toEqual(['~tmp_starts_before_parent']);
    expect(codes('TMP', 'single', 4, { parent: { ...parent, type: 'HGT' }, start: 2 })).toEqual(['parent_type_invalid']);
  });

  it.each([
    ['an end before the start', { from: h(5), to: h(4) }, ['window_invalid']],
    ['a window already over', { from: h(-5), to: h(-1) }, ['window_ended']],
  ])('refuses %s', (_name, w, expected) => {
    expect(checkValidityWindow('CSE', 'single', w, { policy: POLICY, now: NOW }).errors.map((e) => e.code)).toEqual(expected);
  });

  it('refuses a level the type does not have', () => {
    expect(checkValidityWindow('CSE', 'L1', { from: h(1), to: h(2) }, { policy: POLICY, now: NOW }).errors.map((e) => e.code)).toEqual(['level_unknown']);
  });
});
