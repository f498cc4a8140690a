import net from 'node:net';
import mqtt, { MqttClient } from 'mqtt';
import { Reading, SignalLogger, SourceStatusChange } from '../../domains/alarms/alarmTypes';
import { createMqttSource, MqttSource } from './mqttSource';

/** The Mosquitto daemon of the development machine. */
const BROKER = { host: '127.0.0.1', port: 1883 };
const prefix = `anquan-test/${process.pid}-${Date.now()}`;

const silent: SignalLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A TCP proxy to the broker that the test can cut and restore, to simulate a network outage. */
async function startProxy() {
  const sockets = new Set<net.Socket>();
  let accepting = true;
  const server = net.createServer((inbound) => {
    if (!accepting) return inbound.destroy();
    const outbound = net.connect(BROKER.port, BROKER.host);
    sockets.add(inbound).add(outbound);
    inbound.pipe(outbound).pipe(inbound);
    const close = () => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', close).on('close', close);
    outbound.on('error', close).on('close', close);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut() {
      accepting = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore() {
      accepting = true;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let publisher: MqttClient;
let source: MqttSource | null = null;
beforeAll(async () => {
  publisher = await mqtt.connectAsync(`mqtt://${BROKER.host}:${BROKER.port}`, { clientId: `pub-${process.pid}` });
});
afterAll(async () => {
  await publisher.endAsync();
});
afterEach(async () => {
  await source?.stop();
  source = null;
});

function collect(url: string, reconnectPeriodMs = 100) {
  const readings: Reading[] = [];
  const statuses: SourceStatusChange[] = [];
  const s = createMqttSource({
    id: 'broker1', url, reconnectPeriodMs, connectTimeoutMs: 1000, logger: silent,
    mappings: [
      { topic: `${prefix}/gas/+/reading`, tagFrom: 'topic[3]', tagPrefix: 'gas.', valuePath: 'ppm', timePath: 'ts', qos: 1 },
      { topic: `${prefix}/raw/+`, tagFrom: 'topic[3]', valuePath: '' },
    ],
    onReading: (r) => void readings.push(r),
    onStatus: (c) => void statuses.push(c),
  });
  source = s;
  return { s, readings, statuses };
}

describe('mqttSource against Mosquitto', () => {
  it('maps readings, counts and survives unmappable payloads', async () => {
    const { s, readings } = collect(`mqtt://${BROKER.host}:${BROKER.port}`);
    await s.start();
    expect(s.status()).toMatchObject({ id: 'broker1', state: 'up' });
    await publisher.publishAsync(`${prefix}/gas/GT-101/reading`, JSON.stringify({ ppm: 12.5, ts: '2026-11-24T10:00:00+08:00' }), { qos: 1 });
    await publisher.publishAsync(`${prefix}/gas/GT-101/reading`, 'garbage');
    await publisher.publishAsync(`${prefix}/gas/GT-102/reading`, JSON.stringify({ ppm: 3 }));
    await publisher.publishAsync(`${prefix}/raw/PT-1`, '4.5');
    await waitFor(() => s.counters().messages >= 4);
    expect(readings).toEqual([
      { tagId: 'gas.GT-101', value: 12.5, quality: 'good', sourceTime: new Date('2026-11-24T02:00:00Z') },
      expect.objectContaining({ tagId: 'PT-1', value: 4.5, quality: 'good' }),
    ]);
    expect(s.counters()).toMatchObject({ messages: 4, readings: 2, mappingErrors: { not_json: 1, bad_time: 1 } });
    expect(s.status().tags).toBe(2);
  });

  it('marks its tags stale while the connection is lost and recovers', async () => {
    const proxy = await startProxy();
    try {
      const { s, readings, statuses } = collect(proxy.url);
      await s.start();
      await publisher.publishAsync(`${prefix}/raw/LT-9`, '1');
      await waitFor(() => readings.length === 1);
      proxy.cut();
      await waitFor(() => s.status().state === 'down');
      expect(statuses.at(-1)).toEqual({ sourceId: 'broker1', state: 'down', stale: true, tagIds: ['LT-9'], reason: 'connection_lost' });
      proxy.restore();
      await waitFor(() => s.status().state === 'up');
      expect(statuses.at(-1)).toMatchObject({ state: 'up', stale: false, tagIds: ['LT-9'] });
      expect(s.counters().reconnects).toBeGreaterThan(0);
      await publisher.publishAsync(`${prefix}/raw/LT-9`, '2');
      await waitFor(() => readings.length === 2);
    } finally {
      await source?.stop();
      await proxy.close();
    }
  });

  it('start() resolves with status down when the broker is unreachable', async () => {
    const { s, statuses } = collect('mqtt://127.0.0.1:1', 50);
    await s.start();
    expect(s.status().state).toBe('down');
    expect(statuses).toEqual([{ sourceId: 'broker1', state: 'down', stale: true, tagIds: [], reason: 'connection_lost' }]);
  });

  it('refuses an invalid mapping at construction', () => {
    expect(() =>
      createMqttSource({ url: 'mqtt://x', mappings: [{ topic: 'a', tagFrom: 'x..y', valuePath: '' }], onReading: () => undefined, onStatus: () => undefined, logger: silent }),
    ).toThrow(/mappings\[0\]: tagFrom/);
  });
});
