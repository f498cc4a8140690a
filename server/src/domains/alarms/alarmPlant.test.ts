import { join } from 'node:path';
import { loadPlantFile } from '../../platform/config/loadPlantFile';
import { resolveAlarmPlant, type AlarmPlant } from './alarmPlant';
import { areaGroups, escalationTargets, holdersNear, responsiblePeople, weatherGroups, type RecipientPerson } from './alarmRecipients';
import { stormDecision } from './alarmStorm';
import { SerialQueue } from './serialQueue';

const demo = loadPlantFile(join(__dirname, '..', '..', '..', 'plants', 'demo-plant.yaml'));
const plant = resolveAlarmPlant(demo, { demo: false }) as AlarmPlant;
const people: RecipientPerson[] = demo.people.map((p) => ({ id: `id-${p.key}`, key: p.key, roles: p.roles, departmentKey: p.departmentKey }));

describe('resolveAlarmPlant', () => {
  it('places tags through their unit and carries rule labels, units and hold settings', () => {
    expect(plant.tags.get('R-101.TI')).toEqual({ tagId: 'R-101.TI', label: '1号反应釜温度', uom: '℃', areaKey: 'synthesis', unitKey: 'synthesis_1', sourceId: 'dcs_main' });
    expect(plant.tags.get('WS-001')).toMatchObject({ areaKey: 'office', unitKey: null, sourceId: 'gas_detectors' });
    const r101 = plant.rules.get('r101_temp_high');
    expect(r101).toMatchObject({ label: 'R-101 温度', uom: '℃', areaKey: 'synthesis', unitKey: 'synthesis_1', holdPermits: true, hazard: null });
    expect(r101?.rule).toMatchObject({ kind: 'deviation', setpoint: 80, deviation: 5, direction: 'up', sustainSeconds: 120, clearSeconds: 10 });
    expect(plant.rules.get('gt301_lel_high')?.hazard).toEqual({ afterMs: 30 * 60_000, categoryKey: 'leak_toxic_gas' });
    expect(plant.opcua[0].tags[0]).toEqual({ tagId: 'R-101.TI', nodeId: 'ns=1;s=R-101.TI', samplingIntervalMs: 500, queueSize: undefined });
    expect(plant.escalation).toEqual({ afterMs: 600_000, everyMs: 600_000, chain: ['workshop_director', 'safety_director'] });
    // 10 min of trend at the fastest sampling (R-101.TI, 500 ms) + a margin.
    expect(plant.bufferCapacity).toBe(1210);
    expect(plant.weather?.policy.rules.map((r) => r.id)).toEqual(['wind_5', 'wind_6', 'dense_fog', 'rain_snow', 'thunderstorm']);
  });

  it.each([
    [false, 120, 600_000],
    [true, 2, 10_000],
  ])('demo profile %p: sustain %p s, escalation after %p ms', (isDemo, sustain, escalateMs) => {
    const p = resolveAlarmPlant(demo, { demo: isDemo }) as AlarmPlant;
    expect(p.rules.get('r101_temp_high')?.rule.sustainSeconds).toBe(sustain);
    expect(p.escalation?.afterMs).toBe(escalateMs);
  });

  it('is null for a plant without dcs and weather', () => {
    expect(resolveAlarmPlant({ ...demo, dcs: undefined, weather: undefined }, { demo: false })).toBeNull();
  });
});

describe('recipients', () => {
  it.each<[string | null, string[]]>([
    ['synthesis', ['id-liqiang', 'id-wangfang', 'id-zhaolei']],
    ['tank_farm', ['id-zhengtao', 'id-huangmin', 'id-heping']],
    ['distillation', ['id-liqiang', 'id-wangfang']],
    ['office', []],
    [null, []],
  ])('responsible for %p', (area, expected) => {
    expect(responsiblePeople(plant, area, people)).toEqual(expected);
  });

  it('takes role holders nearest to the area, else anyone', () => {
    expect(holdersNear(plant, 'workshop_director', 'tank_farm', people).map((p) => p.key)).toEqual(['huangmin']);
    expect(holdersNear(plant, 'safety_director', 'tank_farm', people).map((p) => p.key)).toEqual(['chenjing']);
  });

  it.each([
    [1, 'synthesis', ['id-wangfang']],
    [2, 'synthesis', ['id-chenjing']],
    [3, 'synthesis', []],
    [0, 'synthesis', []],
  ])('escalation level %p in %p', (level, area, expected) => {
    expect(escalationTargets(plant, level, area, people)).toEqual(expected);
  });

  it('sends area notices to the area groups on enabled platforms, else plant-wide groups', () => {
    const sandbox = new Set(['sandbox']);
    expect(areaGroups(plant, 'tank_farm', sandbox)).toEqual(['tank_farm_safety', 'storage_chat']);
    expect(areaGroups(plant, 'synthesis', new Set(['sandbox', 'wecom']))).toEqual(['synthesis_chat', 'synthesis_wecom']);
    expect(areaGroups(plant, 'office', sandbox)).toEqual(['utilities_chat']);
    expect(areaGroups(plant, null, sandbox)).toEqual(['plant_safety']);
    expect(weatherGroups(plant, sandbox)).toEqual(['plant_safety', 'tank_farm_safety', 'synthesis_chat', 'storage_chat', 'utilities_chat']);
  });
});

describe('stormDecision', () => {
  it.each([
    [{ cardsInWindow: 0, pendingDigest: 0 }, { channel: 'card' }],
    [{ cardsInWindow: 4, pendingDigest: 0 }, { channel: 'card' }],
    [{ cardsInWindow: 5, pendingDigest: 0 }, { channel: 'digest', scheduleDigest: true }],
    [{ cardsInWindow: 5, pendingDigest: 3 }, { channel: 'digest', scheduleDigest: false }],
    [{ cardsInWindow: 0, pendingDigest: 1 }, { channel: 'digest', scheduleDigest: false }],
  ])('%p → %p', (state, decision) => expect(stormDecision(state, 5)).toEqual(decision));
});

describe('SerialQueue', () => {
  it('runs tasks in order, one at a time, and reports its backlog', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => () => new Promise<void>((r) => setTimeout(() => (log.push(name), r()), ms));
    const a = q.run(task('a', 30));
    const b = q.run(() => Promise.reject(new Error('b failed')));
    const c = q.run(task('c', 1));
    expect(q.depth).toBe(3);
    await a;
    await expect(b).rejects.toThrow('b failed');
    await c;
    await q.drain();
    expect(log).toEqual(['a', 'c']);
    expect(q.depth).toBe(0);
  });
});
