import { categoryPath, HazardCategory } from './hazardCategories';

/**
 * Who gets a new hazard: plant assignment rules (area/category → target) and people/department data.
 * Person lists come from the database in no guaranteed order, so every "first person" below means the
 * lowest `key` (stable), never the input position.
 */

/** A person as the rules need it (plant config `people`). */
export interface PlantPerson {
  /** Person id (uuid): what the machine stores. */
  id: string;
  /** Stable key from the plant file. */
  key: string;
  departmentKey?: string | null;
  roleKeys: readonly string[];
  /** False for people who left or are soft-deleted: never picked. */
  active: boolean;
}

/** A department as the rules need it (plant config `departments`). */
export interface PlantDepartment {
  key: string;
  parentKey?: string | null;
  headPersonKey?: string | null;
}

/** Where a rule sends a hazard: a named person, or a role in a department, or the department's head. */
export interface AssignTarget {
  personKey?: string;
  departmentKey?: string;
  roleKey?: string;
}

/** One assignment rule; a missing areaKey/categoryKey is a wildcard. */
export interface AssignmentRule {
  key?: string;
  areaKey?: string | null;
  categoryKey?: string | null;
  assignTo: AssignTarget;
}

/** The picked person and which step of resolveAssignee found them. */
export interface ResolvedAssignee {
  personId: string;
  personKey: string;
  via: 'person' | 'role' | 'department_head';
}

/** Active people, sorted by key. */
export function activeByKey(people: readonly PlantPerson[]): PlantPerson[] {
  return people.filter((p) => p.active).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The assignTo of the most specific matching rule: area+category beats category beats area beats a
 * catch-all. With `categories`, a rule on an ancestor category (电气安全) also matches its leaves, and
 * among rules of the same kind the deeper category wins. Remaining ties go to the earlier rule.
 */
export function matchAssignmentRule(
  rules: readonly AssignmentRule[],
  areaKey: string,
  categoryKey: string,
  categories?: readonly HazardCategory[],
): AssignTarget | null {
  // Leaf first: index = distance from the hazard's own category.
  const lineage = categories ? categoryPath(categoryKey, categories).map((c) => c.key).reverse() : [categoryKey];
  if (lineage.length === 0) lineage.push(categoryKey);
  let best: { rank: number; depthPenalty: number; rule: AssignmentRule } | null = null;
  for (const rule of rules) {
    if (rule.areaKey && rule.areaKey !== areaKey) continue;
    const distance = rule.categoryKey ? lineage.indexOf(rule.categoryKey) : 0;
    if (distance < 0) continue;
    const rank = (rule.categoryKey ? 2 : 0) + (rule.areaKey ? 1 : 0);
    if (!best || rank > best.rank || (rank === best.rank && distance < best.depthPenalty)) {
      best = { rank, depthPenalty: distance, rule };
    }
  }
  return best?.rule.assignTo ?? null;
}

/**
 * Picks the person for a target, trying in turn:
 * 1. `personKey`, if that person is active;
 * 2. `roleKey`: the active person with that role in `departmentKey` (plant-wide without a department)
 *    with the lowest key;
 * 3. `departmentKey`: the department's head, if active.
 * Null when nobody fits (the hazard then stays `reported` for a manual assign).
 */
export function resolveAssignee(
  target: AssignTarget,
  people: readonly PlantPerson[],
  departments: readonly PlantDepartment[] = [],
): ResolvedAssignee | null {
  const active = activeByKey(people);
  const pick = (p: PlantPerson | undefined, via: ResolvedAssignee['via']) =>
    p ? { personId: p.id, personKey: p.key, via } : null;
  if (target.personKey) {
    const found = pick(active.find((p) => p.key === target.personKey), 'person');
    if (found) return found;
  }
  const role = target.roleKey;
  if (role) {
    const found = pick(
      active.find((p) => p.roleKeys.includes(role) && (!target.departmentKey || p.departmentKey === target.departmentKey)),
      'role',
    );
    if (found) return found;
  }
  if (target.departmentKey) {
    const head = departments.find((d) => d.key === target.departmentKey)?.headPersonKey;
    if (head) return pick(active.find((p) => p.key === head), 'department_head');
  }
  return null;
}

/** Deputies configured per person key (e.g. a shift lead's standing deputy). */
export type DeputyMap = Readonly<Record<string, readonly string[]>>;

/**
 * The usual delegation policy for decideHazard's `canDelegate`: both people active and distinct, and the
 * delegate either works in the assignee's department or is one of the assignee's configured deputies.
 */
export function makeCanDelegate(
  people: readonly PlantPerson[],
  deputies: DeputyMap = {},
): (assigneeId: string, delegateId: string) => boolean {
  const byId = new Map(people.map((p) => [p.id, p]));
  return (assigneeId, delegateId) => {
    const from = byId.get(assigneeId);
    const to = byId.get(delegateId);
    if (!from || !to || !from.active || !to.active || from.id === to.id) return false;
    if (from.departmentKey && from.departmentKey === to.departmentKey) return true;
    return (deputies[from.key] ?? []).includes(to.key);
  };
}
