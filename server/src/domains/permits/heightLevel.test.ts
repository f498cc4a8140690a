import { HeightFactor, heightLevel, HeightSituation } from './heightLevel';
import { liftingLevel } from './liftingLevel';
import { NATIONAL_PERMIT_POLICY as POLICY } from './permitTypes';
import { weatherVerdict } from './weatherRules';

describe('heightLevel (8.1, Table 2, Table B.1 note 2)', () => {
  it.each([
    [2, [], [], 'I', 'A'],
    [5, [], [], 'I', 'A'],
    [5.1, [], [], 'II', 'A'],
    [15, [], [], 'II', 'A'],
    [15.5, [], [], 'III', 'A'],
    [30, [], [], 'III', 'A'],
    [31, [], [], 'IV', 'A'],
    [3, ['gust_wind_5'], [], 'II', 'B'],
    [3, ['mean_temp_5c', 'slippery_surface', 'poor_light'], [], 'II', 'B'],
    [10, ['toxic_or_low_o2'], [], 'III', 'B'],
    [20, ['unstable_footing'], [], 'IV', 'B'],
    [40, ['live_conductor_near'], [], 'IV', 'B'],
    [3, [], ['slope_over_45'], 'I', 'A'],
    [3, [], ['inside_vessel'], 'II', 'A'],
    [3, [], ['rainfall'], 'IV', 'A'],
    [20, [], ['near_opening_or_pit'], 'III', 'A'],
    [4, ['cold_water_12c'], ['outdoor_night_artificial_light'], 'IV', 'B'],
  ] as Array<[number, HeightFactor[], HeightSituation[], string, string]>)('%s m, factors %j, situations %j → %s (method %s)', (heightM, factors, situations, level, method) => {
    const r = heightLevel({ heightM, factors, situations }, POLICY);
    expect(r).toMatchObject({ kind: 'level', level, method });
  });

  it('names the situations that raised the level', () => {
    expect(heightLevel({ heightM: 3, factors: [], situations: ['snowfall', 'slope_over_45'] }, POLICY)).toMatchObject({ raisedBy: ['snowfall'] });
  });

  it('below 2 m is not work at height', () => {
    expect(heightLevel({ heightM: 1.9, factors: ['gust_wind_5'], situations: [] }, POLICY)).toEqual({
      code: 'no_permit_needed', reason: 'below_height_threshold', params: { heightM: 1.9, minHeightM: 2 }, sourceRef: 'GB 30871-2022 3.8', riskAnalysisRequired: false,
    });
  });
});

describe('liftingLevel (9.1, B.1 note 3)', () => {
  it.each([
    [9.99, 'no_permit_needed'],
    [10, 'L3'],
    [39.9, 'L3'],
    [40, 'L2'],
    [100, 'L2'],
    [100.1, 'L1'],
  ])('%s t → %s', (massT, expected) => {
    const r = liftingLevel(massT, POLICY);
    expect('code' in r ? r.code : r.level).toBe(expected);
  });

  it('under 10 t answers with the reason and keeps the risk-analysis duty', () => {
    expect(liftingLevel(8, POLICY)).toEqual({
      code: 'no_permit_needed', reason: 'lift_below_threshold', params: { massT: 8, thresholdT: 10 }, sourceRef: 'GB 30871-2022 B.1 说明3', riskAnalysisRequired: true,
    });
  });
});

describe('weatherVerdict (8.2.6, 9.2.4, 5.2.15)', () => {
  it.each([
    ['HGT', true, { windBeaufort: 5 }, true, false, ['weather_stop_wind']],
    ['HGT', true, { windBeaufort: 4 }, false, false, []],
    ['HGT', true, { windBeaufort: 2, fog: true }, true, false, ['weather_stop_fog']],
    ['HGT', false, { windBeaufort: 7 }, false, false, []],
    ['LFT', true, { windBeaufort: 5 }, false, false, []],
    ['LFT', true, { windBeaufort: 6 }, true, false, ['weather_stop_wind']],
    ['LFT', true, { windBeaufort: 1, rainstorm: true }, true, false, ['weather_stop_precipitation']],
    ['HOT', true, { windBeaufort: 5 }, false, true, []],
    ['HOT', false, { windBeaufort: 5 }, false, false, []],
    ['CSE', true, { windBeaufort: 9 }, false, false, []],
    ['HGT', true, { windBeaufort: null }, false, false, []],
  ] as const)('%s outdoor=%s %j → stop %s, upgrade %s', (type, outdoor, w, stop, upgrade, codes) => {
    const r = weatherVerdict(type, outdoor, w, POLICY);
    expect([r.stop, r.upgrade, r.issues.map((i) => i.code)]).toEqual([stop, upgrade, codes]);
  });
});
