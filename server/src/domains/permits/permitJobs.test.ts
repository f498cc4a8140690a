import { sessionFor } from '../../../../testkit/sandboxLogin';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { listEvidence } from '../../platform/evidence/evidenceChain';
import { PERMIT_JOBS } from './permitNotify';
import { permitsModule } from './permitsModule';
import { issuePermitQrToken } from './permitQrToken';
import { activate, approvedHotWork, at, seedCertificates, statusOf, T0, testClock } from './permitTestKit';

/**
 * The timers, run by the real job workers: a job is made due by moving its start_after to now
 * (the test clock is in 2027, so nothing fires on its own), and the effect is polled for.
 */
describe('permit timers', () => {
  let server: TestServer;
  let plantId: string;
  const clock = testClock();

  beforeAll(async () => {
    server = await startTestServer({ kind: 'pglite', modules: [permitsModule], now: clock.now, work: true });
    plantId = (await sessionFor(server, 'liqiang')).plantId;
    await seedCertificates(server);
  });
  afterAll(async () => server.close());

  const due = async (queue: string, permitId?: string) => {
    await server.deps.db.query(
      `UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND state = 'created'${permitId ? ` AND data->>'permitId' = '${permitId}'` : ''}`,
      [queue],
    );
    server.deps.jobs.wake(queue);
  };
  const until = async (check: () => Promise<boolean>, what: string) => {
    for (let i = 0; i < 80; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const sandboxTexts = async (personKey: string) => {
    const { personId } = await sessionFor(server, personKey);
    const r = await server.deps.db.query<{ kind: string; body: { text?: string; kind?: string } }>(
      `SELECT kind, body FROM sandbox_messages WHERE conversation = $1 ORDER BY id`, [`dm:${personId}`],
    );
    return r.rows;
  };

  it('reminds the crew before expiry, then expires the permit at the end of its window (system actor)', async () => {
    clock.set(T0);
    const id = await approvedHotWork(server, T0);
    clock.set(new Date(at(T0, 185)));
    await due(PERMIT_JOBS.expiryReminder, id);
    await until(async () => (await sandboxTexts('xulin')).some((m) => m.body.kind === 'permit.expiry_reminder'), 'the expiry reminder');
    clock.set(new Date(at(T0, 241)));
    await due(PERMIT_JOBS.expire, id);
    await until(async () => (await statusOf(server, id)) === 'expired', 'expiry');
    const ev = await listEvidence(server.deps.db, plantId, 'permit', id);
    expect(ev.find((e) => e.kind === 'permit.expire')?.actor).toMatchObject({ type: 'system', id: 'timer' });
  });

  it('tells the guardian a re-test is needed once an interruption outlasts the limit', async () => {
    clock.set(T0);
    const id = await approvedHotWork(server, T0);
    await activate(server, id, clock.now(), issuePermitQrToken(server.deps.appSecret, { plantId, permitId: id, now: clock.now(), expiresAt: new Date(at(T0, 240)) }));
    const r = await server.http().post(`/api/permits/${id}/interrupt`).set({ Authorization: `Bearer ${(await sessionFor(server, 'xulin')).token}` }).send({ reason: '换焊条' });
    expect(r.status).toBe(200);
    clock.set(new Date(at(T0, 65)));
    await due(PERMIT_JOBS.gasReminder, id);
    await until(async () => (await sandboxTexts('xulin')).some((m) => m.kind === 'text' && (m.body.text ?? '').includes('重新进行气体分析')), 'the re-test reminder');
  });

  it('reminds a holder of a certificate due within the warning window', async () => {
    clock.set(T0);
    const res = await server.http().post('/api/certificates').set({ Authorization: `Bearer ${(await sessionFor(server, 'zhaolei')).token}` })
      .send({ holder: 'zhengtao', type: 'special_equipment_crane_signaller', number: 'Q-77', issuedOn: '2023-04-08', expiresOn: '2027-04-08' });
    expect(res.status).toBe(201);
    await server.deps.db.transaction((tx) => server.deps.jobs.send(tx, PERMIT_JOBS.certificateReminders, { plantId, day: '2027-03-09-test' }, { wake: true }));
    await until(async () => (await sandboxTexts('zhengtao')).some((m) => (m.body.text ?? '').includes('Q-77')), 'the certificate reminder');
    const text = (await sandboxTexts('zhengtao')).find((m) => (m.body.text ?? '').includes('Q-77'))?.body.text;
    expect(text).toBe('您的特种设备作业人员证（起重机指挥）（编号 Q-77）将于 2027-04-08 到期，还有 30 天，请及时办理。');
  });
});
