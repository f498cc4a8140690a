import { departmentCovers, rolesInArea, type OrgFacts } from './roleScope';

// 生产部 → 合成车间, 储运车间; 设备部 → 电仪车间
const parentOf = new Map([['synthesis_ws', 'production'], ['storage_ws', 'production'], ['electrical_ws', 'equipment']]);

describe('departmentCovers', () => {
  it.each([
    ['synthesis_ws', 'synthesis_ws', true],
    ['production', 'synthesis_ws', true],
    ['synthesis_ws', 'production', false],
    ['storage_ws', 'synthesis_ws', false],
    ['equipment', 'synthesis_ws', false],
    [null, 'synthesis_ws', false],
    ['synthesis_ws', null, false],
  ] as Array<[string | null, string | null, boolean]>)('%s covers %s → %s', (person, area, expected) => {
    expect(departmentCovers(person, area, parentOf)).toBe(expected);
  });

  it('stops on a cycle in the tree instead of looping', () => {
    expect(departmentCovers('x', 'a', new Map([['a', 'b'], ['b', 'a']]))).toBe(false);
  });
});

describe('rolesInArea', () => {
  const facts: OrgFacts = { departmentRoles: new Set(['workshop_director', 'shift_leader']), parentOf, areaDepartment: new Map() };

  it('keeps plant-wide roles everywhere and department roles in the department’s areas', () => {
    expect(rolesInArea(['workshop_director', 'safety_officer'], 'synthesis_ws', 'synthesis_ws', facts)).toEqual({ roles: ['workshop_director', 'safety_officer'], dropped: [] });
    expect(rolesInArea(['workshop_director', 'safety_officer'], 'storage_ws', 'synthesis_ws', facts)).toEqual({ roles: ['safety_officer'], dropped: ['workshop_director'] });
  });

  it('lets a parent department’s holder act in its workshops', () => {
    expect(rolesInArea(['shift_leader'], 'production', 'storage_ws', facts).roles).toEqual(['shift_leader']);
  });

  it('drops department roles in an area without a responsible department', () => {
    expect(rolesInArea(['shift_leader', 'team_leader'], 'production', null, facts)).toEqual({ roles: ['team_leader'], dropped: ['shift_leader'] });
  });
});
