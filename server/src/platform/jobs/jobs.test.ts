import { DB_KINDS, openTestDb, TestDb } from '../../../../testkit/testDb';
import { createLogger } from '../log';
import { Jobs } from './jobs';

const log = createLogger('silent');

async function waitFor<T>(fn: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(DB_KINDS)('jobs on %s', (kind) => {
  let t: TestDb;
  let jobs: Jobs;
  const seen: Array<{ n: number; at: number }> = [];
  let failOnce = true;

  beforeAll(async () => {
    t = await openTestDb(kind);
    // A long poll interval: anything that runs quickly was woken, not polled.
    jobs = new Jobs({ db: t.db, databaseUrl: t.url, log, pollSeconds: 30 });
    jobs.register<{ n: number }>('test.fast', async (data) => {
      seen.push({ n: data.n, at: Date.now() });
    });
    jobs.register<{ n: number }>('test.flaky', async (data) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('first try fails');
      }
      seen.push({ n: data.n, at: Date.now() });
    }, { retryDelay: 1, retryBackoff: false });
    await jobs.start();
  });
  afterAll(async () => {
    await jobs?.stop();
    await t?.dispose();
  });

  it('inserts jobs inside the caller transaction: committed jobs run, rolled-back ones never exist', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await jobs.send(tx, 'test.fast', { n: 1 }, { wake: true });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const committedAt = Date.now();
    await t.db.transaction(async (tx) => {
      await jobs.send(tx, 'test.fast', { n: 2 }, { wake: true });
    });
    const run = await waitFor(() => seen.find((s) => s.n === 2));
    // Woken after commit: far sooner than the 30 s poll.
    expect(run.at - committedAt).toBeLessThan(5000);
    const all = await t.db.query<{ n: string }>(`SELECT data->>'n' AS n FROM pgboss.job WHERE name = 'test.fast'`);
    expect(all.rows.map((r) => r.n)).toEqual(['2']);
  });

  it('refuses to send to a queue nobody registered (pg-boss would return null silently)', async () => {
    await expect(t.db.transaction((tx) => jobs.send(tx, 'no.such.queue', {}))).rejects.toThrow(/unknown queue/);
  });

  it('retries a failed job', async () => {
    await t.db.transaction((tx) => jobs.send(tx, 'test.flaky', { n: 3 }, { wake: true }));
    // The retry is due after retryDelay; wake again so the test does not wait for the long poll.
    const timer = setInterval(() => jobs.wake('test.flaky'), 300);
    try {
      await waitFor(() => seen.find((s) => s.n === 3), 15_000);
    } finally {
      clearInterval(timer);
    }
    expect(failOnce).toBe(false);
  });
});
