import mqtt, { MqttClient } from 'mqtt';
import { authAs } from '../../../../testkit/sandboxLogin';
import { DB_KINDS, type DbKind } from '../../../../testkit/testDb';
import { startTestServer, TestServer } from '../../../../testkit/testServer';
import type { DcsSection } from '../../platform/config/dcsConfigSchema';
import { importPlants, loadPlants } from '../../platform/config/importPlants';
import { listEvidence } from '../../platform/evidence/evidenceChain';
import { hazardsModule } from '../hazards/hazardsModule';
import { permitsModule } from '../permits/permitsModule';
import { createAlarmsModule } from './alarmsModule';
import { cardsOf, groupLines, insertApprovedPermit, metricValue, overrideConfig, permitStatus, PLANT, waitFor } from './alarmTestKit';

jest.setTimeout(60_000);

/** Mosquitto on the development machine; every run publishes under its own prefix. */
const BROKER = 'mqtt://127.0.0.1:1883';
const prefix = `t${process.pid}x${Date.now().toString(36)}`;
let publisher: MqttClient;
beforeAll(async () => {
  publisher = await mqtt.connectAsync(BROKER, { clientId: `alarm-test-${prefix}` });
});
afterAll(async () => {
  await publisher.endAsync();
});

/** The demo plant without OPC UA and weather, its gas detectors on this run's topics, faster timings. */
function mqttOnly(edit: (dcs: DcsSection) => void = () => undefined) {
  return overrideConfig((dcs, weather) => {
    dcs.opcua = [];
    dcs.rules = dcs.rules.filter((r) => r.tagId.startsWith('GT-'));
    dcs.mqtt[0].topics = [
      { topic: `${prefix}/demo/gas/+/reading`, tagFrom: 'topic[3]', valuePath: 'value', timePath: 'ts', qualityPath: 'status' },
      { topic: `${prefix}/demo/wind/+`, tagFrom: 'topic[3]', valuePath: '' },
    ];
    for (const r of dcs.rules) {
      r.sustainSeconds = 1;
      r.clearSeconds = 0.5;
    }
    delete dcs.escalation;
    delete (weather as Partial<typeof weather>).feed;
    edit(dcs);
  });
}

const gas = (tag: string, value: unknown, ts = new Date(), status = 'ok') =>
  publisher.publishAsync(`${prefix}/demo/gas/${tag}/reading`, JSON.stringify({ value, ts: ts.toISOString(), status }));
const openAlarm = (server: TestServer, ruleId: string) =>
  server.deps.db.query<{ id: string; code: string; hold_ids: string[] }>('SELECT id, code, hold_ids FROM alarms WHERE plant_id = $1 AND rule_id = $2 AND closed_at IS NULL', [PLANT, ruleId]).then((r) => r.rows[0]);

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(override: ReturnType<typeof mqttOnly>, kind: DbKind = 'pglite') {
  const alarms = createAlarmsModule({ configOverride: override, tickMs: 200, reconcileMs: 500 });
  server = await startTestServer({ kind, modules: [permitsModule, hazardsModule, alarms] });
  await waitFor('MQTT connected', async () => (await server!.http().get('/readyz')).body.components.mqtt?.state === 'up');
  return { server, alarms };
}

describe.each(DB_KINDS)('gas detector over MQTT (%s)', (kind) => {
  it('raises an alarm with cards, a group notice, a hold and an evacuation card; ack + clear closes it and releases the hold', async () => {
    const { server: s } = await start(mqttOnly(), kind);
    const permitId = await insertApprovedPermit(s, { areaKey: 'tank_farm', unitKey: 'tank_group_a', outdoor: true });
    const elsewhere = await insertApprovedPermit(s, { areaKey: 'synthesis', unitKey: 'synthesis_1', outdoor: false });
    await gas('GT-301', 12);
    await gas('GT-301', 31.5);
    const alarm = await waitFor('the alarm row', () => openAlarm(s, 'gt301_lel_high'));
    expect(alarm.code).toMatch(/^BJ-\d{8}-\d{4}$/);

    const card = await waitFor('the alarm card of the tank farm shift leader', async () => (await cardsOf(s, 'zhengtao', 'alarm.card'))[0]);
    expect(card.body.title).toBe('【紧急】罐区可燃气体探测器 报警');
    expect(card.body.buttons?.[0].label).toBe('确认报警');
    await waitFor('the card of the named safety officer', async () => (await cardsOf(s, 'heping', 'alarm.card')).length === 1);
    await waitFor('the tank farm group notice', async () => (await groupLines(s, 'tank_farm_safety')).some((l) => l.body.title?.includes('报警')));
    expect(await permitStatus(s, permitId)).toBe('suspended');
    expect(await permitStatus(s, elsewhere)).toBe('approved');
    expect(alarm.hold_ids).toHaveLength(1);
    const restriction = await s.deps.db.query<{ scope: unknown }>('SELECT scope FROM work_restrictions WHERE plant_id = $1 AND hold_id = $2 AND released_at IS NULL', [PLANT, alarm.hold_ids[0]]);
    expect(restriction.rows[0].scope).toEqual({ unitKeys: ['tank_group_a'] });
    await waitFor('the evacuation card of the guardian', async () => (await cardsOf(s, 'xulin', 'alarm.evacuation')).length === 1);

    // Acknowledge: a worker may not, the shift leader may, a second acknowledgement is refused with who.
    expect((await s.http().post(`/api/alarms/${alarm.id}/ack`).set(await authAs(s, 'zhangwei'))).status).toBe(403);
    const acked = await s.http().post(`/api/alarms/${alarm.id}/ack`).set(await authAs(s, 'zhengtao'));
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: { name: '郑涛' } });
    const again = await s.http().post(`/api/alarms/${alarm.id}/ack`).set(await authAs(s, 'heping'));
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('郑涛');
    expect((await s.http().post('/api/alarms/00000000-0000-4000-8000-000000000000/ack').set(await authAs(s, 'heping'))).status).toBe(404);
    await waitFor('the card updated in place', async () => (await cardsOf(s, 'zhengtao', 'alarm.card'))[0].body.status?.startsWith('已确认'));

    // Back below limit − deadband for clearSeconds: cleared, and since acknowledged, closed with the hold released.
    await gas('GT-301', 5);
    await new Promise((r) => setTimeout(r, 700));
    await gas('GT-301', 4);
    await waitFor('the alarm closed', async () => !(await openAlarm(s, 'gt301_lel_high')));
    const hold = await s.deps.db.query<{ released_at: Date | null }>('SELECT released_at FROM permit_holds WHERE id = $1', [alarm.hold_ids[0]]);
    expect(hold.rows[0].released_at).toBeInstanceOf(Date);
    const events = await listEvidence(s.deps.db, PLANT, 'alarm', alarm.id);
    expect(events.map((e) => e.kind)).toEqual(['alarm.raised', 'alarm.acknowledged', 'alarm.cleared', 'alarm.closed']);
    const trend = (events[0].data as { trend: { fileId: string; points: number } }).trend;
    expect(trend.points).toBeGreaterThanOrEqual(2);
    expect((await s.deps.db.query('SELECT mime FROM files WHERE id = $1', [trend.fileId])).rows[0]).toEqual({ mime: 'image/png' });
    const list = await s.http().get('/api/alarms?status=closed&areaKey=tank_farm').set(await authAs(s, 'zhaolei'));
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([alarm.id]);
  });

});

describe('gas detector over MQTT: bad input, storms, escalation', () => {
  it('counts and logs payloads that do not fit, never crashing: not JSON, no value, non-numeric, out of order, unknown tag', async () => {
    const { server: s } = await start(mqttOnly());
    const t = Date.now();
    await publisher.publishAsync(`${prefix}/demo/gas/GT-301/reading`, '{{ not json');
    await publisher.publishAsync(`${prefix}/demo/gas/GT-301/reading`, JSON.stringify({ ts: new Date(t).toISOString() }));
    await gas('GT-301', 10, new Date(t));
    await gas('GT-301', 11, new Date(t - 5000));
    await gas('GT-999', 10, new Date(t));
    await gas('GT-301', 'NaN', new Date(t + 1000));
    await waitFor('the sensor fault notice', async () => (await groupLines(s, 'tank_farm_safety')).some((l) => l.body.title === '罐区可燃气体探测器 传感器故障'));
    const metrics = await waitFor('the rejection counters', async () => {
      const text = (await s.http().get('/metrics')).text;
      return metricValue(text, 'anquan_dcs_rejected_readings_total', 'reason="out_of_order"') === 1 ? text : null;
    });
    expect(metricValue(metrics, 'anquan_dcs_rejected_readings_total', 'source="gas_detectors"', 'reason="not_json"')).toBe(1);
    expect(metricValue(metrics, 'anquan_dcs_rejected_readings_total', 'source="gas_detectors"', 'reason="no_value"')).toBe(1);
    expect(metricValue(metrics, 'anquan_dcs_rejected_readings_total', 'reason="unknown_tag"')).toBe(1);
    expect(metricValue(metrics, 'anquan_dcs_rejected_readings_total', 'reason="bad_or_not_a_number"')).toBe(1);
    expect(metricValue(metrics, 'anquan_dcs_sensor_faults_total')).toBe(1);
    expect(await openAlarm(s, 'gt301_lel_high')).toBeUndefined();
    expect((await s.http().get('/readyz')).body.components.mqtt).toMatchObject({ ok: true, state: 'up' });
  });

  it('throttles an alarm storm per person: one card, then one digest card for the rest of the window', async () => {
    const { server: s } = await start(
      mqttOnly((dcs) => {
        dcs.storm = { maxCardsPerPerson: 1, windowSeconds: 2 };
        const base = dcs.rules.find((r) => r.id === 'gt101_lel_high')!;
        dcs.rules = [25, 30, 35].map((limit, i) => ({ ...base, id: `gt101_${i}`, kind: 'high' as const, limit, sustainSeconds: 0 }));
      }),
    );
    await gas('GT-101', 40);
    await waitFor('three alarms', async () => Number((await s.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM alarms WHERE plant_id = $1', [PLANT])).rows[0].n) === 3);
    const digest = await waitFor('the digest card', async () => (await cardsOf(s, 'liqiang', 'alarm.digest'))[0], 10_000);
    expect(digest.body.title).toBe('报警汇总：2 条新报警');
    expect(await cardsOf(s, 'liqiang', 'alarm.card')).toHaveLength(1);
    await waitFor('the digest of the named safety officer', async () => (await cardsOf(s, 'zhaolei', 'alarm.digest')).length === 1);
    expect(await cardsOf(s, 'zhaolei', 'alarm.card')).toHaveLength(1);
  });

  it('escalates an unacknowledged alarm up the chain and stops once acknowledged; a long alarm opens a hazard', async () => {
    const { server: s } = await start(
      mqttOnly((dcs) => {
        dcs.escalation = { afterMinutes: 0.02, everyMinutes: 0.04, chain: ['workshop_director', 'safety_director'] };
        const gt301 = dcs.rules.find((r) => r.id === 'gt301_lel_high')!;
        gt301.hazard = { afterMinutes: 0.05, categoryKey: 'leak_toxic_gas' };
      }),
    );
    await Promise.all([gas('GT-301', 30), gas('GT-101', 30)]);
    await Promise.all([gas('GT-301', 30.5), gas('GT-101', 30.5)]);
    // The synthesis alarm is acknowledged after its first escalation; the tank farm one is left alone.
    await waitFor('the synthesis workshop director escalation', async () => (await cardsOf(s, 'wangfang', 'alarm.escalation')).length === 1);
    const synthesis = (await openAlarm(s, 'gt101_lel_high'))!;
    expect((await s.http().post(`/api/alarms/${synthesis.id}/ack`).set(await authAs(s, 'liqiang'))).status).toBe(200);
    await waitFor('the storage workshop director escalation', async () => (await cardsOf(s, 'huangmin', 'alarm.escalation')).length === 1);
    await waitFor('the safety director escalation', async () => (await cardsOf(s, 'chenjing', 'alarm.escalation')).length === 1);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await cardsOf(s, 'chenjing', 'alarm.escalation')).toHaveLength(1);
    const tank = (await openAlarm(s, 'gt301_lel_high'))!;
    const levels = async (id: string) => (await listEvidence(s.deps.db, PLANT, 'alarm', id)).filter((e) => e.kind === 'alarm.escalated').map((e) => e.data.level);
    expect(await levels(tank.id)).toEqual([1, 2]);
    expect(await levels(synthesis.id)).toEqual([1]);
    // Still active after hazard.afterMinutes: a hazard of the configured category, the trend chart as its photo.
    const hazard = await waitFor('the hazard', async () =>
      (await s.deps.db.query<{ id: string; area_key: string; category_key: string }>('SELECT h.id, h.area_key, h.category_key FROM hazards h JOIN alarms a ON a.hazard_id = h.id WHERE a.id = $1', [tank.id])).rows[0],
    );
    expect(hazard).toMatchObject({ area_key: 'tank_farm', category_key: 'leak_toxic_gas' });
    const photo = await s.deps.db.query<{ file_id: string }>('SELECT file_id FROM hazard_photos WHERE hazard_id = $1', [hazard.id]);
    expect(photo.rows).toHaveLength(1);
    expect((await listEvidence(s.deps.db, PLANT, 'alarm', tank.id)).map((e) => e.kind)).toContain('alarm.hazard_opened');
  });
});

describe('a plant file re-imported while the server runs', () => {
  it('reaches the leader: the plant runtime restarts with the new rules, no restart of the server', async () => {
    const alarms = createAlarmsModule({ configOverride: mqttOnly(), tickMs: 200, reconcileMs: 500, configCheckMs: 200 });
    server = await startTestServer({ modules: [permitsModule, hazardsModule, alarms] });
    const s = server;
    await waitFor('MQTT connected', async () => (await s.http().get('/readyz')).body.components.mqtt?.state === 'up');
    const before = alarms.runtime(PLANT);
    expect(before?.plant.rules.get('gt301_lel_high')).toBeDefined();

    // Another instance imports an edited file: GT-301 now alarms above 10 %LEL instead of 25.
    const loaded = loadPlants(s.deps.env.PLANT_DIR).find((p) => p.plant.id === PLANT)!;
    const edited = structuredClone(loaded.plant);
    const rule = edited.dcs!.rules.find((r) => r.id === 'gt301_lel_high');
    if (rule?.kind !== 'high') throw new Error('the demo plant has a high-limit GT-301 rule');
    rule.limit = 10;
    const [report] = await importPlants(s.deps.db, s.deps.env.PLANT_DIR, s.deps.log, [{ ...loaded, plant: edited }]);
    expect(report.configChanged).toBe(true);

    const after = await waitFor('a new runtime for the plant', () => alarms.runtime(PLANT) !== before && alarms.runtime(PLANT));
    await waitFor('MQTT connected again', async () => (await s.http().get('/readyz')).body.components.mqtt?.state === 'up');
    expect(after.plant).not.toBe(before?.plant);
    await gas('GT-301', 12);
    await gas('GT-301', 12.5, new Date(Date.now() + 1));
    const alarm = await waitFor('an alarm at the new limit', () => openAlarm(s, 'gt301_lel_high'));
    expect(alarm.code).toMatch(/^BJ-/);
  });
});
