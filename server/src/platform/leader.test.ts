import { openTestDb, TestDb } from '../../../testkit/testDb';
import { Leadership } from './leader';
import { createLogger } from './log';

const log = createLogger('silent');

async function waitUntil(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('leadership on PostgreSQL', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('postgres');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('lets exactly one instance lead and hands over when it stops', async () => {
    const events: string[] = [];
    const make = (name: string) =>
      new Leadership({
        databaseUrl: t.url,
        log,
        retryMs: 100,
        onGain: async () => void events.push(`${name}+`),
        onLose: async () => void events.push(`${name}-`),
      });
    const a = make('a');
    const b = make('b');
    await a.start();
    await b.start();
    expect(a.isLeader).toBe(true);
    expect(b.isLeader).toBe(false);
    await a.stop();
    await waitUntil(() => b.isLeader);
    expect(events).toEqual(['a+', 'a-', 'b+']);
    await b.stop();
  });

  it('leads at once in embedded mode (the DATA_DIR lock already makes it the only process)', async () => {
    let gained = false;
    const l = new Leadership({ log, onGain: async () => void (gained = true), onLose: async () => undefined });
    await l.start();
    expect(gained && l.isLeader).toBe(true);
    await l.stop();
  });
});
