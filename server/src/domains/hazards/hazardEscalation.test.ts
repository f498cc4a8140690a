import type { PlantDepartment, PlantPerson } from './hazardAssignment';
import { escalationTarget } from './hazardEscalation';

const CHAIN = ['team_leader', 'workshop_director', 'safety_director'];
const person = (key: string, departmentKey: string | null, roleKeys: string[], active = true): PlantPerson => ({ id: `id-${key}`, key, departmentKey, roleKeys, active });
const PEOPLE: PlantPerson[] = [
  person('tl-b', 'team-b1', ['team_leader']),
  person('tl-a2', 'team-a1', ['team_leader']),
  person('tl-a1', 'team-a1', ['team_leader'], false),
  person('wd-a', 'ws-a', ['workshop_director']),
  person('wd-b', 'ws-b', ['workshop_director']),
  person('sd', 'hse', ['safety_director']),
];
const DEPARTMENTS: PlantDepartment[] = [
  { key: 'plant' },
  { key: 'ws-a', parentKey: 'plant' },
  { key: 'team-a1', parentKey: 'ws-a' },
  { key: 'ws-b', parentKey: 'plant' },
  { key: 'team-b1', parentKey: 'ws-b' },
  { key: 'hse', parentKey: 'plant' },
];

describe('escalationTarget', () => {
  it.each([
    ['level 1: the active team leader of the area department', 1, 'team-a1', 'tl-a2'],
    ['level 2: the workshop director found up the tree', 2, 'team-a1', 'wd-a'],
    ['level 2 in the other workshop', 2, 'team-b1', 'wd-b'],
    ['level 3: the safety director, outside the tree, plant-wide', 3, 'team-a1', 'sd'],
    ['no area department: lowest key plant-wide', 2, null, 'wd-a'],
  ])('%s', (_n, level, dept, key) => {
    expect(escalationTarget(CHAIN, level, PEOPLE, dept, DEPARTMENTS)?.key).toBe(key);
  });

  it.each([0, 4, 1.5])('null outside the chain (level %d)', (level) => {
    expect(escalationTarget(CHAIN, level, PEOPLE, 'team-a1', DEPARTMENTS)).toBeNull();
  });

  it('null when nobody holds the role', () => {
    expect(escalationTarget(['plant_manager'], 1, PEOPLE, 'ws-a', DEPARTMENTS)).toBeNull();
  });

  it('survives a cycle in the department tree', () => {
    const cyclic: PlantDepartment[] = [{ key: 'x', parentKey: 'y' }, { key: 'y', parentKey: 'x' }];
    expect(escalationTarget(CHAIN, 3, PEOPLE, 'x', cyclic)?.key).toBe('sd');
  });
});
