import mqtt from 'mqtt';
import { CapFeed, start as startFeed } from '../../../../scripts/sim/capFeed';
import { authAs } from '../../../../testkit/sandboxLogin';
import { startTestServer, TestServer } from '../../../../testkit/testServer';
import { listEvidence } from '../../platform/evidence/evidenceChain';
import { permitsModule } from '../permits/permitsModule';
import { createAlarmsModule } from './alarmsModule';
import { cardsOf, groupLines, insertApprovedPermit, metricValue, overrideConfig, permitStatus, PLANT, waitFor } from './alarmTestKit';

jest.setTimeout(60_000);

const prefix = `w${process.pid}x${Date.now().toString(36)}`;
let feed: CapFeed;
let server: TestServer;

beforeEach(async () => {
  feed = await startFeed();
  const alarms = createAlarmsModule({
    tickMs: 200,
    configOverride: overrideConfig((dcs, weather) => {
      dcs.opcua = [];
      dcs.rules = [];
      dcs.mqtt[0].topics = [{ topic: `${prefix}/wind/+`, tagFrom: 'topic[2]', valuePath: '' }];
      weather.feed = { url: `${feed.url}/cap/feed.atom`, format: 'cap', intervalSeconds: 0.3, timeoutSeconds: 2, apiKeyHeader: 'X-QW-Api-Key' };
    }),
  });
  server = await startTestServer({ modules: [permitsModule, alarms] });
});
afterEach(async () => {
  await server.close();
  await feed.stop();
});

const warningRow = (identifier: string) =>
  server.deps.db.query<{ id: string; status: string; hold_ids: string[]; held_permit_ids: string[]; ignore_reason: string | null }>(
    'SELECT id, status, hold_ids, held_permit_ids, ignore_reason FROM weather_warnings WHERE plant_id = $1 AND identifier = $2', [PLANT, identifier],
  ).then((r) => r.rows[0]);

describe('weather warnings from a CAP feed', () => {
  it('a thunderstorm warning holds outdoor permits, blocks new ones and evacuates crews; its cancel releases exactly those holds', async () => {
    const outdoor = await insertApprovedPermit(server, { areaKey: 'tank_farm', unitKey: 'tank_group_a', outdoor: true });
    const indoor = await insertApprovedPermit(server, { areaKey: 'synthesis', unitKey: 'synthesis_1', outdoor: false });
    feed.add({ identifier: 'T-1', event: '雷电', level: 'yellow', expires: new Date(Date.now() + 2 * 3600_000) });
    // Same storm, other region; an exercise; nothing a rule covers.
    feed.add({ identifier: 'T-2', event: '雷电', level: 'orange', geocode: '310000' });
    feed.add({ identifier: 'T-3', event: '大风', level: 'red', status: 'Exercise' });
    feed.add({ identifier: 'T-4', event: '高温', level: 'orange' });

    const row = await waitFor('the warning applied', async () => (await warningRow('T-1'))?.hold_ids.length === 1 && warningRow('T-1'));
    expect(row).toMatchObject({ status: 'active', held_permit_ids: [outdoor] });
    expect(await permitStatus(server, outdoor)).toBe('suspended');
    expect(await permitStatus(server, indoor)).toBe('approved');
    const restriction = await server.deps.db.query<{ scope: unknown; until: Date }>('SELECT scope, until FROM work_restrictions WHERE hold_id = $1', [row.hold_ids[0]]);
    expect(restriction.rows[0].scope).toEqual({ types: ['HOT', 'HGT', 'LFT'], outdoorOnly: true });
    expect(restriction.rows[0].until).toBeInstanceOf(Date);
    const evac = await waitFor('the evacuation card', async () => (await cardsOf(server, 'xulin', 'alarm.evacuation'))[0]);
    expect(evac.body.title).toBe('立即停止作业并撤离');
    await waitFor('the plant-wide notice', async () => (await groupLines(server, 'plant_safety')).some((l) => l.body.title === '气象预警：作业限制生效'));
    for (const [id, reason] of [['T-2', 'region'], ['T-3', 'status'], ['T-4', 'no_rule']]) {
      expect(await waitFor(`${id} ignored`, () => warningRow(id))).toMatchObject({ status: 'ignored', ignore_reason: reason });
    }

    feed.cancel('T-1', 'T-1-cancel');
    await waitFor('the warning cancelled', async () => (await warningRow('T-1'))?.status === 'cancelled');
    const hold = await server.deps.db.query<{ released_at: Date | null }>('SELECT released_at FROM permit_holds WHERE id = $1', [row.hold_ids[0]]);
    expect(hold.rows[0].released_at).toBeInstanceOf(Date);
    expect((await warningRow('T-1-cancel'))?.status).toBe('ended');
    expect((await listEvidence(server.deps.db, PLANT, 'weather_warning', row.id)).map((e) => e.kind)).toEqual(['weather.applied', 'weather.released']);
    await waitFor('the all-clear notice', async () => (await groupLines(server, 'plant_safety')).some((l) => l.body.title === '气象预警解除'));
    const list = await server.http().get('/api/weather/warnings?status=all').set(await authAs(server, 'zhaolei'));
    expect(list.body.items.map((w: { identifier: string }) => w.identifier)).toEqual(expect.arrayContaining(['T-1', 'T-1-cancel', 'T-2', 'T-3', 'T-4']));
  });

  it('a gale warning raises new outdoor hot work a level (5.2.15) until its cancel lifts the raise with the holds', async () => {
    feed.add({ identifier: 'G-1', event: '大风', level: 'blue', expires: new Date(Date.now() + 3600_000) });
    const row = await waitFor('the gale applied', async () => (await warningRow('G-1'))?.status === 'active' && warningRow('G-1'));
    const restrictions = () => server.deps.db.query<{ effect: string; beaufort: number | null; scope: unknown; released_at: Date | null; hold_id: string | null }>(
      `SELECT effect, beaufort, scope, released_at, hold_id FROM work_restrictions WHERE plant_id = $1 AND source = 'weather' AND source_id = 'G-1' ORDER BY effect`, [PLANT],
    ).then((r) => r.rows);
    // Blue gale = force 6 by China's signal table: wind_5 (stop HGT, raise HOT) and wind_6 (stop LFT).
    expect(await restrictions()).toEqual([
      { effect: 'block', beaufort: null, scope: { types: ['HGT', 'LFT'], outdoorOnly: true }, released_at: null, hold_id: row.hold_ids[0] },
      { effect: 'raise_level', beaufort: 6, scope: { types: ['HOT'], outdoorOnly: true }, released_at: null, hold_id: null },
    ]);
    const applied = (await listEvidence(server.deps.db, PLANT, 'weather_warning', row.id)).find((e) => e.kind === 'weather.applied');
    expect((applied?.data as { levelRaiseIds: string[] }).levelRaiseIds).toHaveLength(1);

    feed.cancel('G-1', 'G-1-cancel');
    await waitFor('the gale cancelled', async () => (await warningRow('G-1'))?.status === 'cancelled');
    expect((await restrictions()).map((r) => r.released_at instanceof Date)).toEqual([true, true]);
  });

  it('counts a malformed CAP document and keeps polling; the feed being down shows in /readyz', async () => {
    await waitFor('the feed up', async () => (await server.http().get('/readyz')).body.components.weather?.state === 'up');
    feed.fail('malformed');
    const text = await waitFor('the malformed document counted', async () => {
      const t = (await server.http().get('/metrics')).text;
      return (metricValue(t, 'anquan_dcs_rejected_readings_total', 'source="weather"', 'reason="malformed_document"') ?? 0) >= 1 ? t : null;
    });
    expect(metricValue(text, 'anquan_weather_feed_events_total', 'event="parseErrors"')).toBeGreaterThanOrEqual(1);
    feed.fail({ status: 503 });
    const ready = await waitFor('the feed down', async () => {
      const r = await server.http().get('/readyz');
      return r.body.components.weather?.state === 'down' && r;
    });
    expect(ready.status).toBe(200);
    expect(ready.body.components.weather.ok).toBe(false);
    feed.fail(null);
    await waitFor('the feed up again', async () => (await server.http().get('/readyz')).body.components.weather?.state === 'up');
  });

  it('a measured wind of force 6 applies the wind rules like a warning', async () => {
    const client = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { clientId: `wind-${prefix}` });
    try {
      await waitFor('MQTT up', async () => (await server.http().get('/readyz')).body.components.mqtt?.state === 'up');
      await client.publishAsync(`${prefix}/wind/WS-001`, '11.2');
      const row = await waitFor('the wind warning', async () =>
        (await server.deps.db.query<{ identifier: string; matched_rules: Array<{ ruleId: string }>; beaufort: number }>(
          `SELECT identifier, matched_rules, beaufort FROM weather_warnings WHERE plant_id = $1 AND source = 'wind' AND status = 'active'`, [PLANT],
        )).rows[0],
      );
      expect(row.beaufort).toBe(6);
      expect(row.matched_rules.map((m) => m.ruleId)).toEqual(['wind_5', 'wind_6']);
    } finally {
      await client.endAsync();
    }
  });
});
