import { DB_KINDS } from '../../../../testkit/testDb';
import { startTestServer, TestServer } from '../../../../testkit/testServer';
import { AppError } from '../../platform/errors';
import { actOnHazard, runTimer } from './hazardCommands';
import { createHazard } from './hazardCreate';
import { callerOf, HazardDeps } from './hazardDeps';
import { loadHazard } from './hazardRepo';
import { hazardDepsOf } from './hazardRouteHelpers';
import { hazardsModule } from './hazardsModule';
import { personId, uploadPhoto } from './hazardTestKit';

describe.each(DB_KINDS)('hazard commands and SLA timers on %s', (kind) => {
  let s: TestServer;
  let hz: HazardDeps;
  let plantId: string;
  const caller = async (key: string) => callerOf((await s.deps.directory.principalFor(plantId, await personId(s, key), 'sandbox'))!);
  const jobs = async (name: string, hazardId: string) =>
    (await s.testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'hazardId' = $2`, [name, hazardId])).rows[0].n;
  const events = async (hazardId: string) =>
    (await s.testDb.db.query<{ kind: string }>('SELECT kind FROM evidence_events WHERE subject_id = $1 ORDER BY seq', [hazardId])).rows.map((r) => r.kind);

  beforeAll(async () => {
    s = await startTestServer({ kind, modules: [hazardsModule], work: false });
    hz = hazardDepsOf(s.deps, null);
    plantId = (await s.deps.directory.plantIds())[0];
  });
  afterAll(async () => {
    await s?.close();
  });

  async function newHazard(reporter = 'zhangwei') {
    const photo = await uploadPhoto(s, reporter);
    const c = await caller(reporter);
    return s.deps.db.transaction((tx) =>
      createHazard(hz, tx, { plantId, reporterId: c.personId!, areaKey: 'tank_farm', categoryKey: 'fire_passage_blocked', description: '消防通道堵塞', photoFileIds: [photo], source: 'api' }, c),
    );
  }

  it('inserts the timer jobs with the change that arms them, and none for a refused change', async () => {
    const h = await newHazard();
    expect(h.state.status).toBe('assigned');
    expect(await jobs('hazard.escalate', h.id)).toBe(1);
    expect(await jobs('hazard.remind', h.id)).toBe(1);
    const before = (await s.testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job`)).rows[0].n;
    const c = await caller('zhangwei');
    await expect(
      s.deps.db.transaction((tx) => createHazard(hz, tx, { plantId, reporterId: c.personId!, areaKey: 'tank_farm', categoryKey: 'nope', description: 'x', photoFileIds: [], source: 'api' }, c)),
    ).rejects.toThrow(AppError);
    expect((await s.testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job`)).rows[0].n).toBe(before);
  });

  it('runs a current timer once; stale, duplicate and early timers are no-ops', async () => {
    const h = await newHazard();
    const token = h.state.timers.remind as string;
    expect(await runTimer(hz, { plantId, hazardId: h.id, action: { type: 'remind', token: 'hazard.remind@v999' } })).toBe(false);
    expect(await runTimer(hz, { plantId, hazardId: h.id, action: { type: 'remind', token } })).toBe(true);
    expect(await runTimer(hz, { plantId, hazardId: h.id, action: { type: 'remind', token } })).toBe(false);
    const escalate = (await loadHazard(s.deps.db, plantId, h.id))!.state.timers.escalate as string;
    // Not overdue yet: the escalation job refuses and leaves the hazard as it is.
    expect(await runTimer(hz, { plantId, hazardId: h.id, action: { type: 'escalate', token: escalate } })).toBe(false);
    expect(await runTimer(hz, { plantId, hazardId: '00000000-0000-4000-8000-000000000000', action: { type: 'remind', token } })).toBe(false);
    expect((await events(h.id)).filter((k) => k === 'hazard.remind')).toHaveLength(1);
    expect((await loadHazard(s.deps.db, plantId, h.id))!.state.lastRemindedAt).not.toBeNull();
  });

  it('turns an escalation timer of a hazard that moved on into nothing', async () => {
    const h = await newHazard();
    const token = h.state.timers.escalate as string;
    const assignee = await caller('zhengtao');
    expect(h.state.assigneeId).toBe(assignee.personId);
    await expect(
      s.deps.db.transaction((tx) => actOnHazard(hz, tx, { plantId, hazardId: h.id, action: { type: 'reject', reason: '已清理' }, caller: assignee })),
    ).rejects.toMatchObject({ code: 'forbidden', details: { reason: 'missing_right' } });
    const officer = await caller('heping');
    await s.deps.db.transaction((tx) => actOnHazard(hz, tx, { plantId, hazardId: h.id, action: { type: 'reject', reason: '不属于隐患' }, caller: officer }));
    const versionBefore = (await loadHazard(s.deps.db, plantId, h.id))!.state.version;
    expect(await runTimer(hz, { plantId, hazardId: h.id, action: { type: 'escalate', token } })).toBe(false);
    expect((await loadHazard(s.deps.db, plantId, h.id))!.state.version).toBe(versionBefore);
  });

  it('lets only one of two concurrent approvals through', async () => {
    const h = await newHazard();
    const holder = await caller('zhengtao');
    const photo = await uploadPhoto(s, 'zhengtao', 4);
    await s.deps.db.transaction((tx) => actOnHazard(hz, tx, { plantId, hazardId: h.id, action: { type: 'start_rectification' }, caller: holder }));
    await s.deps.db.transaction((tx) =>
      actOnHazard(hz, tx, { plantId, hazardId: h.id, action: { type: 'submit_rectification', afterPhotoIds: [photo] }, caller: holder, extras: { photos: { role: 'after', fileIds: [photo] } } }),
    );
    const reviewer = await caller('zhaolei');
    const approve = () => s.deps.db.transaction((tx) => actOnHazard(hz, tx, { plantId, hazardId: h.id, action: { type: 'approve' }, caller: reviewer }));
    const results = await Promise.allSettled([approve(), approve()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as AppError).details?.reason).toBe('already_closed');
    expect((await events(h.id)).filter((k) => k === 'hazard.approve')).toHaveLength(1);
    expect(await jobs('hazard.reinspect', h.id)).toBe(1);
  });
});
