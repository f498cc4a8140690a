import type { DingtalkDepartment, DingtalkUser } from '../../../../bot/src/adapters/dingtalk/dingtalkApiTypes';
import type { ConfigRow } from '../../platform/directory/directoryRows';
import { ExistingDirectory, personKeyFor, planDingtalkSync, planHasChanges } from './planDingtalkSync';

/** A people row: the plant file's unless `data.source` says a sync made it. */
const person = (key: string, name: string, data: Record<string, unknown> = {}, deleted = false): ConfigRow =>
  ({ id: `id-${key}`, key, name, deleted, data: { departmentKey: 'ops', roles: ['worker'], ...data, messengerIds: { sandbox: key, ...(data.messengerIds as object) } } });
const syncedPerson = (key: string, name: string, userId: string, data: Record<string, unknown> = {}, deleted = false) =>
  person(key, name, { source: 'dingtalk', messengerIds: { dingtalk: userId }, ...data }, deleted);
const deptRow = (key: string, name: string, data: Record<string, unknown> = {}, deleted = false): ConfigRow => ({ id: `id-${key}`, key, name, data, deleted });

const plant = (people: ConfigRow[], departments: ConfigRow[] = [deptRow('ops', '运行部')]): ExistingDirectory => ({ departments, people, roleKeys: ['worker'] });
const user = (userId: string, name: string, extra: Partial<DingtalkUser> = {}): DingtalkUser => ({ userId, name, deptIds: [2], ...extra });
const dept = (deptId: number, name: string, parentId = 1): DingtalkDepartment => ({ deptId, name, parentId });
const OPTS = { rootDeptId: 1, defaultRole: 'worker' };

describe('planDingtalkSync: people', () => {
  const cases: Array<[string, ConfigRow[], DingtalkUser[], Record<string, unknown>]> = [
    ['file person linked in the file and equal → unchanged', [person('a', '甲', { messengerIds: { dingtalk: 'ua' } })], [user('ua', '甲')], { peopleUnchanged: 1, people: [] }],
    ['file person renamed in DingTalk → the file is left alone, the difference reported',
      [person('a', '甲', { messengerIds: { dingtalk: 'ua' } })], [user('ua', '甲乙', { title: '班长' })],
      { people: [], fileDiffers: [{ key: 'a', field: 'name', file: '甲', dingtalk: '甲乙' }, { key: 'a', field: 'title', file: null, dingtalk: '班长' }] }],
    ['unlinked file person, same phone → linked by phone only', [person('a', '甲', { phone: '138 0000 1111' })], [user('ua', '别名', { mobile: '13800001111' })],
      { people: [{ change: 'link', id: 'id-a', key: 'a', userId: 'ua', matchedBy: 'phone' }], fileDiffers: [{ key: 'a', field: 'name' }] }],
    ['unlinked file person, unique name → linked by name', [person('a', '甲')], [user('ua', '甲', { mobile: '13800001111' })],
      { people: [{ change: 'link', key: 'a', matchedBy: 'name' }], fileDiffers: [] }],
    ['two unlinked people share the name → a new person, nobody guessed', [person('a', '甲'), person('b', '甲')], [user('ua', '甲')],
      { people: [{ change: 'create', key: 'dt-ua', data: { source: 'dingtalk', departmentKey: 'dt-2', roles: ['worker'], messengerIds: { dingtalk: 'ua' } } }] }],
    ['a synced person follows DingTalk: name, title, phone, department',
      [syncedPerson('dt-ub', '乙', 'ub', { departmentKey: 'ops' })], [user('ub', '乙丙', { title: '化验员', mobile: '13511112222' })],
      { people: [{ change: 'update', id: 'id-dt-ub', set: { name: { from: '乙', to: '乙丙' }, title: { to: '化验员' }, phone: { to: '13511112222' }, departmentKey: { from: 'ops', to: 'dt-2' } } }] }],
    ['a deleted synced person DingTalk lists again → restored', [syncedPerson('dt-ub', '乙', 'ub', { departmentKey: 'dt-2' }, true)], [user('ub', '乙')],
      { people: [{ change: 'update', key: 'dt-ub', set: {}, restored: true }] }],
    ['inactive → skipped', [], [user('ua', '甲', { active: false })], { skipped: [{ userId: 'ua', reason: 'inactive' }], people: [] }],
    ['linked person DingTalk no longer lists → reported, not deleted', [person('a', '甲', { messengerIds: { dingtalk: 'gone' } }), syncedPerson('dt-x', '戊', 'x')], [],
      { missingInDingtalk: [{ key: 'a', userId: 'gone' }, { key: 'dt-x', userId: 'x' }], deactivated: [], people: [] }],
  ];
  it.each(cases)('%s', (_name, people, users, expected) => {
    const plan = planDingtalkSync(plant(people), [dept(2, '新部门')], users, OPTS);
    expect(plan).toMatchObject(expected);
  });

  it('deactivates on request only people the sync created', () => {
    const plan = planDingtalkSync(plant([person('a', '甲', { messengerIds: { dingtalk: 'gone' } }), syncedPerson('dt-x', '戊', 'x')]), [], [], { ...OPTS, deactivateMissing: true });
    expect(plan.deactivated).toEqual([{ id: 'id-dt-x', key: 'dt-x', name: '戊', userId: 'x' }]);
    expect(plan.missingInDingtalk).toEqual([{ key: 'a', name: '甲', userId: 'gone' }]);
    expect(planHasChanges(plan)).toBe(true);
  });

  it('without a default role new users are skipped; without a department too', () => {
    expect(planDingtalkSync(plant([]), [], [user('ua', '甲')], { rootDeptId: 1 }).skipped).toEqual([{ userId: 'ua', name: '甲', reason: 'no_default_role' }]);
    expect(planDingtalkSync(plant([]), [], [user('ua', '甲', { deptIds: [1] })], OPTS).skipped).toEqual([{ userId: 'ua', name: '甲', reason: 'no_department' }]);
    expect(planDingtalkSync(plant([]), [], [user('ua', '甲', { deptIds: [1] })], { ...OPTS, defaultDepartment: 'ops' }).people[0]).toMatchObject({ change: 'create', data: { departmentKey: 'ops' } });
  });

  it('never touches roles, and an invalid mobile is left out', () => {
    const rows = plant([syncedPerson('dt-ua', '甲', 'ua', { roles: ['boss'], departmentKey: 'dt-2' })], [deptRow('dt-2', '新部门', { source: 'dingtalk', dingtalkId: 2 })]);
    const plan = planDingtalkSync(rows, [dept(2, '新部门')], [user('ua', '甲', { mobile: 'n/a' })], OPTS);
    expect(plan.people).toEqual([]);
    expect(planHasChanges(plan)).toBe(false);
  });
});

describe('planDingtalkSync: departments', () => {
  it('maps by dt-<id> key, else by unique name, else creates with the mapped parent; only its own rows are updated', () => {
    const depts = [dept(2, '运行部'), dept(3, '化验室', 2), dept(4, '改名后'), dept(5, '班组', 4), dept(6, '文件里的')];
    const rows = [deptRow('ops', '运行部'), deptRow('dt-4', '改名前', { source: 'dingtalk', dingtalkId: 4 }), deptRow('dt-6', '文件里的旧名')];
    const p = planDingtalkSync(plant([], rows), depts, [], OPTS);
    expect(p.departments).toEqual([
      { change: 'create', key: 'dt-3', deptId: 3, name: '化验室', parentKey: 'ops' },
      { change: 'update', id: 'id-dt-4', key: 'dt-4', deptId: 4, name: '改名后', parentKey: undefined, before: { name: '改名前' } },
      { change: 'create', key: 'dt-5', deptId: 5, name: '班组', parentKey: 'dt-4' },
    ]);
    expect(p.departmentsUnchanged).toBe(2);
  });

  it('takes back a dt- department the file no longer lists', () => {
    const p = planDingtalkSync(plant([], [deptRow('dt-7', '旧', {}, true)]), [dept(7, '新')], [], OPTS);
    expect(p.departments).toEqual([{ change: 'update', id: 'id-dt-7', key: 'dt-7', deptId: 7, name: '新', parentKey: undefined, before: { name: '旧', restored: true } }]);
  });
});

describe('personKeyFor', () => {
  it.each([
    ['manager4321', [], 'dt-manager4321'],
    ['AndyLin', [], 'dt-andylin'],
    ['0123-ABC.x', [], 'dt-0123-abc_x'],
    ['zhang', ['dt-zhang'], 'dt-zhang-2'],
    ['中文', [], 'dt-user'],
  ])('%s → %s', (userId, taken, key) => {
    expect(personKeyFor(userId, new Set(taken as string[]))).toBe(key);
  });
});
