import { readFileSync } from 'node:fs';
import { authAs } from '../../../../testkit/sandboxLogin';
import { importPlant } from '../../platform/config/importPlant';
import { loadPlantFile } from '../../platform/config/loadPlantFile';
import type { PlantFile } from '../../platform/config/plantSchema';
import { DingtalkRig, startDingtalkRig } from './dingtalkTestRig';

const DIRECTORY = {
  departments: [
    { dept_id: 10, name: '生产部', parent_id: 1 },
    { dept_id: 11, name: '合成车间', parent_id: 10 },
    { dept_id: 12, name: '质检中心', parent_id: 1 },
    { dept_id: 13, name: '化验室', parent_id: 12 },
  ],
  users: [
    { userid: 'dt_zhangwei', name: '张伟', dept_id_list: [11], title: '合成车间操作工', mobile: '13812341234' },
    { userid: 'dt_liqiang', name: '李强', dept_id_list: [11], title: '合成一班班长（兼安全员）' },
    { userid: 'dt_luogang', name: '罗刚', dept_id_list: [10], mobile: '13700003333' },
    { userid: 'dt_newbie', name: '赵新', dept_id_list: [13], title: '化验员', mobile: '13511112222' },
  ],
};

let rig: DingtalkRig;
let plantId: string;
let sourceFile: string;
const sync = async (body: Record<string, unknown>) =>
  rig.server.http().post('/api/admin/dingtalk/sync').set(await authAs(rig.server, 'majun')).send(body);
const rows = async (table: 'people' | 'departments') =>
  (await rig.server.deps.db.query<{ key: string; name: string; data: Record<string, unknown>; deleted: boolean }>(
    `SELECT key, name, data, deleted_at IS NOT NULL AS deleted FROM ${table} WHERE plant_id = $1 ORDER BY key`, [plantId],
  )).rows;
/** What another instance (or this one) does at start: import its plant file. */
const reimport = async (plant: PlantFile) => {
  await rig.server.deps.db.transaction((tx) => importPlant(tx, plant, sourceFile));
  rig.server.deps.directory.invalidate(plantId);
};

beforeAll(async () => {
  rig = await startDingtalkRig({ peer: { directory: DIRECTORY } });
  plantId = (await rig.server.deps.directory.plantIds())[0];
  sourceFile = (await rig.server.deps.db.query<{ source_file: string }>('SELECT source_file FROM plants WHERE id = $1', [plantId])).rows[0].source_file;
});
afterAll(async () => {
  await rig?.close();
});

describe('POST /api/admin/dingtalk/sync', () => {
  it('needs admin.sync', async () => {
    const res = await rig.server.http().post('/api/admin/dingtalk/sync').set(await authAs(rig.server, 'zhangwei')).send({});
    expect(res.status).toBe(403);
  });

  it('dry run: reports creates, links, differences from the plant file and people DingTalk no longer lists; writes nothing', async () => {
    const peopleBefore = await rows('people');
    const res = await sync({ defaultRole: 'worker' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true, applied: false, fetched: { departments: 4, users: 4 },
      summary: { departments: { created: 2, updated: 0, unchanged: 2 }, people: { created: 1, updated: 0, linked: 1 }, skipped: 0 },
    });
    expect(res.body.plan.people).toEqual(expect.arrayContaining([
      expect.objectContaining({ change: 'link', key: 'luogang', matchedBy: 'name', userId: 'dt_luogang' }),
      expect.objectContaining({ change: 'create', key: 'dt-dt_newbie', data: expect.objectContaining({ departmentKey: 'dt-13', roles: ['worker'], source: 'dingtalk' }) }),
    ]));
    expect(res.body.plan.fileDiffers).toContainEqual({ key: 'liqiang', userId: 'dt_liqiang', field: 'title', file: '合成一班班长', dingtalk: '合成一班班长（兼安全员）' });
    expect(res.body.plan.missingInDingtalk.map((p: { key: string }) => p.key)).toContain('xulin');
    expect(await rows('people')).toEqual(peopleBefore);
    const runs = await rig.server.deps.db.query("SELECT applied FROM directory_sync_runs WHERE platform = 'dingtalk'");
    expect(runs.rows).toEqual([{ applied: false }]);
  });

  it('apply: synced rows in the database, the file person only linked, evidence recorded, the plant file untouched, nobody deleted', async () => {
    const fileText = readFileSync(sourceFile, 'utf8');
    const peopleBefore = (await rig.server.deps.directory.people(plantId)).length;
    const res = await sync({ apply: true, defaultRole: 'worker' });
    expect(res.status).toBe(200);
    expect(res.body.applied).toBe(true);
    expect(readFileSync(sourceFile, 'utf8')).toBe(fileText);

    const depts = await rows('departments');
    expect(depts.filter((d) => d.key.startsWith('dt-'))).toEqual([
      { key: 'dt-12', name: '质检中心', data: { source: 'dingtalk', dingtalkId: 12 }, deleted: false },
      { key: 'dt-13', name: '化验室', data: { source: 'dingtalk', dingtalkId: 13, parentKey: 'dt-12' }, deleted: false },
    ]);
    const newbie = await rig.server.deps.directory.personByPlatform(plantId, 'dingtalk', 'dt_newbie');
    expect(newbie).toMatchObject({ key: 'dt-dt_newbie', name: '赵新', roles: ['worker'], departmentKey: 'dt-13' });
    const luogang = (await rows('people')).find((p) => p.key === 'luogang')!;
    expect(luogang.data).toMatchObject({ messengerIds: { dingtalk: 'dt_luogang' }, learnedMessengerIds: { dingtalk: 'dt_luogang' } });
    expect(luogang.data.phone).toBeUndefined(); // the file owns the person: only the link is recorded
    expect(await rig.server.deps.directory.personByPlatform(plantId, 'dingtalk', 'dt_luogang')).toMatchObject({ key: 'luogang' });
    expect((await rig.server.deps.directory.people(plantId)).length).toBe(peopleBefore + 1);
    expect((await rows('people')).filter((p) => p.deleted)).toEqual([]);
    const ev = await rig.server.deps.db.query<{ canonical: string }>("SELECT canonical FROM evidence_events WHERE kind = 'dingtalk.directory_synced'");
    expect(ev.rows).toHaveLength(1);
    expect(ev.rows[0].canonical).toContain(res.body.runId);

    // The new person can use the bot right away; a second run has nothing to write.
    expect((await rig.peer.state.sendRobotText('dt_newbie', '你好')).code).toBe(200);
    const again = await sync({ apply: true, defaultRole: 'worker' });
    expect(again.body).toMatchObject({ applied: false, summary: { departments: { created: 0, updated: 0 }, people: { created: 0, updated: 0, linked: 0 } } });
  });

  it('a plant-file import (another instance starting, or an edit of the linked person) keeps synced people and learned links', async () => {
    const plant = loadPlantFile(sourceFile);
    await reimport(plant);
    expect(await rig.server.deps.directory.personByPlatform(plantId, 'dingtalk', 'dt_newbie')).toMatchObject({ key: 'dt-dt_newbie' });
    expect(await rig.server.deps.directory.personByPlatform(plantId, 'dingtalk', 'dt_luogang')).toMatchObject({ key: 'luogang' });

    const edited = { ...plant, people: plant.people.map((p) => (p.key === 'luogang' ? { ...p, title: '生产部副经理' } : p)) };
    await reimport(edited);
    expect(await rig.server.deps.directory.personByPlatform(plantId, 'dingtalk', 'dt_luogang')).toMatchObject({ key: 'luogang' });
    await reimport(edited); // and again: still the file's content, the link still there
    const luogang = (await rows('people')).find((p) => p.key === 'luogang')!;
    expect(luogang.data).toMatchObject({ title: '生产部副经理', messengerIds: { dingtalk: 'dt_luogang' } });
    await reimport(plant);
  });

  it('deactivates people it created that DingTalk no longer lists only when asked; they come back when listed again', async () => {
    const newbie = rig.peer.state.users.find((u) => u.userid === 'dt_newbie')!;
    rig.peer.state.users.splice(rig.peer.state.users.indexOf(newbie), 1);
    try {
      const kept = await sync({ apply: true });
      expect(kept.body.plan.missingInDingtalk).toContainEqual({ key: 'dt-dt_newbie', name: '赵新', userId: 'dt_newbie' });
      expect((await rows('people')).find((p) => p.key === 'dt-dt_newbie')!.deleted).toBe(false);
      const gone = await sync({ apply: true, deactivateMissing: true });
      expect(gone.body.plan.deactivated).toEqual([expect.objectContaining({ key: 'dt-dt_newbie' })]);
      rig.server.deps.directory.invalidate(plantId);
      expect(await rig.server.deps.directory.personByPlatform(plantId, 'dingtalk', 'dt_newbie')).toBeNull();
      expect((await rows('people')).filter((p) => p.deleted).map((p) => p.key)).toEqual(['dt-dt_newbie']);
    } finally {
      rig.peer.state.users.push(newbie);
    }
    const back = await sync({ apply: true });
    expect(back.body.plan.people).toEqual([expect.objectContaining({ change: 'update', key: 'dt-dt_newbie', restored: true })]);
    rig.server.deps.directory.invalidate(plantId);
    expect(await rig.server.deps.directory.personByPlatform(plantId, 'dingtalk', 'dt_newbie')).toMatchObject({ key: 'dt-dt_newbie' });
  });

  it('bad input: unknown default role or department, deactivation below the root; DingTalk failures are unavailable', async () => {
    const role = await sync({ apply: true, defaultRole: 'astronaut' });
    expect(role.status).toBe(400);
    expect(role.body.error.message).toContain('body.defaultRole');
    const department = await sync({ defaultDepartment: 'nowhere' });
    expect(department.status).toBe(400);
    expect(department.body.error.message).toContain('body.defaultDepartment');
    const below = await sync({ apply: true, rootDeptId: 12, deactivateMissing: true });
    expect(below.status).toBe(400);
    expect(below.body.error.message).toContain('body.deactivateMissing');
    const typo = await sync({ rootDeptId: 'one' });
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toContain('rootDeptId');
    rig.peer.state.injectFault('listsub', 'serverError');
    const down = await sync({});
    expect(down.status).toBe(503);
  });
});
