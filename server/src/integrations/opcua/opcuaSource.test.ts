import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start as startSim, SimOpcuaServer } from '../../../../scripts/sim/opcuaServer';
import { Reading, SignalLogger, SourceStatusChange } from '../../domains/alarms/alarmTypes';
import { createOpcuaSource, OpcuaSource } from './opcuaSource';
import { freePort } from '../../../../scripts/lib/freePort';

jest.setTimeout(60_000);

const pki = fs.mkdtempSync(path.join(os.tmpdir(), 'anquan-opcua-test-'));
const silent: SignalLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const TAGS = [
  { nodeId: 's=GT-101.PPM', browseName: 'GT101', initial: 5, unit: 'ppm' },
  { nodeId: 's=TI-7.PV', browseName: 'TI7', initial: 20, unit: '°C' },
];

async function waitFor(cond: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

let sim: SimOpcuaServer | null = null;
let source: OpcuaSource | null = null;
afterEach(async () => {
  await source?.stop();
  await sim?.stop();
  source = null;
  sim = null;
});
afterAll(() => fs.rmSync(pki, { recursive: true, force: true }));

function makeSource(url: string, extraTags: { tagId: string; nodeId: string }[] = []) {
  const readings: Reading[] = [];
  const statuses: SourceStatusChange[] = [];
  source = createOpcuaSource({
    endpoints: [{
      id: 'dcs1', url, publishingIntervalMs: 100,
      tags: [
        { tagId: 'gas.GT-101', nodeId: 'ns=1;s=GT-101.PPM', samplingIntervalMs: 50, queueSize: 5 },
        { tagId: 'temp.TI-7', nodeId: 'ns=1;s=TI-7.PV', samplingIntervalMs: 100 },
        ...extraTags,
      ],
    }],
    onReading: (r) => void readings.push(r),
    onStatus: (s) => void statuses.push(s),
    logger: silent,
    pkiFolder: pki,
    initialDelayMs: 200,
    maxDelayMs: 1000,
  });
  return { src: source, readings, statuses };
}
const valuesOf = (readings: Reading[], tagId: string) => readings.filter((r) => r.tagId === tagId).map((r) => r.value);

describe('opcuaSource against the simulated DCS', () => {
  it('streams readings with quality, and faults unknown or invalid NodeIds without failing the rest', async () => {
    const port = await freePort();
    sim = await startSim({ port, tags: TAGS, pkiFolder: path.join(pki, 'sim') });
    const { src, readings, statuses } = makeSource(sim.endpointUrl, [
      { tagId: 'ghost', nodeId: 'ns=1;s=Does.Not.Exist' },
      { tagId: 'typo', nodeId: 'ns=1;x=??' },
    ]);
    await src.start();
    const [status] = src.status();
    expect(status).toMatchObject({ id: 'dcs1', state: 'up', lastError: null });
    expect(status.faultedTags).toEqual({ ghost: 'BadNodeIdUnknown', typo: 'BadNodeIdInvalid' });
    expect(statuses.filter((s) => s.state === 'fault').map((s) => s.tagIds[0]).sort()).toEqual(['ghost', 'typo']);
    expect(statuses.at(-1)).toEqual({ sourceId: 'dcs1', state: 'up', stale: false, tagIds: ['gas.GT-101', 'temp.TI-7'], reason: 'connected' });

    await waitFor(() => valuesOf(readings, 'gas.GT-101').includes(5) && valuesOf(readings, 'temp.TI-7').includes(20));
    sim.setValue('s=GT-101.PPM', 42.5);
    await waitFor(() => valuesOf(readings, 'gas.GT-101').includes(42.5));
    const r = readings.find((x) => x.value === 42.5) as Reading;
    expect(r.quality).toBe('good');
    expect(Math.abs(r.sourceTime.getTime() - Date.now())).toBeLessThan(5000);
    sim.setBad('s=GT-101.PPM');
    await waitFor(() => readings.some((x) => x.tagId === 'gas.GT-101' && x.quality === 'bad'));
    expect(src.counters().dcs1).toMatchObject({ connects: 1, tagFaults: 2, handlerErrors: 0 });
  });

  it('marks tags stale while the server restarts on the same port, then resumes', async () => {
    const port = await freePort();
    sim = await startSim({ port, tags: TAGS, pkiFolder: path.join(pki, 'sim') });
    const { src, readings, statuses } = makeSource(sim.endpointUrl);
    await src.start();
    await waitFor(() => readings.length >= 2);
    const restarting = sim.restart(1000);
    await waitFor(() => src.status()[0].state === 'down');
    expect(statuses.at(-1)).toEqual({ sourceId: 'dcs1', state: 'down', stale: true, tagIds: ['gas.GT-101', 'temp.TI-7'], reason: 'connection_lost' });
    await restarting;
    await waitFor(() => src.status()[0].state === 'up', 40_000);
    expect(statuses.at(-1)).toMatchObject({ state: 'up', stale: false, reason: 'connection_reestablished' });
    sim.setValue('s=TI-7.PV', 77);
    await waitFor(() => valuesOf(readings, 'temp.TI-7').includes(77));
    expect(src.counters().dcs1).toMatchObject({ connectionLosses: 1, reconnections: 1 });
  });

  it('start() resolves with the endpoint down and keeps retrying until the server appears', async () => {
    const port = await freePort();
    const { src, readings, statuses } = makeSource(`opc.tcp://127.0.0.1:${port}/UA/DCS`);
    const t0 = Date.now();
    await src.start();
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(src.status()[0]).toMatchObject({ state: 'down' });
    expect(src.status()[0].lastError).toBeTruthy();
    expect(statuses[0]).toMatchObject({ state: 'down', stale: true, reason: 'unreachable' });
    sim = await startSim({ port, tags: TAGS, pkiFolder: path.join(pki, 'sim') });
    await waitFor(() => src.status()[0].state === 'up');
    expect(src.counters().dcs1.connectFailures).toBeGreaterThan(0);
    await waitFor(() => valuesOf(readings, 'gas.GT-101').includes(5));
  });
});
