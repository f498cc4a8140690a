import { authAs, sessionFor } from '../../../../testkit/sandboxLogin';
import { DB_KINDS } from '../../../../testkit/testDb';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { listEvidence } from '../../platform/evidence/evidenceChain';
import { createPermitHoldService } from './permitHolds';
import { permitsModule } from './permitsModule';
import { issuePermitQrToken } from './permitQrToken';
import { activate, approvedHotWork, at, OFFICE_GCJ, hotWorkApplication, seedCertificates, statusOf, T0, testClock } from './permitTestKit';

const ALARM = { type: 'system' as const, id: 'alarm', label: 'DCS 报警 AI-301' };

/** The holds contract the alarm and weather modules code against: overlap, scope, restrictions, actors. */
describe.each(DB_KINDS)('permit holds (%s)', (kind) => {
  let server: TestServer;
  let plantId: string;
  const clock = testClock();

  beforeAll(async () => {
    server = await startTestServer({ kind, modules: [permitsModule], now: clock.now, work: false });
    plantId = (await sessionFor(server, 'liqiang')).plantId;
    await seedCertificates(server);
  });
  afterAll(async () => server.close());

  const holds = () => createPermitHoldService(server.deps);
  const tx = <T>(fn: Parameters<TestServer['deps']['db']['transaction']>[0]) => server.deps.db.transaction(fn) as Promise<T>;
  const token = (id: string) => issuePermitQrToken(server.deps.appSecret, { plantId, permitId: id, now: clock.now(), expiresAt: new Date(at(T0, 240)) });

  it('suspends approved and active permits in scope, overlaps holds, and releases one without the other', async () => {
    clock.set(T0);
    const a = await approvedHotWork(server, T0);
    const b = await approvedHotWork(server, T0);
    await activate(server, b, clock.now(), token(b));
    const elsewhere = await approvedHotWork(server, T0, { location: { areaKey: 'office', site: '办公楼后院' } }, 4, OFFICE_GCJ);
    expect(await statusOf(server, b)).toBe('active');

    const alarm = await tx<{ holdId: string; affectedPermitIds: string[]; restrictionId: string | null }>((t) => holds().placeHold(t, {
      plantId, scope: { areaKeys: ['wastewater'] }, source: 'alarm', sourceId: 'ALM-1', reason: '可燃气体报警', blockNewApplications: true, actor: ALARM,
    }));
    expect(alarm.affectedPermitIds.sort()).toEqual([a, b].sort());
    expect(alarm.restrictionId).not.toBeNull();
    expect(await statusOf(server, a)).toBe('suspended');
    expect(await statusOf(server, b)).toBe('suspended');
    expect(await statusOf(server, elsewhere)).toBe('approved');

    // A second, personal hold on A overlaps the alarm hold.
    const person = await server.http().post('/api/permits/holds').set(await authAs(server, 'zhaolei')).send({ scope: { permitIds: [a] }, reason: '监护人离岗' });
    expect(person.status).toBe(201);

    // The restriction blocks new work in the area, not elsewhere.
    const blocked = await server.http().post('/api/permits').set(await authAs(server, 'liqiang')).send(hotWorkApplication(T0));
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.details.rule).toBe('work_restricted');
    const ok = await server.http().post('/api/permits').set(await authAs(server, 'liqiang')).send(hotWorkApplication(T0, 4, { location: { areaKey: 'office', site: '办公楼后院' } }));
    expect(ok.status).toBe(201);

    // The alarm clears: its holds go, the person's stays.
    const released = await tx<{ holdIds: string[] }>((t) => holds().releaseHoldsBySource(t, { plantId, source: 'alarm', sourceId: 'ALM-1', actor: ALARM }));
    expect(released.holdIds).toEqual([alarm.holdId]);
    const rowA = (await server.http().get(`/api/permits/${a}`).set(await authAs(server, 'zhaolei'))).body;
    expect(rowA.status).toBe('suspended');
    expect(rowA.holds.map((h: { id: string }) => h.id)).toEqual([person.body.holdId]);
    const rowB = (await server.http().get(`/api/permits/${b}`).set(await authAs(server, 'zhaolei'))).body;
    expect(rowB.holds).toEqual([]);
    expect((await server.http().post('/api/permits').set(await authAs(server, 'liqiang')).send(hotWorkApplication(T0))).status).toBe(201);

    // System actors appear as such in the evidence.
    const ev = await listEvidence(server.deps.db, plantId, 'permit', b);
    const placed = ev.find((e) => e.kind === 'permit.place_hold');
    expect(placed?.actor).toMatchObject({ type: 'system', id: 'alarm' });
    expect(ev.find((e) => e.kind === 'permit.release_hold')?.actor).toMatchObject({ type: 'system', id: 'alarm' });

    // Each affected crew got a suspension card.
    const cards = await server.deps.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM pgboss.job WHERE name = 'deliver' AND data->'content'->>'kind' = 'permit.suspension' AND data->'content'->'params'->>'holdId' = $1`,
      [alarm.holdId],
    );
    expect(Number(cards.rows[0].n)).toBe(6); // 2 permits × crew of 3 (liqiang applies and leads, zhangwei works, xulin guards)
  });

  it('refuses a release by someone who neither placed the hold nor supervises, writing nothing', async () => {
    clock.set(T0);
    const id = await approvedHotWork(server, T0);
    const hold = await server.http().post('/api/permits/holds').set(await authAs(server, 'zhaolei')).send({ scope: { permitIds: [id] }, reason: '试验' });
    const refused = await server.http().post(`/api/permits/holds/${hold.body.holdId}/release`).set(await authAs(server, 'xulin')).send({});
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.reason).toBe('not_hold_owner');
    const live = await server.deps.db.query('SELECT 1 FROM permit_holds WHERE id = $1 AND released_at IS NULL', [hold.body.holdId]);
    expect(live.rowCount).toBe(1);
    expect(await statusOf(server, id)).toBe('suspended');
  });

  it('releases a second time as a no-op, and schedules the release of a hold with until', async () => {
    clock.set(T0);
    const id = await approvedHotWork(server, T0);
    const until = new Date(at(T0, 30));
    const h = await tx<{ holdId: string }>((t) => holds().placeHold(t, {
      plantId, scope: { permitIds: [id] }, source: 'weather', sourceId: 'W-1', reason: '大风蓝色预警', until, actor: { type: 'system', id: 'weather' },
    }));
    const job = await server.deps.db.query<{ start_after: Date }>(`SELECT start_after FROM pgboss.job WHERE name = 'permits.release-hold' AND data->>'holdId' = $1`, [h.holdId]);
    expect(new Date(job.rows[0].start_after).toISOString()).toBe(until.toISOString());
    const first = await tx<{ releasedPermitIds: string[] }>((t) => holds().releaseHold(t, { plantId, holdId: h.holdId, actor: { type: 'system', id: 'scheduler' } }));
    expect(first.releasedPermitIds).toEqual([id]);
    const again = await tx<{ releasedPermitIds: string[] }>((t) => holds().releaseHold(t, { plantId, holdId: h.holdId, actor: { type: 'system', id: 'scheduler' } }));
    expect(again.releasedPermitIds).toEqual([]);
  });
});
