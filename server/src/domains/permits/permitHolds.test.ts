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

  it('a weather level raise manages new outdoor hot work one level higher until its source releases it', async () => {
    clock.set(T0);
    const liqiang = await authAs(server, 'liqiang');
    const { level: _declared, ...undeclared } = hotWorkApplication(T0);
    const draft = await server.http().post('/api/permits').set(liqiang).send(undeclared);
    expect([draft.status, draft.body.permit.level]).toEqual([201, 'L2']);

    const WEATHER = { type: 'system' as const, id: 'weather', label: '气象预警' };
    const raise = await tx<{ restrictionId: string }>((t) => holds().placeLevelRaise(t, {
      plantId, scope: { types: ['HOT'], outdoorOnly: true }, source: 'weather', sourceId: 'W-GALE', reason: '气象预警：大风蓝色预警', beaufort: 6, until: null, actor: WEATHER,
    }));

    // New outdoor hot work is managed as 一级, with the wind clause and the warning named ...
    const raised = await server.http().post('/api/permits').set(liqiang).send(undeclared);
    expect([raised.status, raised.body.permit?.level]).toEqual([201, 'L1']);
    const upgraded = raised.body.permit.warnings.find((w: { code: string }) => w.code === 'hot_work_upgraded');
    expect(upgraded.message).toBe('动火作业由“二级动火”升级为“一级动火”（原因：五级以上大风）。');
    const wind = raised.body.permit.warnings.find((w: { code: string }) => w.code === 'outdoor_hot_work_in_wind');
    expect(wind.params).toMatchObject({ beaufort: 6, limit: 5, warnings: ['气象预警：大风蓝色预警'] });
    // ... and one declared 二级 is refused, naming the wind.
    const declared = await server.http().post('/api/permits').set(liqiang).send(hotWorkApplication(T0));
    expect(declared.status).toBe(422);
    expect(declared.body.error.details.findings[0]).toMatchObject({ code: 'level_too_low', message: '申报级别“二级动火”低于规定级别“一级动火”（原因：五级以上大风）。', params: { reasons: ['wind'] } });
    const applied = (await listEvidence(server.deps.db, plantId, 'permit', raised.body.permit.id)).find((e) => e.kind === 'permit.applied');
    expect(applied?.data).toMatchObject({ level: 'L1', declaredLevel: null, upgradeReasons: ['wind'], levelRaises: [raise.restrictionId] });

    // Indoor hot work and outdoor work of other types are not raised.
    const indoor = await server.http().post('/api/permits').set(liqiang).send(hotWorkApplication(T0, 4, { location: { areaKey: 'office', site: '办公楼后院' } }));
    expect([indoor.status, indoor.body.permit.level]).toEqual([201, 'L2']);

    // The draft from before the warning may not go on at its old level; nothing changes.
    const submit = await server.http().post(`/api/permits/${draft.body.permit.id}/submit`).set(liqiang).send({});
    expect(submit.status).toBe(422);
    expect(submit.body.error.details).toMatchObject({ rule: 'level_too_low', field: 'level' });
    expect(submit.body.error.message).toBe('申报级别“二级动火”低于规定级别“一级动火”（原因：五级以上大风）。');
    expect(await statusOf(server, draft.body.permit.id)).toBe('draft');

    // The restrictions list shows the raise; the warning's release lifts it with its holds.
    const list = await server.http().get('/api/permits/restrictions?live=1').set(await authAs(server, 'zhaolei'));
    expect(list.body.restrictions.find((r: { id: string }) => r.id === raise.restrictionId)).toMatchObject({ effect: 'raise_level', beaufort: 6, source: 'weather' });
    const released = await tx<{ holdIds: string[]; restrictionIds: string[] }>((t) => holds().releaseHoldsBySource(t, { plantId, source: 'weather', sourceId: 'W-GALE', actor: WEATHER }));
    expect(released).toEqual({ holdIds: [], restrictionIds: [raise.restrictionId] });
    const after = await server.http().post('/api/permits').set(liqiang).send(hotWorkApplication(T0));
    expect([after.status, after.body.permit.level]).toEqual([201, 'L2']);
    expect((await server.http().post(`/api/permits/${draft.body.permit.id}/submit`).set(liqiang).send({})).status).toBe(200);
    expect((await listEvidence(server.deps.db, plantId, 'work_restriction', raise.restrictionId)).map((e) => e.kind)).toEqual(['permit.restriction.placed', 'permit.restriction.released']);
  });
});
