import { authAs, sessionFor } from '../../../../testkit/sandboxLogin';
import { DB_KINDS } from '../../../../testkit/testDb';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { permitsModule } from './permitsModule';
import { issuePermitQrToken } from './permitQrToken';
import { at, hotWorkApplication, passingGasTest, seedCertificates, T0, testClock, WASTEWATER_GCJ } from './permitTestKit';

/** The whole lifecycle over the API, on both databases: every step, its records and its evidence. */
describe.each(DB_KINDS)('permit lifecycle over HTTP (%s)', (kind) => {
  let server: TestServer;
  const clock = testClock();

  beforeAll(async () => {
    server = await startTestServer({ kind, modules: [permitsModule], now: clock.now, work: false });
    await seedCertificates(server);
  });
  afterAll(async () => server.close());

  const as = async (who: string) => authAs(server, who);
  const post = async (who: string, path: string, body: object = {}) => server.http().post(path).set(await as(who)).send(body);

  it('runs apply → approvals → check-in → interruption → hold → complete → accept, with records and evidence', async () => {
    clock.set(T0);
    const created = await post('liqiang', '/api/permits', hotWorkApplication(T0, 4, { gasTests: [passingGasTest(at(T0, -5), 'g0')] }));
    expect(created.status).toBe(201);
    const id = created.body.permit.id as string;
    expect(created.body.permit.code).toMatch(/^ZY-20270309-\d{4}$/);
    expect(created.body.permit.status).toBe('draft');

    const submitted = await post('liqiang', `/api/permits/${id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.permit.status).toBe('submitted');
    expect(submitted.body.permit.currentStep.id).toBe('safety');

    // Step 1 on site (inside the fence), step 2 remote (the demo plant allows it for 二级 hot work).
    const onsite = await post('zhaolei', `/api/permits/${id}/approve`, { mode: 'onsite', location: WASTEWATER_GCJ });
    expect(onsite.status).toBe(200);
    expect(onsite.body.permit.status).toBe('approving');
    const remote = await post('wangfang', `/api/permits/${id}/approve`, { mode: 'remote' });
    expect(remote.status).toBe(200);
    expect(remote.body.permit.status).toBe('approved');

    expect((await post('zhengtao', `/api/permits/${id}/shift-check`)).status).toBe(200);
    clock.advanceMin(5);
    const token = issuePermitQrToken(server.deps.appSecret, { plantId: (await sessionFor(server, 'xulin')).plantId, permitId: id, now: clock.now(), expiresAt: new Date(at(T0, 240)) });
    const checkIn = await post('xulin', `/api/permits/${id}/check-in`, { qrToken: token, location: WASTEWATER_GCJ });
    expect(checkIn.status).toBe(200);
    expect(checkIn.body.permit.status).toBe('active');

    expect((await post('xulin', `/api/permits/${id}/interrupt`, { reason: '午休' })).body.permit.status).toBe('interrupted');
    clock.advanceMin(61);
    const early = await post('xulin', `/api/permits/${id}/resume`, {});
    expect(early.status).toBe(422);
    expect(early.body.error.details.rule).toBe('gas_retest_required');
    expect((await post('zhaolei', `/api/permits/${id}/gas-tests`, passingGasTest(clock.now().toISOString(), 'g1'))).status).toBe(200);
    expect((await post('xulin', `/api/permits/${id}/resume`, {})).body.permit.status).toBe('active');

    const hold = await post('zhaolei', '/api/permits/holds', { scope: { permitIds: [id] }, reason: '现场发现泄漏' });
    expect(hold.status).toBe(201);
    expect(hold.body.affectedPermitIds).toEqual([id]);
    const held = await post('xulin', `/api/permits/${id}/resume`, { conditionsReconfirmed: true });
    expect(held.status).toBe(409);
    expect(held.body.error.details.reason).toBe('holds_active');
    clock.advanceMin(10);
    expect((await post('zhaolei', `/api/permits/holds/${hold.body.holdId}/release`)).body.releasedPermitIds).toEqual([id]);
    clock.advanceMin(1);
    expect((await post('zhaolei', `/api/permits/${id}/gas-tests`, passingGasTest(clock.now().toISOString(), 'g2'))).status).toBe(200);
    expect((await post('xulin', `/api/permits/${id}/resume`, { conditionsReconfirmed: true })).body.permit.status).toBe('active');

    clock.advanceMin(30);
    expect((await post('xulin', `/api/permits/${id}/complete`)).body.permit.status).toBe('completed');
    expect((await post('wangfang', `/api/permits/${id}/accept`)).body.permit.status).toBe('closed');

    const record = await server.http().get(`/api/permits/${id}`).set(await as('chenjing'));
    expect(record.status).toBe(200);
    expect(record.body.chain.map((s: { signatures: Array<{ mode: string }> }) => s.signatures[0].mode)).toEqual(['onsite', 'remote']);
    expect(record.body.chain[0].signatures[0].location).toMatchObject({ lng: WASTEWATER_GCJ.lng, datum: 'GCJ-02' });
    expect(record.body.checkIns).toHaveLength(1);
    expect(record.body.checkIns[0].location.datum).toBe('GCJ-02');
    expect(record.body.gasTests.map((g: { testId: string }) => g.testId)).toEqual(['g0', 'g1', 'g2']);
    expect(record.body.compliance.rate).toBeGreaterThan(0);
    const kinds = record.body.evidence.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['permit.applied', 'permit.submit', 'permit.approve', 'permit.check_in', 'permit.place_hold', 'permit.release_hold', 'permit.accept']));

    const compliance = await server.http().get(`/api/permits/${id}/compliance`).set(await as('chenjing'));
    expect(compliance.body.missed).toEqual([]);
    expect(compliance.body.rate).toBe(1);
  });
});
