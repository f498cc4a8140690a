import { AlarmEvent, AlarmRule, EngineEvent, Quality } from './alarmTypes';
import { isRefusal } from './alarmMachine';
import { createRuleEngine, RuleEngine } from './ruleEngine';

const T0 = Date.UTC(2026, 10, 24, 2, 0, 0);
const at = (sec: number) => new Date(T0 + sec * 1000);

/** [seconds, value, quality?] fed in order; `now` equals the source time unless skewed. */
type Step = [number, unknown, Quality?];

function feed(engine: RuleEngine, steps: Step[], tagId = 'T1'): EngineEvent[] {
  return steps.flatMap(([sec, value, quality]) => engine.ingest({ tagId, value, quality: quality ?? 'good', sourceTime: at(sec) }, at(sec)));
}
const kinds = (events: EngineEvent[]) => events.map((e) => e.kind);
const alarmsOf = (events: EngineEvent[]) => events.filter((e): e is AlarmEvent => 'alarm' in e);
const base = { id: 'R1', tagId: 'T1', severity: 'high' as const };

describe('rule kinds', () => {
  const series = (values: number[], stepSec = 10): Step[] => values.map((v, i) => [i * stepSec, v]);
  it.each<[string, AlarmRule, Step[], string[]]>([
    ['high trips at the limit', { ...base, kind: 'high', limit: 100 }, series([50, 99.9, 100]), ['alarm_raised']],
    ['high stays quiet below', { ...base, kind: 'high', limit: 100 }, series([50, 99.9, 99.99]), []],
    ['low trips at the limit', { ...base, kind: 'low', limit: 19.5 }, series([20.9, 19.6, 19.5]), ['alarm_raised']],
    ['low stays quiet above', { ...base, kind: 'low', limit: 19.5 }, series([20.9, 19.6]), []],
    ['deviation both: exactly d is fine', { ...base, kind: 'deviation', setpoint: 50, deviation: 5 }, series([52, 55, 45]), []],
    ['deviation both: above', { ...base, kind: 'deviation', setpoint: 50, deviation: 5 }, series([52, 55.1]), ['alarm_raised']],
    ['deviation both: below', { ...base, kind: 'deviation', setpoint: 50, deviation: 5 }, series([52, 44.9]), ['alarm_raised']],
    ['deviation up ignores low side', { ...base, kind: 'deviation', setpoint: 50, deviation: 5, direction: 'up' }, series([40, 30]), []],
    ['deviation up trips high side', { ...base, kind: 'deviation', setpoint: 50, deviation: 5, direction: 'up' }, series([40, 56]), ['alarm_raised']],
    ['deviation down trips low side', { ...base, kind: 'deviation', setpoint: 50, deviation: 5, direction: 'down' }, series([60, 44]), ['alarm_raised']],
    ['deviation down ignores high side', { ...base, kind: 'deviation', setpoint: 50, deviation: 5, direction: 'down' }, series([60, 70]), []],
    ['rate: slow rise is fine', { ...base, kind: 'rate', ratePerMinute: 10, windowSeconds: 60 }, series([0, 1, 2, 3, 4, 5, 6, 7]), []],
    ['rate: fast rise trips once half the window is covered', { ...base, kind: 'rate', ratePerMinute: 10, windowSeconds: 60 }, series([0, 2, 4, 6]), ['alarm_raised']],
    ['rate: two close points never extrapolate', { ...base, kind: 'rate', ratePerMinute: 10, windowSeconds: 60 }, [[0, 0], [1, 5]], []],
    ['rate: fast fall trips both', { ...base, kind: 'rate', ratePerMinute: 10, windowSeconds: 60 }, series([60, 58, 56, 54]), ['alarm_raised']],
    ['rate up ignores a fall', { ...base, kind: 'rate', ratePerMinute: 10, windowSeconds: 60, direction: 'up' }, series([60, 58, 56, 54, 52]), []],
    ['rate down trips on a fall', { ...base, kind: 'rate', ratePerMinute: 10, windowSeconds: 60, direction: 'down' }, series([60, 58, 56, 54]), ['alarm_raised']],
    ['rate only looks inside the window', { ...base, kind: 'rate', ratePerMinute: 10, windowSeconds: 60 }, [[0, 0], [200, 40], [230, 41], [260, 42]], []],
  ])('%s', (_name, rule, steps, expected) => {
    expect(kinds(feed(createRuleEngine([rule]), steps))).toEqual(expected);
  });

  it('records trigger, limit and peak', () => {
    const e = createRuleEngine([{ ...base, kind: 'high', limit: 100 }]);
    const [raised] = alarmsOf(feed(e, [[0, 101]]));
    feed(e, [[1, 130], [2, 110]]);
    expect(raised.alarm).toMatchObject({ triggerValue: 101, limit: 100, severity: 'high', condition: 'active', acknowledged: null });
    expect(e.snapshot().alarms[0].peakValue).toBe(130);
  });

  it('reports the rate per minute as the measured quantity', () => {
    const e = createRuleEngine([{ ...base, kind: 'rate', ratePerMinute: 10, windowSeconds: 60, direction: 'down' }]);
    const [raised] = alarmsOf(feed(e, [[0, 60], [10, 58], [20, 56], [30, 54]]));
    expect(raised.alarm.triggerValue).toBeCloseTo(-12);
    expect(raised.alarm.limit).toBe(-10);
  });
});

describe('sustain', () => {
  const rule: AlarmRule = { ...base, kind: 'high', limit: 100, sustainSeconds: 30 };
  it('needs the condition to hold continuously', () => {
    const e = createRuleEngine([rule]);
    expect(kinds(feed(e, [[0, 101], [10, 101], [20, 99], [30, 101], [50, 101]]))).toEqual([]);
    const events = alarmsOf(feed(e, [[60, 101]]));
    expect(kinds(events)).toEqual(['alarm_raised']);
    expect(events[0].alarm.raisedAt).toEqual(at(60));
  });

  it('completes on tick when the value stops changing', () => {
    const e = createRuleEngine([rule]);
    feed(e, [[0, 101]]);
    expect(e.tick(at(29))).toEqual([]);
    expect(kinds(e.tick(at(30)))).toEqual(['alarm_raised']);
    expect(e.tick(at(90))).toEqual([]);
  });

  it('measures the hold on our clock after the last reading, so DCS clock skew does not matter', () => {
    const e = createRuleEngine([rule]);
    // The DCS clock runs one hour behind ours.
    e.ingest({ tagId: 'T1', value: 101, quality: 'good', sourceTime: at(-3600) }, at(0));
    expect(e.tick(at(10))).toEqual([]);
    expect(kinds(e.tick(at(30)))).toEqual(['alarm_raised']);
  });
});

describe('hysteresis and clearing', () => {
  const rule: AlarmRule = { ...base, kind: 'high', limit: 100, deadband: 5, clearSeconds: 10 };
  it('clears only below limit − deadband, held for clearSeconds', () => {
    const e = createRuleEngine([rule]);
    expect(kinds(feed(e, [[0, 101]]))).toEqual(['alarm_raised']);
    expect(kinds(feed(e, [[1, 97], [2, 94], [7, 96], [12, 94], [21, 94]]))).toEqual([]);
    const cleared = alarmsOf(feed(e, [[22, 94]]));
    expect(kinds(cleared)).toEqual(['alarm_cleared']);
    expect(cleared[0].alarm.clearedAt).toEqual(at(22));
  });

  it('clears on tick too', () => {
    const e = createRuleEngine([rule]);
    feed(e, [[0, 101], [5, 90]]);
    expect(kinds(e.tick(at(15)))).toEqual(['alarm_cleared']);
  });

  it.each<[string, AlarmRule, number, number, number]>([
    ['low', { ...base, kind: 'low', limit: 19.5, deadband: 0.5 }, 19, 19.9, 20.1],
    ['deviation', { ...base, kind: 'deviation', setpoint: 50, deviation: 5, deadband: 1 }, 57, 54.5, 53.9],
  ])('%s: between the limit and the deadband does not clear', (_n, r, trip, between, normal) => {
    const e = createRuleEngine([r]);
    expect(kinds(feed(e, [[0, trip], [1, between]]))).toEqual(['alarm_raised']);
    expect(kinds(feed(e, [[2, normal]]))).toEqual(['alarm_cleared']);
  });
});

describe('alarm lifecycle', () => {
  const rule: AlarmRule = { ...base, kind: 'high', limit: 100 };
  it('one alarm per episode: a relapse before ack re-activates the same alarm', () => {
    const e = createRuleEngine([rule]);
    const events = alarmsOf(feed(e, [[0, 101], [1, 90], [2, 105], [3, 90], [4, 101]]));
    expect(kinds(events)).toEqual(['alarm_raised', 'alarm_cleared', 'alarm_reactivated', 'alarm_cleared', 'alarm_reactivated']);
    expect(new Set(events.map((x) => x.alarm.alarmId)).size).toBe(1);
    expect(events[4].alarm.relapses).toBe(2);
    expect(events[4].alarm.peakValue).toBe(105);
    expect(e.snapshot().counters.alarmsRaised).toBe(1);
  });

  it('ack then clear closes; the next episode is a new alarm', () => {
    const e = createRuleEngine([rule]);
    const [raised] = alarmsOf(feed(e, [[0, 101]]));
    const ack = e.acknowledge(raised.alarm.alarmId, 'u-zhang', at(5));
    if (isRefusal(ack)) throw new Error(ack.refusal);
    expect(kinds(ack.events)).toEqual(['alarm_acknowledged']);
    expect(ack.events[0].alarm.acknowledged).toEqual({ by: 'u-zhang', at: at(5) });
    expect(kinds(feed(e, [[6, 90]]))).toEqual(['alarm_cleared', 'alarm_closed']);
    expect(e.snapshot().alarms).toEqual([]);
    const [again] = alarmsOf(feed(e, [[7, 101]]));
    expect(again.kind).toBe('alarm_raised');
    expect(again.alarm.alarmId).not.toBe(raised.alarm.alarmId);
  });

  it('clear then ack closes', () => {
    const e = createRuleEngine([rule]);
    const [raised] = alarmsOf(feed(e, [[0, 101], [1, 90]]));
    const ack = e.acknowledge(raised.alarm.alarmId, 'u-li', at(2));
    expect(isRefusal(ack) ? [] : kinds(ack.events)).toEqual(['alarm_acknowledged', 'alarm_closed']);
  });

  it('refuses a second ack and unknown alarms', () => {
    const e = createRuleEngine([rule]);
    const [raised] = alarmsOf(feed(e, [[0, 101]]));
    e.acknowledge(raised.alarm.alarmId, 'u-zhang', at(1));
    expect(e.acknowledge(raised.alarm.alarmId, 'u-li', at(2))).toEqual({
      refusal: 'alarms.refusal.already_acknowledged',
      params: { alarmId: raised.alarm.alarmId, by: 'u-zhang', at: at(1).toISOString() },
    });
    expect(e.acknowledge('nope', 'u-li', at(2))).toEqual({ refusal: 'alarms.refusal.unknown_alarm', params: { alarmId: 'nope' } });
  });

  it('attaches the last N minutes of trend to each event', () => {
    const e = createRuleEngine([rule], { trendMinutes: 1 });
    const steps: Step[] = Array.from({ length: 18 }, (_, i) => [i * 10, 50 + i]);
    feed(e, steps);
    const [raised] = alarmsOf(feed(e, [[180, 120]]));
    expect(raised.trend[0]).toEqual({ t: T0 + 120_000, v: 62 });
    expect(raised.trend.at(-1)).toEqual({ t: T0 + 180_000, v: 120 });
    expect(raised.trend).toHaveLength(7);
  });

  it('restores open alarms after a restart and reports orphans', () => {
    const first = createRuleEngine([rule]);
    const [raised] = alarmsOf(feed(first, [[0, 101]]));
    const orphan = { ...raised.alarm, alarmId: 'old', ruleId: 'gone' };
    const e = createRuleEngine([rule], { openAlarms: [raised.alarm, orphan] });
    expect(e.snapshot().orphanAlarms).toEqual([orphan]);
    expect(kinds(feed(e, [[10, 105]]))).toEqual([]);
    expect(kinds(feed(e, [[11, 90]]))).toEqual(['alarm_cleared']);
  });
});

describe('unusable input', () => {
  const rule: AlarmRule = { ...base, kind: 'high', limit: 100, sustainSeconds: 20 };
  it.each<[string, unknown, Quality, string]>([
    ['bad quality', 500, 'bad', 'bad_quality'],
    ['NaN', NaN, 'good', 'not_a_number'],
    ['Infinity', Infinity, 'good', 'not_a_number'],
    ['a string', '500', 'good', 'not_a_number'],
    ['null', null, 'good', 'not_a_number'],
  ])('%s never trips and faults once per episode', (_n, value, quality, reason) => {
    const e = createRuleEngine([{ ...rule, sustainSeconds: 0 }]);
    const events = feed(e, [[0, value, quality], [1, value, quality], [2, value, quality]]);
    expect(events).toEqual([{ kind: 'sensor_fault', at: at(0), tagId: 'T1', reason }]);
    expect(e.snapshot().counters).toMatchObject({ badReadings: 3, faultEpisodes: 1, alarmsRaised: 0 });
    expect(kinds(feed(e, [[3, 50]]))).toEqual(['sensor_recovered']);
    expect(kinds(feed(e, [[4, value, quality]]))).toEqual(['sensor_fault']);
    expect(e.snapshot().counters.faultEpisodes).toBe(2);
  });

  it('a bad reading breaks a pending sustain', () => {
    const e = createRuleEngine([rule]);
    expect(kinds(feed(e, [[0, 101], [10, 0, 'bad'], [15, 101], [30, 101]]))).toEqual(['sensor_fault', 'sensor_recovered']);
    expect(kinds(feed(e, [[35, 101]]))).toEqual(['alarm_raised']);
  });

  it('uncertain values are judged unless configured as faults', () => {
    const r: AlarmRule = { ...rule, sustainSeconds: 0 };
    expect(kinds(feed(createRuleEngine([r]), [[0, 101, 'uncertain']]))).toEqual(['alarm_raised']);
    expect(kinds(feed(createRuleEngine([r], { uncertainIsFault: true }), [[0, 101, 'uncertain']]))).toEqual(['sensor_fault']);
  });

  it('drops out-of-order and duplicate readings and counts them', () => {
    const e = createRuleEngine([{ ...rule, sustainSeconds: 0 }]);
    expect(kinds(feed(e, [[10, 50], [5, 500], [10, 50], [10, 60]]))).toEqual([]);
    expect(e.snapshot().counters).toMatchObject({ readings: 2, outOfOrder: 1, duplicates: 1 });
    expect(e.trend('T1').map((p) => p.v)).toEqual([50, 60]);
  });

  it('counts unknown tags and invalid times', () => {
    const e = createRuleEngine([rule]);
    e.ingest({ tagId: 'nope', value: 1, quality: 'good', sourceTime: at(0) }, at(0));
    e.ingest({ tagId: 'T1', value: 1, quality: 'good', sourceTime: new Date('garbage') }, at(0));
    expect(e.snapshot().counters).toMatchObject({ unknownTag: 1, invalidTime: 1, readings: 0 });
  });
});

describe('stale sources', () => {
  const rule: AlarmRule = { ...base, kind: 'high', limit: 100, sustainSeconds: 30 };
  it('emits stale/fresh once per change and freezes timers while stale', () => {
    const e = createRuleEngine([rule, { ...rule, id: 'R2', tagId: 'T2' }]);
    feed(e, [[0, 101]]);
    expect(e.setStale(['T1', 'T2', 'unknown'], true, at(5))).toEqual([
      { kind: 'stale', at: at(5), tagId: 'T1' },
      { kind: 'stale', at: at(5), tagId: 'T2' },
    ]);
    expect(e.setStale(['T1'], true, at(6))).toEqual([]);
    expect(e.tick(at(60))).toEqual([]);
    expect(kinds(feed(e, [[70, 101]]))).toEqual(['fresh']);
    expect(e.snapshot().tags.find((t) => t.tagId === 'T2')?.stale).toBe(true);
    expect(kinds(e.setStale(['T2'], false, at(71)))).toEqual(['fresh']);
    expect(kinds(e.tick(at(100)))).toEqual(['alarm_raised']);
  });
});

describe('configuration', () => {
  it('rejects invalid rules with every issue listed', () => {
    expect(() =>
      createRuleEngine([
        { ...base, kind: 'deviation', setpoint: 1, deviation: 2, deadband: 2 },
        { ...base, kind: 'rate', ratePerMinute: 0, windowSeconds: 60 },
      ]),
    ).toThrow(/#0 R1 deadband: deadband_too_wide; #1 R1 id: duplicate_rule_id; #1 R1 ratePerMinute: non_positive_threshold/);
  });

  it('keeps ingest cheap with a long history (fixed buffer, incremental rate window)', () => {
    const e = createRuleEngine([{ ...base, kind: 'rate', ratePerMinute: 1000, windowSeconds: 600 }], { bufferCapacity: 100 });
    for (let i = 0; i < 20_000; i++) e.ingest({ tagId: 'T1', value: Math.sin(i / 50), quality: 'good', sourceTime: at(i) }, at(i));
    expect(e.trend('T1')).toHaveLength(100);
    expect(e.snapshot().counters.readings).toBe(20_000);
  });
});
