import { authAs } from '../../../../testkit/sandboxLogin';
import { importPlants, loadPlants } from '../../platform/config/importPlants';
import { restoreSyncedRows } from './wecomDirectorySync';
import { startWecomHarness, type WecomHarness } from './wecomTestHarness';

jest.setTimeout(60_000);

let h: WecomHarness;
let admin: Record<string, string>;
beforeAll(async () => {
  h = await startWecomHarness({
    record: false,
    peer: {
      departments: [
        { id: 1, name: '江宁精细化工', parentid: 0 },
        { id: 2, name: '合成车间', parentid: 1 },
        { id: 3, name: '合成一班', parentid: 2 },
      ],
      users: [
        { userid: 'zhangwei', name: '张伟（企业微信）', department: [3] },
        { userid: 'wangwu', name: '王五', department: [3] },
        { userid: 'Zhao.Liu', name: '赵六', department: [2] },
      ],
    },
  });
  admin = await authAs(h.server, 'majun');
});
afterAll(() => h.close());

const sync = (body: Record<string, unknown>, who = admin) => h.server.http().post('/api/admin/wecom/sync').set(who).send(body);
const synced = () => h.server.deps.db.query<{ key: string; name: string; deleted: boolean }>("SELECT key, name, deleted_at IS NOT NULL AS deleted FROM people WHERE data->>'source' = 'wecom' ORDER BY key");

it('needs admin.sync', async () => {
  expect((await sync({}, await authAs(h.server, 'zhangwei'))).status).toBe(403);
});

it('a dry run (the default) reports what would change and writes nothing', async () => {
  const res = await sync({});
  expect(res.status).toBe(200);
  expect(res.body.applied).toBe(false);
  expect(res.body.people.created.map((p: { userId: string }) => p.userId).sort()).toEqual(['Zhao.Liu', 'wangwu']);
  expect(res.body.people.matchedFilePeople).toBe(1);
  expect(res.body.people.fileDiffers).toEqual([{ userId: 'zhangwei', key: 'zhangwei', fileName: '张伟', wecomName: '张伟（企业微信）' }]);
  expect(res.body.departments.created).toHaveLength(3);
  expect((await synced()).rows).toEqual([]);
});

it('apply creates departments and people; the new people can use the bot and log in', async () => {
  const res = await sync({ apply: true });
  expect(res.body.applied).toBe(true);
  expect((await synced()).rows).toEqual([
    { key: 'wx-wangwu', name: '王五', deleted: false },
    { key: 'wx-zhao_liu', name: '赵六', deleted: false },
  ]);
  const wangwu = await h.server.deps.directory.personByPlatform(h.plantId, 'wecom', 'wangwu');
  expect(wangwu).toMatchObject({ roles: ['worker'], departmentKey: 'wx-dept-3' });
  const login = await h.server.http().post('/api/sessions/wecom/miniprogram').send({ code: h.peer.state.issueLoginCode('Zhao.Liu') });
  expect(login.status).toBe(200);
  // The file's own people are never changed by the sync.
  expect((await h.server.deps.directory.personByKey(h.plantId, 'zhangwei'))?.name).toBe('张伟');
  const ev = await h.server.deps.db.query("SELECT canonical FROM evidence_events WHERE kind = 'wecom.directory_synced'");
  expect(ev.rowCount).toBe(1);
});

it('a second apply changes nothing; a rename is an update', async () => {
  expect((await sync({ apply: true })).body.people).toMatchObject({ created: [], updated: [], unchanged: 2 });
  h.peer.state.users.find((u) => u.userid === 'wangwu')!.name = '王五五';
  const res = await sync({ apply: true });
  expect(res.body.people.updated).toEqual([{ userId: 'wangwu', key: 'wx-wangwu', changes: ['name'] }]);
});

it('people gone from WeCom are reported, never deleted silently; deactivated only when asked', async () => {
  const i = h.peer.state.users.findIndex((u) => u.userid === 'Zhao.Liu');
  h.peer.state.users.splice(i, 1);
  const report = await sync({ apply: true });
  expect(report.body.people.missing).toEqual([{ userId: 'Zhao.Liu', key: 'wx-zhao_liu', name: '赵六' }]);
  expect((await synced()).rows.find((r) => r.key === 'wx-zhao_liu')?.deleted).toBe(false);
  const deact = await sync({ apply: true, deactivateMissing: true });
  expect(deact.body.people.deactivated).toHaveLength(1);
  expect((await synced()).rows.find((r) => r.key === 'wx-zhao_liu')?.deleted).toBe(true);
});

it('rows a plant-file import soft-deleted come back at start; deliberate deactivations stay', async () => {
  await h.server.deps.db.query("UPDATE people SET deleted_at = now() WHERE data->>'source' = 'wecom'");
  expect(await restoreSyncedRows(h.server.deps.db)).toBe(1);
  expect((await synced()).rows).toEqual([
    { key: 'wx-wangwu', name: '王五五', deleted: false },
    { key: 'wx-zhao_liu', name: '赵六', deleted: true },
  ]);
});

it('an unknown default role is refused naming the field', async () => {
  const res = await sync({ defaultRoles: ['nope'] });
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(/defaultRoles/);
});

it('a synced person added to the plant file (to give them roles) keeps the WeCom id the sync learned', async () => {
  const loaded = loadPlants(h.server.deps.env.PLANT_DIR).find((p) => p.plant.id === h.plantId)!;
  const plant = structuredClone(loaded.plant);
  plant.people.push({ key: 'wx-wangwu', name: '王五', departmentKey: 'synthesis_ws', roles: ['team_leader'], messengerIds: { sandbox: 'wx-wangwu' } });
  await importPlants(h.server.deps.db, h.server.deps.env.PLANT_DIR, h.server.deps.log, [{ ...loaded, plant }]);
  h.server.deps.directory.invalidate();
  const wangwu = await h.server.deps.directory.personByPlatform(h.plantId, 'wecom', 'wangwu');
  expect(wangwu).toMatchObject({ key: 'wx-wangwu', name: '王五', roles: ['team_leader'], departmentKey: 'synthesis_ws' });
  // The file owns the row now: the next import changes nothing, and the sync reports it as a file person.
  const again = await importPlants(h.server.deps.db, h.server.deps.env.PLANT_DIR, h.server.deps.log, [{ ...loaded, plant }]);
  expect(again[0].entities.people).toMatchObject({ updated: 0 });
  expect((await sync({})).body.people.matchedFilePeople).toBe(2);
});
