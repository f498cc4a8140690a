import { DB_KINDS, openTestDb, TestDb } from '../../../../testkit/testDb';
import { matchAssignmentRule } from './hazardAssignment';
import { departmentSubtree, groupsForArea, HazardPolicy, loadHazardPolicy, personHasRight, resolveAssigneeInTree } from './hazardPolicy';
import { escalationPerson, reviewersOf, triagePeople } from './hazardNotify';
import type { HazardRow } from './hazardRepo';
import { scenarioState } from './hazardScenario';

describe.each(DB_KINDS)('hazard policy of the demo plant on %s', (kind) => {
  let t: TestDb;
  let policy: HazardPolicy;
  beforeAll(async () => {
    t = await openTestDb(kind);
    const plantId = (await t.db.query<{ id: string }>('SELECT id FROM plants')).rows[0].id;
    policy = await loadHazardPolicy(t.db, plantId, { demoProfile: false });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const keyOf = (id: string | undefined | null) => policy.people.find((p) => p.id === id)?.key;
  const assigneeFor = (areaKey: string, categoryKey: string) => {
    const target = matchAssignmentRule(policy.rules, areaKey, categoryKey, policy.categories);
    return target ? keyOf(resolveAssigneeInTree(target, policy)?.personId) : undefined;
  };
  const row = (areaKey: string, over: Partial<HazardRow['state']> = {}): HazardRow =>
    ({ id: 'h', plantId: policy.plantId, code: 'YH', areaKey, categoryKey: 'x', state: { ...scenarioState('assigned'), ...over } }) as unknown as HazardRow;

  it('loads settings, SLA policies with the plant reinspection time, and no demo clock without DEMO_PROFILE', () => {
    expect(policy.settings).toMatchObject({ reviewerRole: 'safety_officer', requirePhoto: true, escalationChain: ['team_leader', 'workshop_director', 'safety_director'] });
    expect(policy.slaPolicies.find((p) => p.grade === 'general')).toMatchObject({ rectifyHours: 72, reinspectAfterHours: 72 });
    expect(policy.sla).toEqual({});
    expect(policy.categories.find((c) => c.key === 'hot_work_no_permit')?.defaultGrade).toBe('major');
    expect(policy.equipment).toContainEqual({ tag: 'V-301', areaKey: 'tank_farm' });
  });

  it.each([
    ['synthesis', 'elec_box_unlocked', 'zhoujie'], // area + category rule: a named person
    ['tank_farm', 'leak_toxic_gas', 'huangmin'], // area + category: role in a department
    ['tank_farm', 'fire_passage_blocked', 'zhengtao'], // area rule: team leader of the storage workshop
    ['substation', 'fire_extinguisher', 'zhoujie'], // department rule: its head (manager outside the department)
    ['pipe_rack', 'leak_flange', 'gaofeng'], // department with a sub-department: the equipment head
    ['warehouse', 'elec_leakage', 'zhoujie'], // category-only rule beats the area rule
    ['office', 'ppe_no_helmet', 'majun'],
  ])('assigns %s / %s to %s', (area, category, person) => {
    expect(assigneeFor(area, category)).toBe(person);
  });

  it('walks department trees and finds groups, reviewers, triage and escalation people', () => {
    expect(departmentSubtree('production', policy.departments)).toEqual(['production', 'storage_ws', 'synthesis_ws']);
    expect(groupsForArea(policy, 'tank_farm').map((g) => g.key).sort()).toEqual(
      ['plant_safety', 'plant_safety_dingtalk', 'plant_safety_wecom', 'storage_chat', 'tank_farm_safety'].sort(),
    );
    const zhoujie = policy.people.find((p) => p.key === 'zhoujie')!;
    expect(reviewersOf(policy, row('substation', { reviewerRole: 'power_unit', assigneeId: zhoujie.id })).map((p) => p.key)).toEqual(['luogang']);
    expect(triagePeople(policy, row('substation')).map((p) => p.key).sort()).toEqual(['heping', 'zhaolei']);
    expect([1, 2, 3].map((l) => escalationPerson(policy, row('tank_farm'), l)?.key)).toEqual(['zhengtao', 'huangmin', 'chenjing']);
    expect(escalationPerson(policy, row('tank_farm'), 4)).toBeNull();
    expect(personHasRight(policy, policy.people.find((p) => p.key === 'chenjing')!, 'hazard.verify')).toBe(true);
    expect(personHasRight(policy, zhoujie, 'hazard.grade')).toBe(false);
  });
});
