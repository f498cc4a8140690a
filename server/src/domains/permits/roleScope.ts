/**
 * Department-scoped roles (plant file `roles[].scope: department`). Pure: the facts come from the
 * imported plant file, once per config version (PermitPolicyStore).
 */

/** What decides whether a person's role reaches an area. */
export interface OrgFacts {
  /** Role keys whose scope is 'department'. */
  departmentRoles: ReadonlySet<string>;
  /** Department key → parent department key. */
  parentOf: ReadonlyMap<string, string>;
  /** Area key → the department responsible for it. */
  areaDepartment: ReadonlyMap<string, string>;
}

/** The organisation facts of an imported plant file (its roles, departments and areas). */
export function orgFactsOf(file: {
  roles?: Array<{ key: string; scope?: string }> | null;
  departments?: Array<{ key: string; parentKey?: string }> | null;
  areas?: Array<{ key: string; departmentKey?: string }> | null;
}): OrgFacts {
  return {
    departmentRoles: new Set((file.roles ?? []).filter((r) => r.scope === 'department').map((r) => r.key)),
    parentOf: new Map((file.departments ?? []).filter((d) => d.parentKey).map((d) => [d.key, d.parentKey as string])),
    areaDepartment: new Map((file.areas ?? []).filter((a) => a.departmentKey).map((a) => [a.key, a.departmentKey as string])),
  };
}

/** True when `areaDept` is `personDept` or lies below it in the organisation tree. */
export function departmentCovers(personDept: string | null, areaDept: string | null, parentOf: ReadonlyMap<string, string>): boolean {
  if (!personDept || !areaDept) return false;
  const seen = new Set<string>();
  for (let d: string | undefined = areaDept; d && !seen.has(d); d = parentOf.get(d)) {
    if (d === personDept) return true;
    seen.add(d);
  }
  return false;
}

/** A person's roles as they apply to work in one area: department-scoped roles outside the person's department are dropped. */
export function rolesInArea(
  roles: readonly string[], personDept: string | null, areaDept: string | null, facts: OrgFacts,
): { roles: string[]; dropped: string[] } {
  const covers = departmentCovers(personDept, areaDept, facts.parentOf);
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const r of roles) (facts.departmentRoles.has(r) && !covers ? dropped : kept).push(r);
  return { roles: kept, dropped };
}
