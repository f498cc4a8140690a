import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authAs } from '../../../../testkit/sandboxLogin';
import { DEMO_PLANT_DIR } from '../../../../testkit/testPaths';
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
let dir: string;
let file: string;

beforeAll(async () => {
  rig = await startDingtalkRig({ peer: { directory: DIRECTORY } });
  dir = mkdtempSync(join(tmpdir(), 'anquan-dt-sync-'));
  file = join(dir, 'demo-plant.yaml');
  copyFileSync(join(DEMO_PLANT_DIR, 'demo-plant.yaml'), file);
  await rig.server.deps.db.query('UPDATE plants SET source_file = $1', [file]);
});
afterAll(async () => {
  await rig?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/admin/dingtalk/sync', () => {
  it('needs admin.sync', async () => {
    const res = await rig.server.http().post('/api/admin/dingtalk/sync').set(await authAs(rig.server, 'zhangwei')).send({});
    expect(res.status).toBe(403);
  });

  it('dry run: reports creates, updates, links and people DingTalk no longer lists; writes nothing', async () => {
    const original = readFileSync(file, 'utf8');
    const res = await rig.server.http().post('/api/admin/dingtalk/sync').set(await authAs(rig.server, 'majun')).send({ defaultRole: 'worker' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true, applied: false, fetched: { departments: 4, users: 4 },
      summary: { departments: { created: 2, updated: 0, unchanged: 2 }, people: { created: 1, updated: 2, linked: 1, unchanged: 1 }, skipped: 0 },
    });
    expect(res.body.plan.people).toEqual(expect.arrayContaining([
      expect.objectContaining({ change: 'update', key: 'liqiang', matchedBy: 'dingtalk_id', set: { title: { from: '合成一班班长', to: '合成一班班长（兼安全员）' } } }),
      expect.objectContaining({ change: 'update', key: 'luogang', matchedBy: 'name', set: { dingtalk: { to: 'dt_luogang' }, phone: { to: '13700003333' } } }),
      expect.objectContaining({ change: 'create', key: 'dt-dt_newbie', person: expect.objectContaining({ departmentKey: 'dt-13', roles: ['worker'] }) }),
    ]));
    expect(res.body.plan.missingInDingtalk.map((p: { key: string }) => p.key)).toContain('xulin');
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('apply: edits the plant file in place (untouched lines stay), re-imports it, records evidence, deletes nobody', async () => {
    const plantId = (await rig.server.deps.directory.plantIds())[0];
    const peopleBefore = (await rig.server.deps.directory.people(plantId)).length;
    const res = await rig.server.http().post('/api/admin/dingtalk/sync').set(await authAs(rig.server, 'majun')).send({ apply: true, defaultRole: 'worker' });
    expect(res.status).toBe(200);
    expect(res.body.applied).toBe(true);
    const text = readFileSync(file, 'utf8');
    const before = readFileSync(`${file}.before-dingtalk-sync`, 'utf8');
    expect(before).toBe(readFileSync(join(DEMO_PLANT_DIR, 'demo-plant.yaml'), 'utf8'));
    expect(text).toContain('  - { key: dt-12, name: 质检中心 }');
    expect(text).toContain('  - { key: dt-13, name: 化验室, parentKey: dt-12 }');
    expect(text).toContain('    messengerIds: { wecom: luogang, dingtalk: dt_luogang }');
    expect(text).toMatch(/# dingtalk:sync .*: DingTalk userId dt_newbie\n {2}- key: dt-dt_newbie\n {4}name: 赵新/);
    // Every original line is still there, in order (only additions and the changed title line).
    const kept = before.split('\n').filter((l) => !l.includes('合成一班班长') && !l.includes('{ wecom: luogang }'));
    let at = 0;
    const lines = text.split('\n');
    for (const l of kept) {
      at = lines.indexOf(l, at);
      expect(at).toBeGreaterThanOrEqual(0);
    }
    const newbie = await rig.server.deps.directory.personByPlatform(plantId, 'dingtalk', 'dt_newbie');
    expect(newbie).toMatchObject({ name: '赵新', roles: ['worker'], departmentKey: 'dt-13' });
    expect(await rig.server.deps.directory.personByPlatform(plantId, 'dingtalk', 'dt_luogang')).toMatchObject({ key: 'luogang' });
    expect((await rig.server.deps.directory.people(plantId)).length).toBe(peopleBefore + 1);
    const deleted = await rig.server.deps.db.query('SELECT key FROM people WHERE deleted_at IS NOT NULL');
    expect(deleted.rows).toEqual([]);
    const ev = await rig.server.deps.db.query<{ actor: { id: string } }>("SELECT actor FROM evidence_events WHERE kind = 'dingtalk.directory_synced'");
    expect(ev.rows).toHaveLength(1);

    // The new person can use the bot right away.
    expect((await rig.peer.state.sendRobotText('dt_newbie', '你好')).code).toBe(200);
    const again = await rig.server.http().post('/api/admin/dingtalk/sync').set(await authAs(rig.server, 'majun')).send({ apply: true, defaultRole: 'worker' });
    expect(again.body).toMatchObject({ applied: false, summary: { departments: { created: 0, updated: 0 }, people: { created: 0, updated: 0 } } });
    expect(existsSync(`${file}.dingtalk-sync.tmp`)).toBe(false);
  });

  it('refuses an unknown default role, and reports DingTalk failures as unavailable', async () => {
    const auth = await authAs(rig.server, 'majun');
    const bad = await rig.server.http().post('/api/admin/dingtalk/sync').set(auth).send({ apply: true, defaultRole: 'astronaut' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body.defaultRole');
    rig.peer.state.injectFault('listsub', 'serverError');
    const down = await rig.server.http().post('/api/admin/dingtalk/sync').set(auth).send({});
    expect(down.status).toBe(503);
  });
});
