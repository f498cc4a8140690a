import { CapFeed, start as startFeed } from '../../../../scripts/sim/capFeed';
import { SignalLogger } from '../../domains/alarms/alarmTypes';
import { Warning } from '../../domains/alarms/weatherTypes';
import { qweatherMapping } from './jsonWeatherMapping';
import { createWeatherPoller, WeatherPollerOptions } from './weatherPoller';

function memoryLogger() {
  const lines: { level: string; msg?: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  const logger: SignalLogger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

const expires = new Date(Date.now() + 24 * 3600_000);
let feed: CapFeed;
beforeEach(async () => {
  feed = await startFeed();
});
afterEach(async () => {
  await feed.stop();
});

function poller(over: Partial<WeatherPollerOptions> = {}) {
  const got: Warning[] = [];
  const { logger, lines } = memoryLogger();
  const p = createWeatherPoller({
    url: `${feed.url}/cap/feed.atom`, format: 'cap', intervalMs: 60_000, timeoutMs: 2000, logger,
    onWarning: (w) => void got.push(w), ...over,
  });
  return { p, got, lines };
}
const brief = (ws: Warning[]) => ws.map((w) => `${w.msgType} ${w.identifier} ${w.eventType ?? '-'} ${w.level ?? '-'} [${w.references}]`);

describe('weatherPoller (CAP via Atom index)', () => {
  it('emits each new alert once, then updates and cancels', async () => {
    const { p, got } = poller();
    feed.add({ identifier: 'A1', event: '大风', level: 'blue', expires });
    await p.pollOnce();
    await p.pollOnce();
    expect(brief(got)).toEqual(['Alert A1 gale blue []']);
    feed.update('A1', { identifier: 'A2', event: '大风', level: 'orange', expires });
    feed.cancel('A2', 'C1');
    await p.pollOnce();
    expect(brief(got)).toEqual(['Alert A1 gale blue []', 'Update A2 gale orange [A1]', 'Cancel C1 - - [A2]']);
    expect(p.counters()).toMatchObject({ polls: 3, warnings: 2, cancels: 1, pollErrors: 0, parseErrors: 0 });
    // Documents already seen are not fetched again.
    expect(feed.requests.filter((r) => r.startsWith('/cap/alerts/'))).toHaveLength(3);
    expect(p.status()).toMatchObject({ state: 'up', consecutiveFailures: 0 });
  });

  it('reads a single CAP document too, deduped by identifier', async () => {
    const { p, got } = poller({ url: `${feed.url}/cap/latest.xml` });
    feed.add({ identifier: 'L1', event: '雷电', level: 'yellow', expires });
    await p.pollOnce();
    await p.pollOnce();
    expect(brief(got)).toEqual(['Alert L1 lightning yellow []']);
    expect(p.counters().duplicates).toBe(1);
  });

  it('logs and counts HTTP failures and malformed documents, then recovers', async () => {
    const { p, got, lines } = poller({ url: `${feed.url}/cap/latest.xml` });
    feed.add({ identifier: 'B1', event: '暴雨', level: 'red', expires });
    feed.fail({ status: 503 });
    await p.pollOnce();
    expect(p.status()).toMatchObject({ state: 'down', consecutiveFailures: 1 });
    expect(p.status().lastError).toMatch(/503/);
    feed.fail('malformed');
    await p.pollOnce();
    expect(p.counters()).toMatchObject({ pollErrors: 1, parseErrors: 1 });
    expect(lines.map((l) => l.msg)).toEqual(['weather feed poll failed', 'weather feed returned a document we cannot use']);
    feed.fail(null);
    await p.pollOnce();
    expect(brief(got)).toEqual(['Alert B1 rainstorm red []']);
  });

  it('retries a warning whose handler failed', async () => {
    let fail = true;
    const got: string[] = [];
    const { p } = poller({ onWarning: (w) => {
      if (fail) throw new Error('db down');
      got.push(w.identifier);
    } });
    feed.add({ identifier: 'R1', event: '大雾', level: 'yellow', expires });
    await p.pollOnce();
    fail = false;
    await p.pollOnce();
    expect(got).toEqual(['R1']);
    expect(p.counters()).toMatchObject({ handlerErrors: 1, warnings: 1 });
  });

  it('start() resolves after the first attempt even when the feed is down, and stop() ends polling', async () => {
    const { p } = poller({ url: 'http://127.0.0.1:1/cap/feed.atom', intervalMs: 20 });
    await p.start();
    expect(p.status().state).toBe('down');
    // Polls keep coming every intervalMs; wait for the next one rather than a fixed time.
    for (let i = 0; i < 250 && p.counters().polls < 2; i++) await new Promise((r) => setTimeout(r, 20));
    await p.stop();
    const polls = p.counters().polls;
    expect(polls).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(p.counters().polls).toBe(polls);
  });
});

describe('weatherPoller (JSON API)', () => {
  it('maps warnings and reports vanished ones as cancels', async () => {
    const at = new Date('2026-11-24T00:00:00Z');
    const { p, got } = poller({ url: `${feed.url}/json/warning`, format: 'json', mapping: qweatherMapping('320115'), now: () => at });
    feed.add({ identifier: 'J1', event: '大风', level: 'yellow', expires });
    feed.add({ identifier: 'J2', event: '大雾', level: 'orange', expires });
    await p.pollOnce();
    feed.update('J2', { identifier: 'J3', event: '大雾', level: 'red', expires });
    feed.remove('J1');
    await p.pollOnce();
    expect(brief(got)).toEqual([
      'Alert J1 gale yellow []',
      'Alert J2 fog orange []',
      'Update J3 fog red [J2]',
      'Cancel J1#vanished - - [J1]',
    ]);
  });

  it('refuses a json poller without a mapping', () => {
    expect(() => poller({ format: 'json' })).toThrow(/mapping/);
  });
});
