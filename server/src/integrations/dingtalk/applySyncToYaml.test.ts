import { parseDocument } from 'yaml';
import { applySyncToYaml } from './applySyncToYaml';
import type { SyncPlan } from './planDingtalkSync';
import { spliceSyncIntoYaml, yamlScalar } from './spliceSyncIntoYaml';

const FILE = `id: p
# departments
departments:
  - { key: ops, name: 运行部 }
  - key: dt-4
    name: 旧名
    parentKey: ops   # moved later

people:
  - key: a
    name: 甲
    roles: [worker]
    messengerIds: { wecom: a }
  - key: b
    name: "乙"
    roles: [worker]
# trailing comment
groups: []`;

const empty: SyncPlan = { departments: [], departmentsUnchanged: 0, people: [], peopleUnchanged: 0, skipped: [], missingInDingtalk: [] };

describe('spliceSyncIntoYaml', () => {
  it('adds pairs to flow and block maps, replaces scalars, appends items after the last one; other bytes stay', () => {
    const plan: SyncPlan = {
      ...empty,
      departments: [{ change: 'create', key: 'dt-9', deptId: 9, name: '新部门', parentKey: 'ops' }],
      people: [
        { change: 'update', key: 'a', userId: 'ua', name: '甲', matchedBy: 'name', set: { dingtalk: { to: 'ua' }, phone: { to: '13800001111' } } },
        { change: 'create', key: 'dt-uc', userId: 'uc', name: '丙', person: { key: 'dt-uc', name: '丙', departmentKey: 'dt-9', roles: ['worker'], messengerIds: { dingtalk: 'uc' } } },
        { change: 'update', key: 'b', userId: 'ub', name: '乙二', matchedBy: 'name', set: { dingtalk: { to: 'ub' }, name: { from: '乙', to: '乙二' } } },
      ],
    };
    expect(spliceSyncIntoYaml(FILE, plan, 'T1')).toBe(`id: p
# departments
departments:
  - { key: ops, name: 运行部 }
  - key: dt-4
    name: 旧名
    parentKey: ops   # moved later
  # dingtalk:sync T1: DingTalk department 9
  - { key: dt-9, name: 新部门, parentKey: ops }

people:
  - key: a
    name: 甲
    roles: [worker]
    messengerIds: { wecom: a, dingtalk: ua }
    phone: "13800001111"
  - key: b
    name: 乙二
    roles: [worker]
    messengerIds: { dingtalk: ub }
  # dingtalk:sync T1: DingTalk userId uc
  - key: dt-uc
    name: 丙
    departmentKey: dt-9
    roles: [worker]
    messengerIds: { dingtalk: uc }
# trailing comment
groups: []
`.replace(/\n$/, ''));
  });

  it('gives up (null) on an edit it cannot make as text', () => {
    const plan: SyncPlan = { ...empty, departments: [{ change: 'update', key: 'dt-4', deptId: 4, name: '新名', before: { parentKey: 'ops' } }] };
    expect(spliceSyncIntoYaml(FILE, plan, 'T')).toBeNull();
  });
});

describe('applySyncToYaml', () => {
  it('falls back to the yaml Document for edits splicing cannot make, and the result matches the plan', () => {
    const plan: SyncPlan = { ...empty, departments: [{ change: 'update', key: 'dt-4', deptId: 4, name: '新名', before: { name: '旧名', parentKey: 'ops' } }] };
    const out = applySyncToYaml(FILE, plan, 'T');
    expect(parseDocument(out).toJS().departments[1]).toEqual({ key: 'dt-4', name: '新名' });
    expect(out).toContain('# departments');
    expect(out).toContain('# trailing comment');
  });
});

describe('yamlScalar', () => {
  it.each([
    ['dt-4', 'dt-4'],
    ['张伟', '张伟'],
    ['13800001111', '"13800001111"'],
    ['yes', '"yes"'],
    ['a: b', '"a: b"'],
    ['班长（兼）', '"班长（兼）"'],
  ])('%s → %s', (v, out) => {
    expect(yamlScalar(v)).toBe(out);
    expect(parseDocument(`x: ${out}`).toJS().x).toBe(v);
  });
});
