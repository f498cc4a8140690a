import { categoryGroups, preselectArea, reportPayload, validateReport, type AreaOption, type ReportDraft } from './reportLogic';

const areas: AreaOption[] = [
  { key: 'tank_farm', name: '罐区', geofence: { type: 'polygon', points: [[118.7999, 31.9040], [118.8024, 31.9040], [118.8024, 31.9060], [118.7999, 31.9060]] } },
  { key: 'substation', name: '配电室', geofence: { type: 'circle', center: [118.7964, 31.9045], radiusM: 25 } },
];

describe('report page logic', () => {
  test.each<[string, { lat: number; lng: number } | null, string | null, boolean]>([
    ['inside the tank farm', { lat: 31.9050, lng: 118.8010 }, 'tank_farm', false],
    ['inside the substation circle', { lat: 31.90455, lng: 118.79645 }, 'substation', false],
    ['on site between areas', { lat: 31.9030, lng: 118.7990 }, null, false],
    ['GPS far outside the plant (Shanghai)', { lat: 31.2304, lng: 121.4737 }, null, true],
    ['no fix', null, null, false],
  ])('preselectArea: %s', (_n, fix, key, offSite) => {
    expect(preselectArea(areas, fix)).toEqual({ areaKey: key, offSite });
  });

  test('categoryGroups: level 1 → leaves (level 3, or a childless level 2)', () => {
    const groups = categoryGroups([
      { key: 'fire', name: '消防', level: 1, parentKey: null },
      { key: 'fire_eq', name: '消防器材', level: 2, parentKey: 'fire' },
      { key: 'fire_ext', name: '灭火器过期', level: 3, parentKey: 'fire_eq' },
      { key: 'fire_misc', name: '其他消防', level: 2, parentKey: 'fire' },
      { key: 'empty', name: '空', level: 1, parentKey: null },
    ]);
    expect(groups).toEqual([{ key: 'fire', name: '消防', leaves: [{ key: 'fire_ext', name: '灭火器过期' }, { key: 'fire_misc', name: '其他消防' }] }]);
  });

  const draft: ReportDraft = { photos: ['a.jpg'], fix: { lat: 31.9, lng: 118.8, datum: 'WGS-84' }, areaKey: 'tank_farm', categoryKey: 'fire_ext', description: '  灭火器  过期 ', capturedAt: '2026-11-24T04:00:00Z' };

  test('validateReport: a complete draft passes; each missing part is named', () => {
    expect(validateReport(draft)).toEqual([]);
    expect(validateReport({ ...draft, photos: [], areaKey: null, categoryKey: null, description: ' ' })).toEqual([
      'miniprogram.report.need_photo', 'miniprogram.report.need_area', 'miniprogram.report.need_category', 'miniprogram.report.need_description',
    ]);
    expect(validateReport({ ...draft, photos: Array(10).fill('x') })).toContain('miniprogram.report.too_many_photos');
  });

  test('reportPayload: one clean line, the fix with its datum', () => {
    expect(reportPayload(draft)).toEqual({ areaKey: 'tank_farm', categoryKey: 'fire_ext', description: '灭火器 过期', location: { lat: 31.9, lng: 118.8, datum: 'WGS-84' } });
  });
});
