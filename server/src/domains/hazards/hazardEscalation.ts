import { activeByKey, PlantDepartment, PlantPerson } from './hazardAssignment';

/**
 * Who an overdue hazard escalates to. The plant configures a chain of role keys, e.g.
 * ['team_leader', 'workshop_director', 'safety_director'] (班组长 → 车间主任 → 安全总监).
 */

/**
 * The person for escalation `level` (1-based: level 1 = chain[0]), i.e. the level the hazard is entering.
 * Looks for an active holder of that role in the area's department first, then up its parent departments,
 * then anywhere in the plant (a 安全总监 usually sits in no workshop); lowest person key wins at each step.
 * Null when the level is outside the chain or nobody holds the role: the command layer logs it, the
 * escalation level still advances.
 */
export function escalationTarget(
  chain: readonly string[],
  level: number,
  people: readonly PlantPerson[],
  areaDepartment: string | null,
  departments: readonly PlantDepartment[] = [],
): PlantPerson | null {
  if (!Number.isInteger(level) || level < 1 || level > chain.length) return null;
  const role = chain[level - 1];
  const holders = activeByKey(people).filter((p) => p.roleKeys.includes(role));
  const parents = new Map(departments.map((d) => [d.key, d.parentKey ?? null]));
  const seen = new Set<string>();
  for (let dept = areaDepartment; dept && !seen.has(dept); dept = parents.get(dept) ?? null) {
    seen.add(dept);
    const here = holders.find((p) => p.departmentKey === dept);
    if (here) return here;
  }
  return holders[0] ?? null;
}
