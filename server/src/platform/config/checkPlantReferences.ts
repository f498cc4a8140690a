import type { PlantFileUnchecked } from './plantSchema';

/** A path into the plant file, as zod reports it: `['areas', 2, 'departmentKey']`. */
export type ConfigPath = Array<string | number>;

/** Receives one problem found in a plant file. */
export type ReportProblem = (path: ConfigPath, message: string) => void;

interface Keyed {
  key: string;
}

/** Indexes a list by key and reports every duplicate at the later occurrence. */
function indexKeys<T extends Keyed>(list: readonly T[], listName: string, report: ReportProblem): Map<string, T> {
  const byKey = new Map<string, T>();
  const firstAt = new Map<string, number>();
  list.forEach((item, i) => {
    const first = firstAt.get(item.key);
    if (first !== undefined) {
      report([listName, i, 'key'], `duplicate key '${item.key}' (first used at ${listName}[${first}])`);
      return;
    }
    firstAt.set(item.key, i);
    byKey.set(item.key, item);
  });
  return byKey;
}

/** Reports a cycle once per entity that sits on it (departments' parents, people's managers). */
function checkNoCycles<T extends Keyed>(
  list: readonly T[],
  next: (item: T) => string | undefined,
  listName: string,
  field: string,
  report: ReportProblem,
): void {
  const byKey = new Map(list.map((x) => [x.key, x]));
  list.forEach((item, i) => {
    const seen = new Set<string>([item.key]);
    let cur = next(item);
    while (cur !== undefined && byKey.has(cur)) {
      if (seen.has(cur)) {
        if (cur === item.key) report([listName, i, field], `'${item.key}' is its own ancestor (cycle through ${field})`);
        return;
      }
      seen.add(cur);
      cur = next(byKey.get(cur) as T);
    }
  });
}

/**
 * Every cross-reference check of a plant file: unique keys per list, every `*Key`/role reference
 * resolves, trees are trees, and every role or department a rule hands work to has someone in it.
 * Pure; each problem is reported with the path of the offending field.
 */
export function checkPlantReferences(plant: PlantFileUnchecked, report: ReportProblem): void {
  const areas = indexKeys(plant.areas, 'areas', report);
  indexKeys(plant.units, 'units', report);
  const departments = indexKeys(plant.departments, 'departments', report);
  const roles = indexKeys(plant.roles, 'roles', report);
  const people = indexKeys(plant.people, 'people', report);
  indexKeys(plant.groups, 'groups', report);
  const categories = indexKeys(plant.hazardCategories, 'hazardCategories', report);
  indexKeys(plant.slaPolicies, 'slaPolicies', report);
  indexKeys(plant.assignmentRules, 'assignmentRules', report);

  const ref = (set: Map<string, unknown>, key: string | undefined, path: ConfigPath, what: string): boolean => {
    if (key === undefined || set.has(key)) return key !== undefined;
    report(path, `unknown ${what} '${key}'`);
    return false;
  };

  // Department membership including sub-departments, so "assign to 生产部" reaches its workshops.
  const childrenOf = new Map<string, string[]>();
  for (const d of plant.departments) {
    if (d.parentKey) childrenOf.set(d.parentKey, [...(childrenOf.get(d.parentKey) ?? []), d.key]);
  }
  const subtree = (key: string): Set<string> => {
    const out = new Set<string>();
    const stack = [key];
    while (stack.length) {
      const k = stack.pop() as string;
      if (out.has(k)) continue;
      out.add(k);
      stack.push(...(childrenOf.get(k) ?? []));
    }
    return out;
  };
  const holders = (roleKey: string, departmentKey?: string): number => {
    const depts = departmentKey ? subtree(departmentKey) : undefined;
    return plant.people.filter((p) => p.roles.includes(roleKey) && (!depts || depts.has(p.departmentKey))).length;
  };
  const requireHolder = (roleKey: string, path: ConfigPath, why: string): void => {
    if (roles.has(roleKey) && holders(roleKey) === 0) report(path, `no person holds role '${roleKey}' (${why})`);
  };

  // A department-scoped role needs every area to name its department, or nobody could act there.
  const scoped = plant.roles.filter((r) => r.scope === 'department').map((r) => r.key);
  if (scoped.length) {
    plant.areas.forEach((a, i) => {
      if (!a.departmentKey) report(['areas', i, 'departmentKey'], `area '${a.key}' needs a departmentKey: role '${scoped[0]}' acts only in its holder's department's areas`);
    });
  }

  const s = plant.settings;
  if (ref(roles, s.reviewerRole, ['settings', 'reviewerRole'], 'role')) {
    requireHolder(s.reviewerRole, ['settings', 'reviewerRole'], 'rectifications could not be verified');
  }
  s.escalationChain.forEach((r, i) => {
    if (ref(roles, r, ['settings', 'escalationChain', i], 'role')) {
      requireHolder(r, ['settings', 'escalationChain', i], 'escalations would reach nobody');
    }
  });
  s.admins.forEach((p, i) => ref(people, p, ['settings', 'admins', i], 'person'));

  plant.areas.forEach((a, i) => {
    ref(departments, a.departmentKey, ['areas', i, 'departmentKey'], 'department');
    if (ref(roles, a.reviewerRole, ['areas', i, 'reviewerRole'], 'role') && a.reviewerRole) {
      requireHolder(a.reviewerRole, ['areas', i, 'reviewerRole'], 'rectifications could not be verified');
    }
  });
  plant.units.forEach((u, i) => ref(areas, u.areaKey, ['units', i, 'areaKey'], 'area'));
  plant.departments.forEach((d, i) => ref(departments, d.parentKey, ['departments', i, 'parentKey'], 'department'));
  checkNoCycles(plant.departments, (d) => d.parentKey, 'departments', 'parentKey', report);

  const platformIds = new Map<string, number>();
  plant.people.forEach((p, i) => {
    ref(departments, p.departmentKey, ['people', i, 'departmentKey'], 'department');
    p.roles.forEach((r, j) => ref(roles, r, ['people', i, 'roles', j], 'role'));
    ref(people, p.managerKey, ['people', i, 'managerKey'], 'person');
    for (const [platform, id] of Object.entries(p.messengerIds)) {
      if (id === undefined) continue;
      // Inbound messages resolve their sender by (platform, id): two people cannot share one.
      const seenAt = platformIds.get(`${platform}\u0000${id}`);
      if (seenAt !== undefined) {
        report(['people', i, 'messengerIds', platform], `${platform} id '${id}' is already used by people[${seenAt}]`);
      } else {
        platformIds.set(`${platform}\u0000${id}`, i);
      }
    }
  });
  checkNoCycles(plant.people, (p) => p.managerKey, 'people', 'managerKey', report);

  plant.groups.forEach((g, i) => g.areaKeys?.forEach((a, j) => ref(areas, a, ['groups', i, 'areaKeys', j], 'area')));

  plant.hazardCategories.forEach((c, i) => {
    if (c.level === 1) {
      if (c.parentKey !== undefined) report(['hazardCategories', i, 'parentKey'], 'a level-1 category has no parent');
      return;
    }
    if (c.parentKey === undefined) {
      report(['hazardCategories', i, 'parentKey'], `a level-${c.level} category needs a parentKey of level ${c.level - 1}`);
      return;
    }
    const parent = categories.get(c.parentKey);
    if (!parent) report(['hazardCategories', i, 'parentKey'], `unknown hazard category '${c.parentKey}'`);
    else if (parent.level !== c.level - 1) {
      report(
        ['hazardCategories', i, 'parentKey'],
        `parent '${c.parentKey}' is level ${parent.level}; a level-${c.level} category needs a level-${c.level - 1} parent`,
      );
    }
  });

  // The hazards module picks the policy by grade: exactly one per grade.
  const gradeAt = new Map<string, number>();
  plant.slaPolicies.forEach((p, i) => {
    const first = gradeAt.get(p.grade);
    if (first !== undefined) report(['slaPolicies', i, 'grade'], `grade '${p.grade}' already has a policy (slaPolicies[${first}])`);
    else gradeAt.set(p.grade, i);
  });
  for (const grade of ['general', 'major']) {
    if (!gradeAt.has(grade)) report(['slaPolicies'], `no SLA policy for grade '${grade}'`);
  }

  const ruleAt = new Map<string, number>();
  plant.assignmentRules.forEach((r, i) => {
    const path: ConfigPath = ['assignmentRules', i];
    ref(areas, r.areaKey, [...path, 'areaKey'], 'area');
    ref(categories, r.categoryKey, [...path, 'categoryKey'], 'hazard category');
    const scope = `${r.areaKey ?? '*'}\u0000${r.categoryKey ?? '*'}`;
    const first = ruleAt.get(scope);
    if (first !== undefined) {
      report(path, `same area and category as assignmentRules[${first}]; this rule would never apply`);
    } else {
      ruleAt.set(scope, i);
    }
    const t = r.assignTo;
    const to = [...path, 'assignTo'];
    ref(people, t.personKey, [...to, 'personKey'], 'person');
    const roleOk = ref(roles, t.roleKey, [...to, 'roleKey'], 'role');
    const deptOk = ref(departments, t.departmentKey, [...to, 'departmentKey'], 'department');
    if (roleOk && t.roleKey && (deptOk || !t.departmentKey) && holders(t.roleKey, t.departmentKey) === 0) {
      const where = t.departmentKey ? ` in department '${t.departmentKey}'` : '';
      report(to, `no person holds role '${t.roleKey}'${where}: the rule would assign to nobody`);
    }
    if (!t.roleKey && deptOk && t.departmentKey) {
      const depts = subtree(t.departmentKey);
      if (!plant.people.some((p) => depts.has(p.departmentKey))) {
        report([...to, 'departmentKey'], `department '${t.departmentKey}' has nobody in it: the rule would assign to nobody`);
      }
    }
  });
}
