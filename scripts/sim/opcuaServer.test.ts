import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Reading } from '../../server/src/domains/alarms/alarmTypes';
import { createOpcuaSource, OpcuaSource } from '../../server/src/integrations/opcua/opcuaSource';
import { SimOpcuaServer, start } from './opcuaServer';
import { freePort } from '../lib/freePort';

jest.setTimeout(60_000);

const pki = fs.mkdtempSync(path.join(os.tmpdir(), 'anquan-opcua-sim-'));
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
let sim: SimOpcuaServer | null = null;
let source: OpcuaSource | null = null;
afterEach(async () => {
  await source?.stop();
  await sim?.stop();
  sim = null;
  source = null;
});
afterAll(() => fs.rmSync(pki, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('simulated DCS scenarios', () => {
  it('drifts, adds noise, spikes and reports a sensor fault, as seen by a real client', async () => {
    const port = await freePort();
    sim = await start({
      port,
      pkiFolder: path.join(pki, 'server'),
      tickMs: 100,
      tags: [
        { nodeId: 's=A', browseName: 'A', initial: 10 },
        { nodeId: 's=B', browseName: 'B', initial: 50 },
        { nodeId: 's=C', browseName: 'C', initial: 1 },
        { nodeId: 's=D', browseName: 'D', initial: 7 },
      ],
      scenario: [
        { kind: 'drift', nodeId: 's=A', ratePerSecond: 10 },
        { kind: 'noise', nodeId: 's=B', amplitude: 2 },
      ],
    });
    const readings: Reading[] = [];
    source = createOpcuaSource({
      endpoints: [{ id: 'sim', url: sim.endpointUrl, publishingIntervalMs: 50,
        tags: ['A', 'B', 'C', 'D'].map((n) => ({ tagId: n, nodeId: sim!.nodeIdOf(`s=${n}`), samplingIntervalMs: 50 })) }],
      onReading: (r) => void readings.push(r), onStatus: () => undefined, logger: silent, pkiFolder: path.join(pki, 'client'),
    });
    await source.start();
    // Relative to now: the client's first connection can take seconds (certificate creation).
    sim.play([
      { kind: 'spike', nodeId: 's=C', value: 99, atMs: 300, durationMs: 500 },
      { kind: 'sensor_fault', nodeId: 's=D', atMs: 300, durationMs: 500 },
    ]);
    const of = (tag: string) => readings.filter((r) => r.tagId === tag);
    // The spike and the fault end 800 ms after play(); the client sees them a publishing interval later,
    // or later still on a loaded machine: wait for what the assertions below look at, not a fixed time.
    const seenAll = () =>
      Math.max(...of('A').map((r) => r.value as number)) > 20 && new Set(of('B').map((r) => r.value)).size > 3 &&
      of('C').some((r) => r.value === 99) && of('C').at(-1)?.value === 1 && of('D').some((r) => r.quality === 'bad') && of('D').at(-1)?.quality === 'good';
    for (let i = 0; i < 120 && !seenAll(); i++) await sleep(100);
    const a = of('A').map((r) => r.value as number);
    expect(Math.max(...a)).toBeGreaterThan(20);
    expect(sim.value('s=A')).toBeGreaterThan(20);
    const b = of('B').map((r) => r.value as number);
    expect(new Set(b).size).toBeGreaterThan(3);
    expect(b.every((v) => v >= 48 && v <= 52)).toBe(true);
    const c = of('C').map((r) => r.value);
    expect(c).toContain(99);
    expect(c.at(-1)).toBe(1);
    const d = of('D').map((r) => r.quality);
    expect(d).toContain('bad');
    expect(d.at(-1)).toBe('good');
  });

  it('setValue / setBad publish at once and a scripted restart takes the server away and back', async () => {
    const port = await freePort();
    sim = await start({ port, pkiFolder: path.join(pki, 'server'), tickMs: 100, tags: [{ nodeId: 's=X', browseName: 'X', initial: 0 }],
      scenario: [{ kind: 'restart', atMs: 200, downMs: 500 }] });
    expect(() => sim!.setValue('s=nope', 1)).toThrow(RangeError);
    await sleep(400);
    expect(sim.isDown()).toBe(true);
    const refused = await new Promise<boolean>((r) => net.connect(port, '127.0.0.1').on('connect', () => r(false)).on('error', () => r(true)));
    expect(refused).toBe(true);
    for (let i = 0; i < 100 && sim.isDown(); i++) await sleep(100);
    expect(sim.isDown()).toBe(false);
    sim.setValue('s=X', 3);
    expect(sim.value('s=X')).toBe(3);
  });
});
