import type { DingtalkDepartment, DingtalkUser } from '../../../../bot/src/adapters/dingtalk/dingtalkApiTypes';
import type { PlantFile } from '../../platform/config/plantSchema';
import { personKeyFor, planDingtalkSync, planHasChanges } from './planDingtalkSync';

type P = PlantFile['people'][number];
const person = (key: string, name: string, extra: Partial<Omit<P, 'messengerIds'>> & { messengerIds?: { dingtalk?: string } } = {}): P =>
  ({ key, name, departmentKey: 'ops', roles: ['worker'], ...extra, messengerIds: { sandbox: key, ...extra.messengerIds } }) as P;

const plant = (people: P[], departments: PlantFile['departments'] = [{ key: 'ops', name: '运行部' }]): PlantFile =>
  ({ departments, people, roles: [{ key: 'worker', name: '员工', rights: [] }] }) as unknown as PlantFile;

const user = (userId: string, name: string, extra: Partial<DingtalkUser> = {}): DingtalkUser => ({ userId, name, deptIds: [2], ...extra });
const dept = (deptId: number, name: string, parentId = 1): DingtalkDepartment => ({ deptId, name, parentId });
const OPTS = { rootDeptId: 1, defaultRole: 'worker' };

describe('planDingtalkSync: people', () => {
  const cases: Array<[string, P[], DingtalkUser[], Record<string, unknown>]> = [
    ['linked and equal → unchanged', [person('a', '甲', { messengerIds: { dingtalk: 'ua' } })], [user('ua', '甲')], { peopleUnchanged: 1, people: [] }],
    ['linked, renamed in DingTalk → name updated', [person('a', '甲', { messengerIds: { dingtalk: 'ua' } })], [user('ua', '甲乙')],
      { people: [{ change: 'update', key: 'a', matchedBy: 'dingtalk_id', set: { name: { from: '甲', to: '甲乙' } } }] }],
    ['unlinked, same phone → linked by phone', [person('a', '甲', { phone: '138 0000 1111' })], [user('ua', '别名', { mobile: '13800001111' })],
      { people: [{ change: 'update', key: 'a', matchedBy: 'phone', set: { dingtalk: { to: 'ua' }, name: { from: '甲', to: '别名' } } }] }],
    ['unlinked, unique name → linked by name, phone added', [person('a', '甲')], [user('ua', '甲', { mobile: '13800001111' })],
      { people: [{ change: 'update', key: 'a', matchedBy: 'name', set: { dingtalk: { to: 'ua' }, phone: { to: '13800001111' } } }] }],
    ['two unlinked people share the name → a new person, nobody guessed', [person('a', '甲'), person('b', '甲')], [user('ua', '甲')],
      { people: [{ change: 'create', key: 'dt-ua' }] }],
    ['inactive → skipped', [], [user('ua', '甲', { active: false })], { skipped: [{ userId: 'ua', reason: 'inactive' }], people: [] }],
    ['linked person DingTalk no longer lists → reported, not deleted', [person('a', '甲', { messengerIds: { dingtalk: 'gone' } })], [],
      { missingInDingtalk: [{ key: 'a', userId: 'gone' }], people: [] }],
    ['hand-placed person keeps their department; a dt- person follows DingTalk',
      [person('a', '甲', { messengerIds: { dingtalk: 'ua' } }), person('dt-ub', '乙', { messengerIds: { dingtalk: 'ub' } })], [user('ua', '甲'), user('ub', '乙')],
      { people: [{ change: 'update', key: 'dt-ub', set: { departmentKey: { from: 'ops', to: 'dt-2' } } }] }],
  ];
  it.each(cases)('%s', (_name, people, users, expected) => {
    const plan = planDingtalkSync(plant(people), [dept(2, '新部门')], users, OPTS);
    expect(plan).toMatchObject(expected);
  });

  it('without a default role new users are skipped; without a department too', () => {
    expect(planDingtalkSync(plant([]), [], [user('ua', '甲')], { rootDeptId: 1 }).skipped).toEqual([{ userId: 'ua', name: '甲', reason: 'no_default_role' }]);
    expect(planDingtalkSync(plant([]), [], [user('ua', '甲', { deptIds: [1] })], OPTS).skipped).toEqual([{ userId: 'ua', name: '甲', reason: 'no_department' }]);
    expect(planDingtalkSync(plant([]), [], [user('ua', '甲', { deptIds: [1] })], { ...OPTS, defaultDepartment: 'ops' }).people[0]).toMatchObject({ change: 'create', person: { departmentKey: 'ops' } });
  });

  it('never touches roles, and an invalid mobile is left out', () => {
    const plan = planDingtalkSync(plant([person('a', '甲', { roles: ['boss'], messengerIds: { dingtalk: 'ua' } })]), [], [user('ua', '甲', { mobile: 'n/a' })], OPTS);
    expect(plan.people).toEqual([]);
    expect(planHasChanges(plan)).toBe(false);
  });
});

describe('planDingtalkSync: departments', () => {
  it('maps by dt-<id> key, else by unique name, else creates with the mapped parent', () => {
    const depts = [dept(2, '运行部'), dept(3, '化验室', 2), dept(4, '改名后'), dept(5, '班组', 4)];
    const p = planDingtalkSync(plant([], [{ key: 'ops', name: '运行部' }, { key: 'dt-4', name: '改名前' }]), depts, [], OPTS);
    expect(p.departments).toEqual([
      { change: 'create', key: 'dt-3', deptId: 3, name: '化验室', parentKey: 'ops' },
      { change: 'update', key: 'dt-4', deptId: 4, name: '改名后', parentKey: undefined, before: { name: '改名前' } },
      { change: 'create', key: 'dt-5', deptId: 5, name: '班组', parentKey: 'dt-4' },
    ]);
    expect(p.departmentsUnchanged).toBe(1);
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
