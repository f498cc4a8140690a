import { beaufortFromSpeed, beaufortLowerBound } from './beaufort';
import { applyWarning, applyWindReading, emptyWeatherState, expireWarnings, WeatherState } from './weatherTracker';
import { coversRegion, decideWarning, WeatherPolicy } from './weatherRules';
import { classifyWeatherEvent, levelFromSeverity, levelFromText, Warning } from './weatherTypes';

const now = new Date('2026-11-24T08:00:00+08:00');
const min = (m: number) => new Date(now.getTime() + m * 60_000);

/** The domain.md §1.13 table as a policy, plus the enterprise thunderstorm rule. */
const policy: WeatherPolicy = {
  regionCodes: ['320115'],
  areaNames: ['江宁'],
  rules: [
    { id: 'wind5', minBeaufort: 5, actions: { stopTypes: ['HGT'], raiseLevel: ['HOT'], outdoorOnly: true } },
    { id: 'wind6', minBeaufort: 6, actions: { stopTypes: ['LFT'], outdoorOnly: true } },
    { id: 'fog', eventTypes: ['fog'], actions: { stopTypes: ['HGT', 'LFT'], outdoorOnly: true } },
    { id: 'rain', eventTypes: ['rainstorm', 'snowstorm'], minLevel: 'yellow', actions: { stopTypes: ['LFT'], outdoorOnly: true } },
    { id: 'thunder', eventTypes: ['lightning', 'thunderstorm', 'thunderstorm_gale'], actions: { stopTypes: ['HOT', 'HGT', 'LFT'], evacuate: true, outdoorOnly: true } },
  ],
};

function warning(over: Partial<Warning> = {}): Warning {
  return {
    identifier: 'W1', sender: '南京市气象台', sent: now, status: 'Actual', msgType: 'Alert', references: [],
    event: '大雾', eventType: 'fog', level: 'yellow', beaufort: null, urgency: null, severity: null, certainty: null,
    onset: now, expires: min(600), headline: null, description: null, eventCodes: [], parameters: [],
    areas: [{ areaDesc: '南京市', geocodes: [{ valueName: 'GB/T 2260', value: '320100' }] }], source: 'cap', ...over,
  };
}
const ruleIds = (w: Warning) => decideWarning(policy, w).matched.map((m) => m.ruleId);

describe('beaufort', () => {
  it.each([[0, 0], [0.2, 0], [7.9, 4], [7.95, 5], [8.0, 5], [10.7, 5], [10.75, 6], [10.8, 6], [13.8, 6], [13.9, 7], [60, 17]])('%p m/s → force %p', (ms, force) => {
    expect(beaufortFromSpeed(ms)).toBe(force);
  });
  it('rejects nonsense and gives lower bounds', () => {
    expect([beaufortFromSpeed(-1), beaufortFromSpeed(NaN)]).toEqual([null, null]);
    expect([beaufortLowerBound(5), beaufortLowerBound(6)]).toEqual([8.0, 10.8]);
  });
});

describe('event and level normalisation', () => {
  it.each([
    ['大风', 'gale'], ['大风蓝色预警信号', 'gale'], ['雷雨大风黄色预警', 'thunderstorm_gale'], ['雷电', 'lightning'],
    ['暴雨橙色预警', 'rainstorm'], ['暴雪', 'snowstorm'], ['大雾红色预警', 'fog'], ['Thunderstorm', 'thunderstorm'], ['地震', null],
  ])('%s → %p', (text, key) => expect(classifyWeatherEvent(text)).toBe(key));
  it('reads colours from text and severities', () => {
    expect([levelFromText('大风蓝色预警'), levelFromText('Orange'), levelFromText('大风'), levelFromText(null)]).toEqual(['blue', 'orange', null, null]);
    expect(['Minor', 'Moderate', 'Severe', 'Extreme', 'Unknown'].map(levelFromSeverity)).toEqual(['blue', 'yellow', 'orange', 'red', null]);
  });
});

describe('region matching', () => {
  it.each([
    ['320115', '320115', true], ['320100', '320115', true], ['320000', '320115', true], ['320116', '320115', false],
    ['310000', '320115', false], ['320115001000', '320115', false], ['320115000000', '320115001000', true], ['abc', 'abc', true],
  ])('%s covers %s: %p', (w, p, ok) => expect(coversRegion(w, p)).toBe(ok));
});

describe('decideWarning', () => {
  it.each<[string, Partial<Warning>, string[]]>([
    ['fog of any colour', { eventType: 'fog', level: 'blue' }, ['fog']],
    ['blue rainstorm is below the rule', { eventType: 'rainstorm', level: 'blue' }, []],
    ['yellow rainstorm', { eventType: 'rainstorm', level: 'yellow' }, ['rain']],
    ['rainstorm without colour does not reach yellow', { eventType: 'rainstorm', level: null }, []],
    ['blue gale implies force 6', { eventType: 'gale', level: 'blue' }, ['wind5', 'wind6']],
    ['gale with a stated force 5', { eventType: 'gale', level: 'blue', beaufort: 5 }, ['wind5']],
    ['thunderstorm gale triggers thunder and wind rules', { eventType: 'thunderstorm_gale', level: 'yellow' }, ['wind5', 'wind6', 'thunder']],
    ['lightning', { eventType: 'lightning', level: 'yellow' }, ['thunder']],
    ['unknown event', { eventType: null, event: '地震' }, []],
  ])('%s', (_n, over, expected) => expect(ruleIds(warning(over))).toEqual(expected));

  it('fills action defaults', () => {
    expect(decideWarning(policy, warning({ eventType: 'lightning' })).matched[0]).toEqual({
      ruleId: 'thunder', stopTypes: ['HOT', 'HGT', 'LFT'], raiseLevel: [], outdoorOnly: true, evacuate: true,
    });
  });

  it('lets the plant override the colour → force table', () => {
    const p = { ...policy, galeBeaufortByLevel: { blue: 5 } };
    expect(decideWarning(p, warning({ eventType: 'gale', level: 'blue' })).matched.map((m) => m.ruleId)).toEqual(['wind5']);
  });
});

describe('applyWarning', () => {
  const run = (ws: Warning[], start: WeatherState = emptyWeatherState()) => {
    let state = start;
    const effects = ws.flatMap((w) => {
      const r = applyWarning(state, w, policy, now);
      state = r.next;
      return r.effects;
    });
    return { state, effects };
  };
  const summary = (e: ReturnType<typeof run>['effects']) =>
    e.map((x) => (x.kind === 'apply' ? `apply ${x.warning.identifier}<${x.replaces}>` : x.kind === 'release' ? `release ${x.identifiers} ${x.reason}` : `ignored ${x.identifier} ${x.reason}`));

  it.each<[string, Warning[], string[], string[]]>([
    ['alert applies', [warning()], ['apply W1<>'], ['W1']],
    ['duplicate ignored', [warning(), warning()], ['apply W1<>', 'ignored W1 duplicate'], ['W1']],
    ['update replaces', [warning(), warning({ identifier: 'W2', msgType: 'Update', references: ['W1'], level: 'orange' })], ['apply W1<>', 'apply W2<W1>'], ['W2']],
    ['cancel releases', [warning(), warning({ identifier: 'C1', msgType: 'Cancel', references: ['W1'] })], ['apply W1<>', 'release W1 cancel'], []],
    ['cancel of nothing', [warning({ identifier: 'C1', msgType: 'Cancel', references: ['W9'] })], ['ignored C1 unknown_reference'], []],
    ['exercise ignored', [warning({ status: 'Exercise' })], ['ignored W1 status'], []],
    ['other region ignored', [warning({ areas: [{ areaDesc: '上海', geocodes: [{ valueName: 'GB/T 2260', value: '310000' }] }] })], ['ignored W1 region'], []],
    ['area name fallback', [warning({ areas: [{ areaDesc: '江宁区', geocodes: [] }] })], ['apply W1<>'], ['W1']],
    ['expired ignored', [warning({ expires: min(-1) })], ['ignored W1 expired'], []],
    ['no rule', [warning({ eventType: 'heat' })], ['ignored W1 no_rule'], []],
    [
      'downgrade below the rule releases',
      [warning({ eventType: 'rainstorm', level: 'orange' }), warning({ identifier: 'W2', msgType: 'Update', references: ['W1'], eventType: 'rainstorm', level: 'blue' })],
      ['apply W1<>', 'release W1 update', 'ignored W2 no_rule'],
      [],
    ],
  ])('%s', (_n, ws, expected, active) => {
    const { state, effects } = run(ws);
    expect(summary(effects)).toEqual(expected);
    expect(Object.keys(state.active)).toEqual(active);
  });

  it('expires warnings and prunes old dedupe keys', () => {
    const { state } = run([warning({ expires: min(30) })]);
    expect(expireWarnings(state, min(29)).effects).toEqual([]);
    const r = expireWarnings(state, min(30));
    expect(r.effects).toEqual([{ kind: 'release', identifiers: ['W1'], reason: 'expired' }]);
    expect(r.next.active).toEqual({});
    expect(Object.keys(expireWarnings(state, min(8 * 24 * 60)).next.seen)).toEqual([]);
  });
});

describe('applyWindReading', () => {
  it('applies stronger wind at once and releases only after a calm period', () => {
    let state = emptyWeatherState();
    const step = (ms: number, m: number) => {
      const r = applyWindReading(state, ms, policy, min(m), 10);
      state = r.next;
      return r.effects.map((e) => (e.kind === 'apply' ? `apply ${e.decision.matched.map((x) => x.ruleId)} <${e.replaces.length}>` : e.kind));
    };
    expect(step(7.9, 0)).toEqual([]);
    expect(step(8.1, 1)).toEqual(['apply wind5 <0>']);
    expect(step(8.5, 2)).toEqual([]);
    expect(step(11, 3)).toEqual(['apply wind5,wind6 <1>']);
    expect(step(9, 4)).toEqual([]);
    expect(step(11, 5)).toEqual([]);
    expect(step(9, 6)).toEqual([]);
    expect(step(9, 15)).toEqual([]);
    expect(step(9, 16)).toEqual(['apply wind5 <1>']);
    expect(step(3, 17)).toEqual([]);
    expect(step(3, 27)).toEqual(['release']);
    expect(Object.keys(state.active)).toEqual([]);
  });
});
