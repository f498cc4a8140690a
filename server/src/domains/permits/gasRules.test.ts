import { combustibleLimitVolPct, evaluateGasTest, gasCriteriaFor, GasReading, gasTestAgeMin, retestRequired, toVolPct } from './gasRules';
import { GAS_TABLE } from './gasTable';
import { NATIONAL_PERMIT_POLICY as POLICY } from './permitTypes';

const cse = gasCriteriaFor(POLICY, { oxygenBand: true });
const hot = gasCriteriaFor(POLICY, { oxygenBand: false });
const test = (readings: GasReading[], oxygenEnriched = false) => ({ id: 't', takenAt: '2026-11-24T02:00:00Z', analystId: 'a', readings, oxygenEnriched });
const codes = (readings: GasReading[], criteria = hot, enriched = false) => evaluateGasTest(test(readings, enriched), criteria).failures.map((f) => f.code);

describe('combustible limits are vol% by LEL class (5.3.2)', () => {
  it.each([
    ['methane', 5, 0.5],
    ['hydrogen', 4, 0.5],
    ['hydrogen_sulfide', 4, 0.5],
    ['methanol', 6, 0.5],
    ['ammonia', 15, 0.5],
    ['carbon_monoxide', 12.5, 0.5],
    ['propane', 2.1, 0.2],
    ['ethylene', 2.7, 0.2],
    ['benzene', 1.2, 0.2],
    ['toluene', 1.1, 0.2],
    ['acetylene', 2.5, 0.2],
  ])('%s: LEL %s vol% → limit %s vol%', (gasId, lel, limit) => {
    expect(GAS_TABLE[gasId].lelVolPct).toBe(lel);
    expect(combustibleLimitVolPct(lel, hot)).toBe(limit);
  });

  it('converts %LEL readings with the gas LEL', () => {
    expect(toVolPct(10, 'lel_pct', 5)).toBeCloseTo(0.5);
    expect(toVolPct(12.5, 'lel_pct', 4)).toBeCloseTo(0.5);
    expect(toVolPct(0.3, 'vol_pct', 5)).toBe(0.3);
  });

  it.each([
    ['methane 10 %LEL (0.5 vol%)', { gasId: 'methane', value: 10, unit: 'lel_pct' }, []],
    ['methane 11 %LEL (0.55 vol%)', { gasId: 'methane', value: 11, unit: 'lel_pct' }, ['combustible_over_limit']],
    ['hydrogen 12.5 %LEL (0.5 vol%)', { gasId: 'hydrogen', value: 12.5, unit: 'lel_pct' }, []],
    ['hydrogen 13 %LEL', { gasId: 'hydrogen', value: 13, unit: 'lel_pct' }, ['combustible_over_limit']],
    ['propane 9.5 %LEL (0.1995 vol%)', { gasId: 'propane', value: 9.5, unit: 'lel_pct' }, []],
    ['propane 10 %LEL (0.21 vol%)', { gasId: 'propane', value: 10, unit: 'lel_pct' }, ['combustible_over_limit']],
    ['methane 0.3 vol%', { gasId: 'methane', value: 0.3, unit: 'vol_pct' }, []],
    ['propane 0.3 vol%', { gasId: 'propane', value: 0.3, unit: 'vol_pct' }, ['combustible_over_limit']],
    ['unknown gas without LEL', { gasId: 'mystery', value: 1, unit: 'lel_pct' }, ['gas_unknown_lel']],
    ['unknown gas with a given LEL 3 %', { lelVolPct: 3, value: 6, unit: 'lel_pct' }, []],
    ['unknown gas with a given LEL 3 %, 7 %LEL', { lelVolPct: 3, value: 7, unit: 'lel_pct' }, ['combustible_over_limit']],
  ] as Array<[string, Omit<Extract<GasReading, { kind: 'combustible' }>, 'kind'>, string[]]>)('%s → %j', (_name, reading, expected) => {
    expect(codes([{ kind: 'combustible', ...reading }])).toEqual(expected);
  });

  it('reports the converted value and the limit', () => {
    const f = evaluateGasTest(test([{ kind: 'combustible', gasId: 'propane', value: 10, unit: 'lel_pct' }]), hot).failures[0];
    expect(f).toEqual({ code: 'combustible_over_limit', field: 'readings[0]', params: { gasId: 'propane', volPct: 0.21, limitVolPct: 0.2, lelVolPct: 2.1 }, sourceRef: 'GB 30871-2022 5.3.2' });
  });
});

describe('oxygen (6.4 a, 5.2.7)', () => {
  const methaneOk: GasReading = { kind: 'combustible', gasId: 'methane', value: 0, unit: 'lel_pct' };
  it.each([
    [19.4, false, ['oxygen_low']],
    [19.5, false, []],
    [21, false, []],
    [21.1, false, ['oxygen_high']],
    [23, true, []],
    [23.6, true, ['oxygen_high']],
  ])('confined space O₂ %s %% (enriched: %s) → %j', (value, enriched, expected) => {
    expect(codes([methaneOk, { kind: 'oxygen', value }], cse, enriched)).toEqual(expected);
  });

  it.each([
    [18, []],
    [22, []],
    [23.6, ['oxygen_high']],
  ])('hot work O₂ %s %% → %j (only the 23.5 %% ceiling applies)', (value, expected) => {
    expect(codes([methaneOk, { kind: 'oxygen', value }], hot)).toEqual(expected);
  });

  it('confined space tests must include oxygen', () => {
    expect(codes([methaneOk], cse)).toEqual(['gas_reading_missing']);
  });
});

describe('toxic gases against GBZ 2.1 limits', () => {
  const base: GasReading = { kind: 'combustible', gasId: 'methane', value: 0, unit: 'lel_pct' };
  it.each([
    ['hydrogen_sulfide', 10, 'mg_m3', []],
    ['hydrogen_sulfide', 10.1, 'mg_m3', ['toxic_over_limit']],
    ['hydrogen_sulfide', 7, 'ppm', []],
    ['hydrogen_sulfide', 7.2, 'ppm', ['toxic_over_limit']],
    ['carbon_monoxide', 17, 'ppm', []],
    ['carbon_monoxide', 18, 'ppm', ['toxic_over_limit']],
    ['chlorine', 0.3, 'ppm', []],
    ['chlorine', 0.4, 'ppm', ['toxic_over_limit']],
    ['ammonia', 28, 'ppm', []],
    ['ammonia', 29, 'ppm', ['toxic_over_limit']],
    ['phosgene', 0.01, 'ppm', ['toxic_gas_unknown']],
  ] as Array<[string, number, 'ppm' | 'mg_m3', string[]]>)('%s %s %s → %j', (gasId, value, unit, expected) => {
    expect(codes([base, { kind: 'toxic', gasId, value, unit }])).toEqual(expected);
  });

  it('a declared toxic gas must be measured', () => {
    const c = gasCriteriaFor(POLICY, { oxygenBand: true, requiredToxicGases: ['hydrogen_sulfide'] });
    expect(codes([base, { kind: 'oxygen', value: 20.9 }], c)).toEqual(['gas_reading_missing']);
  });
});

describe('sample age and re-test gaps', () => {
  it('measures age in minutes, negative for samples from the future', () => {
    expect(gasTestAgeMin({ takenAt: '2026-11-24T02:00:00Z' }, new Date('2026-11-24T02:30:00Z'))).toBe(30);
    expect(gasTestAgeMin({ takenAt: '2026-11-24T02:10:00Z' }, new Date('2026-11-24T02:00:00Z'))).toBe(-10);
  });

  it.each([
    [30, 30, false],
    [31, 30, true],
    [60, 60, false],
    [61, 60, true],
  ])('interrupted %s min with a %s min limit → re-test %s', (gap, limit, expected) => {
    const start = new Date('2026-11-24T02:00:00Z');
    expect(retestRequired(start, new Date(start.getTime() + gap * 60_000), limit)).toBe(expected);
  });
});
