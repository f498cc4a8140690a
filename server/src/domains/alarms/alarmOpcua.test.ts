import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimOpcuaServer, start as startSim } from '../../../../scripts/sim/opcuaServer';
import { authAs } from '../../../../testkit/sandboxLogin';
import { startTestServer, TestServer } from '../../../../testkit/testServer';
import { permitsModule } from '../permits/permitsModule';
import { createAlarmsModule } from './alarmsModule';
import { cardsOf, dmLines, freePort, groupLines, insertApprovedPermit, metricValue, overrideConfig, permitStatus, PLANT, waitFor } from './alarmTestKit';

// One file for everything that needs node-opcua: its import alone costs seconds.
jest.setTimeout(90_000);

const pki = mkdtempSync(join(tmpdir(), 'anquan-alarms-opcua-'));
const TAGS = [
  { nodeId: 's=R-101.TI', browseName: 'R101TI', initial: 80, unit: '℃' },
  { nodeId: 's=R-101.PI', browseName: 'R101PI', initial: 0.3, unit: 'MPa' },
  { nodeId: 's=R-102.TI', browseName: 'R102TI', initial: 60, unit: '℃' },
  { nodeId: 's=T-201.TI', browseName: 'T201TI', initial: 90, unit: '℃' },
  { nodeId: 's=V-301.LI', browseName: 'V301LI', initial: 50, unit: '%' },
];

let sim: SimOpcuaServer | null = null;
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  await sim?.stop();
  server = null;
  sim = null;
});
afterAll(() => rmSync(pki, { recursive: true, force: true }));

async function startWith(url: string) {
  const alarms = createAlarmsModule({
    pkiFolder: join(pki, 'client'),
    tickMs: 200,
    configOverride: overrideConfig((dcs, weather) => {
      dcs.opcua[0].url = url;
      dcs.opcua[0].publishingIntervalMs = 100;
      // A NodeId the DCS does not have: the tag is faulted, the rest keeps working.
      dcs.opcua[0].tags.push({ tagId: 'R-101.XX', nodeId: 'ns=1;s=No.Such.Node', unitKey: 'synthesis_1' });
      dcs.mqtt = [];
      dcs.rules = dcs.rules.filter((r) => r.id.startsWith('r101'));
      for (const r of dcs.rules) {
        r.sustainSeconds = r.id === 'r101_temp_high' ? 1 : 0;
        r.clearSeconds = 0.5;
      }
      delete dcs.escalation;
      delete (weather as Partial<typeof weather>).feed;
    }),
  });
  server = await startTestServer({ modules: [permitsModule, alarms] });
  return server;
}

const readyz = async (s: TestServer) => (await s.http().get('/readyz')).body.components.opcua as { ok: boolean; state: string; detail?: { sources: Array<{ state: string; detail: Record<string, unknown> }> } };
const openAlarm = (s: TestServer, ruleId: string) =>
  s.deps.db.query<{ id: string; hold_ids: string[] }>('SELECT id, hold_ids FROM alarms WHERE plant_id = $1 AND rule_id = $2 AND closed_at IS NULL', [PLANT, ruleId]).then((r) => r.rows[0]);

describe('DCS alarms from the simulated OPC UA server', () => {
  it('R-101 above setpoint + 5 ℃ for the sustain time: card, hold, ack from the card; bad quality and an unknown NodeId are faults; reconnects after a server restart', async () => {
    const port = await freePort();
    sim = await startSim({ port, tags: TAGS, pkiFolder: join(pki, 'sim') });
    const s = await startWith(sim.endpointUrl);
    const status = await waitFor('OPC UA connected', async () => {
      const r = await readyz(s);
      return r.state === 'degraded' && r;
    }, 60_000);
    expect(status.ok).toBe(false);
    expect(status.detail?.sources[0].detail.faultedTags).toEqual({ 'R-101.XX': 'BadNodeIdUnknown' });
    const permit = await insertApprovedPermit(s, { areaKey: 'synthesis', unitKey: 'synthesis_1', outdoor: false });

    sim.setValue('s=R-101.TI', 87.5);
    const alarm = await waitFor('the R-101 alarm', () => openAlarm(s, 'r101_temp_high'));
    const card = await waitFor('the shift leader card', async () => (await cardsOf(s, 'liqiang', 'alarm.card'))[0]);
    expect(card.body.title).toBe('【高】R-101 温度 报警');
    expect(await permitStatus(s, permit)).toBe('suspended');

    // Acknowledge from the card in the Sandbox, as the bot would receive it.
    const clicked = await s.http().post('/sandbox/api/actions').set(await authAs(s, 'liqiang'))
      .send({ clientId: 'ack-click-0001', messageId: card.id, action: card.body.buttons?.[0].action });
    expect(clicked.status).toBe(202);
    await waitFor('the confirmation reply', async () => (await dmLines(s, 'liqiang')).some((l) => l.kind === 'text' && String((l.body as { text?: string }).text).startsWith('已确认报警 BJ-')));
    await waitFor('the card finished in place', async () => (await cardsOf(s, 'liqiang', 'alarm.card'))[0].body.status?.startsWith('已确认 · 李强'));

    sim.setBad('s=R-101.PI');
    await waitFor('the sensor fault notice', async () => (await groupLines(s, 'synthesis_chat')).some((l) => l.body.title === '1号反应釜压力 传感器故障'));

    const restarting = sim.restart(1500);
    await waitFor('the endpoint down', async () => (await readyz(s)).state === 'down');
    await restarting;
    await waitFor('the endpoint back', async () => (await readyz(s)).state === 'degraded', 40_000);
    sim.setValue('s=R-101.TI', 80);
    await waitFor('the alarm closed', async () => !(await openAlarm(s, 'r101_temp_high')), 20_000);
    const hold = await s.deps.db.query<{ released_at: Date | null }>('SELECT released_at FROM permit_holds WHERE id = $1', [alarm.hold_ids[0]]);
    expect(hold.rows[0].released_at).toBeInstanceOf(Date);
    const metrics = (await s.http().get('/metrics')).text;
    expect(metricValue(metrics, 'anquan_dcs_source_events_total', 'source="dcs_main"', 'event="reconnections"')).toBe(1);
    expect(metricValue(metrics, 'anquan_dcs_source_events_total', 'source="dcs_main"', 'event="tagFaults"')).toBe(1);
    expect(metricValue(metrics, 'anquan_dcs_sensor_faults_total')).toBe(1);
    expect(metricValue(metrics, 'anquan_alarm_card_latency_seconds_count')).toBeGreaterThanOrEqual(1);
  });

  it('starts with the endpoint down; /readyz shows the fault while the server stays ready', async () => {
    const port = await freePort();
    const started = Date.now();
    const s = await startWith(`opc.tcp://127.0.0.1:${port}/UA/DCS`);
    expect(Date.now() - started).toBeLessThan(15_000);
    const down = await waitFor('the fault in /readyz', async () => {
      const r = await s.http().get('/readyz');
      return r.body.components.opcua?.state === 'down' && r;
    }, 40_000);
    expect(down.status).toBe(200);
    expect(down.body.ready).toBe(true);
    expect(down.body.components.opcua.ok).toBe(false);
    expect(down.body.components.opcua.detail.sources[0].detail.lastError).toBeTruthy();
    sim = await startSim({ port, tags: TAGS, pkiFolder: join(pki, 'sim') });
    await waitFor('connected once the DCS appears', async () => (await s.http().get('/readyz')).body.components.opcua?.state === 'degraded', 40_000);
  });
});
