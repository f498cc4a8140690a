import { makeCanDelegate, matchAssignmentRule, resolveAssignee } from './hazardAssignment';
import type { AssignmentRule, PlantDepartment, PlantPerson } from './hazardAssignment';
import type { HazardCategory } from './hazardCategories';

const RULES: AssignmentRule[] = [
  { key: 'catch-all', assignTo: { personKey: 'safety-officer' } },
  { key: 'area-a', areaKey: 'A', assignTo: { departmentKey: 'ws-a', roleKey: 'team_leader' } },
  { key: 'electric', categoryKey: 'elec.box.unlocked', assignTo: { departmentKey: 'electric', roleKey: 'electrician' } },
  { key: 'a-electric', areaKey: 'A', categoryKey: 'elec.box.unlocked', assignTo: { personKey: 'wang' } },
  { key: 'area-a-dup', areaKey: 'A', assignTo: { personKey: 'never' } },
];

describe('matchAssignmentRule', () => {
  it.each([
    ['area + category beats everything', 'A', 'elec.box.unlocked', { personKey: 'wang' }],
    ['category beats area', 'B', 'elec.box.unlocked', { departmentKey: 'electric', roleKey: 'electrician' }],
    ['area beats the catch-all; the earlier of equal rules wins', 'A', 'fire.blocked', { departmentKey: 'ws-a', roleKey: 'team_leader' }],
    ['the catch-all', 'B', 'fire.blocked', { personKey: 'safety-officer' }],
  ])('%s', (_n, area, category, target) => {
    expect(matchAssignmentRule(RULES, area, category)).toEqual(target);
  });

  it('returns null without a matching rule', () => {
    expect(matchAssignmentRule(RULES.slice(1), 'B', 'fire.blocked')).toBeNull();
    expect(matchAssignmentRule([], 'A', 'x')).toBeNull();
  });

  it('with the category tree, an ancestor rule matches and the deeper one wins', () => {
    const categories: HazardCategory[] = [
      { key: 'elec', name: '电气安全' },
      { key: 'elec.box', name: '配电箱', parentKey: 'elec' },
      { key: 'elec.box.unlocked', name: '未上锁', parentKey: 'elec.box' },
    ];
    const rules: AssignmentRule[] = [
      { categoryKey: 'elec', assignTo: { personKey: 'root' } },
      { categoryKey: 'elec.box', assignTo: { personKey: 'box' } },
      { areaKey: 'A', assignTo: { personKey: 'area' } },
    ];
    expect(matchAssignmentRule(rules, 'A', 'elec.box.unlocked', categories)).toEqual({ personKey: 'box' });
    expect(matchAssignmentRule(rules.slice(0, 1), 'A', 'elec.box.unlocked', categories)).toEqual({ personKey: 'root' });
    expect(matchAssignmentRule(rules, 'A', 'elec.box.unlocked')).toEqual({ personKey: 'area' }); // no tree: exact keys only
  });
});

const person = (key: string, departmentKey: string | null, roleKeys: string[], active = true): PlantPerson => ({ id: `id-${key}`, key, departmentKey, roleKeys, active });
const PEOPLE: PlantPerson[] = [
  person('zhao', 'ws-a', ['team_leader']),
  person('li', 'ws-a', ['team_leader']),
  person('gone', 'ws-a', ['team_leader'], false),
  person('wang', 'electric', ['electrician']),
  person('chen', 'ws-b', ['workshop_director']),
  person('old-head', 'ws-b', [], false),
];
const DEPARTMENTS: PlantDepartment[] = [
  { key: 'ws-a', headPersonKey: 'zhao' },
  { key: 'ws-b', headPersonKey: 'chen' },
  { key: 'ws-c', headPersonKey: 'old-head' },
];

describe('resolveAssignee', () => {
  it.each([
    ['a named active person', { personKey: 'wang' }, { personId: 'id-wang', personKey: 'wang', via: 'person' }],
    ['the lowest key with the role in the department, skipping inactive people', { departmentKey: 'ws-a', roleKey: 'team_leader' }, { personId: 'id-li', personKey: 'li', via: 'role' }],
    ['a role plant-wide', { roleKey: 'electrician' }, { personId: 'id-wang', personKey: 'wang', via: 'role' }],
    ['an inactive person falls back to the department', { personKey: 'gone', departmentKey: 'ws-a', roleKey: 'team_leader' }, { personId: 'id-li', personKey: 'li', via: 'role' }],
    ['nobody with the role: the department head', { departmentKey: 'ws-b', roleKey: 'team_leader' }, { personId: 'id-chen', personKey: 'chen', via: 'department_head' }],
    ['a department alone: its head', { departmentKey: 'ws-a' }, { personId: 'id-zhao', personKey: 'zhao', via: 'department_head' }],
    ['an inactive head: nobody', { departmentKey: 'ws-c' }, null],
    ['an unknown person without fallback', { personKey: 'nobody' }, null],
    ['an empty target', {}, null],
  ])('%s', (_n, target, expected) => {
    expect(resolveAssignee(target, PEOPLE, DEPARTMENTS)).toEqual(expected);
  });

  it('does not depend on the order people come in', () => {
    const reversed = [...PEOPLE].reverse();
    expect(resolveAssignee({ departmentKey: 'ws-a', roleKey: 'team_leader' }, reversed)).toEqual(resolveAssignee({ departmentKey: 'ws-a', roleKey: 'team_leader' }, PEOPLE));
  });
});

describe('makeCanDelegate', () => {
  const can = makeCanDelegate(PEOPLE, { wang: ['chen'] });
  it.each([
    ['same department', 'id-zhao', 'id-li', true],
    ['configured deputy in another department', 'id-wang', 'id-chen', true],
    ['deputies are not symmetric', 'id-chen', 'id-wang', false],
    ['another department, no deputy', 'id-zhao', 'id-wang', false],
    ['an inactive delegate', 'id-zhao', 'id-gone', false],
    ['oneself', 'id-zhao', 'id-zhao', false],
    ['an unknown person', 'id-zhao', 'id-nobody', false],
  ])('%s → %s', (_n, from, to, expected) => {
    expect(can(from, to)).toBe(expected);
  });

  it('people without a department are not colleagues of each other', () => {
    const loose = [person('a', null, []), person('b', null, [])];
    expect(makeCanDelegate(loose)('id-a', 'id-b')).toBe(false);
  });
});
