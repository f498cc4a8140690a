import type { Queryable } from '../../platform/db/db';
import type { AreaFence, GeoDatum } from './areaLocator';
import type { HazardCategory } from './hazardCategories';
import type { AssignmentRule, AssignTarget, PlantDepartment, PlantPerson, ResolvedAssignee } from './hazardAssignment';
import { resolveAssignee } from './hazardAssignment';
import type { HazardSlaPolicy, SlaOptions } from './hazardSla';
import type { HazardGrade } from './hazardTypes';

/**
 * The plant policy the hazard commands need, read from the imported config tables in one go:
 * settings, areas, categories, SLA policies, assignment rules, departments, people and groups. The
 * machine never looks policy up; commands load it here and pass plain values in.
 */

/** An area as the hazard loop needs it. */
export interface PolicyArea {
  id: string;
  key: string;
  name: string;
  datum: GeoDatum;
  geofence: AreaFence;
  departmentKey: string | null;
  reviewerRole: string | null;
}

/** A category node with its display name and level (reports go under level-3 leaves). */
export interface PolicyCategory extends HazardCategory {
  level: number;
}

/** A person with a display name (the rules' PlantPerson plus what cards show). */
export interface PolicyPerson extends PlantPerson {
  name: string;
  managerKey: string | null;
}

/** A chat group; no areaKeys = plant-wide. */
export interface PolicyGroup {
  key: string;
  name: string;
  platform: string;
  areaKeys: string[] | null;
}

/** Hazard settings of the plant (plant file `settings`). */
export interface HazardSettings {
  reviewerRole: string;
  hazardDraftMinutes: number;
  reinspectAfterHours: number;
  recurrenceDays: number;
  requirePhoto: boolean;
  escalationChain: string[];
  demoProfile?: { secondsPerHour: number };
}

/** Everything a hazard command may need to decide. */
export interface HazardPolicy {
  plantId: string;
  timezone: string;
  settings: HazardSettings;
  /** Clock options: set only when the server runs with DEMO_PROFILE and the plant configures demoProfile. */
  sla: SlaOptions;
  areas: PolicyArea[];
  categories: PolicyCategory[];
  slaPolicies: HazardSlaPolicy[];
  rules: AssignmentRule[];
  departments: PlantDepartment[];
  people: PolicyPerson[];
  groups: PolicyGroup[];
  /** Equipment tags (位号) of the plant's units, per area. */
  equipment: Array<{ tag: string; areaKey: string }>;
  /** Right patterns of each role ('hazard.*' and '*' included as written). */
  roleRights: Record<string, string[]>;
}

type ConfigRow = { id: string; key: string; name: string; data: Record<string, unknown> };

async function rows(q: Queryable, table: string, plantId: string): Promise<ConfigRow[]> {
  const r = await q.query<ConfigRow>(`SELECT id, key, name, data FROM ${table} WHERE plant_id = $1 AND deleted_at IS NULL ORDER BY key`, [plantId]);
  return r.rows;
}

/**
 * The department head: the member whose manager sits outside the department (or who has none);
 * lowest key on ties. Plant files name managers, not heads, so this is how "assign to 电仪车间" finds
 * a person.
 */
function headsOf(departments: PlantDepartment[], people: PolicyPerson[]): PlantDepartment[] {
  return departments.map((d) => {
    const members = people.filter((p) => p.active && p.departmentKey === d.key);
    const inside = new Set(members.map((p) => p.key));
    const head = members.find((p) => !p.managerKey || !inside.has(p.managerKey)) ?? members[0];
    return { ...d, headPersonKey: head?.key ?? null };
  });
}

function sortByFileOrder(list: ConfigRow[], fileOrder: Array<{ key: string }> | null): ConfigRow[] {
  const index = new Map((fileOrder ?? []).map((r, i) => [r.key, i]));
  const at = (k: string) => index.get(k) ?? Number.MAX_SAFE_INTEGER;
  return [...list].sort((a, b) => at(a.key) - at(b.key));
}

/** Loads the hazard policy of a plant. `demoProfile` = env DEMO_PROFILE. */
export async function loadHazardPolicy(q: Queryable, plantId: string, opts: { demoProfile: boolean }): Promise<HazardPolicy> {
  const plant = (
    await q.query<{ timezone: string; settings: Record<string, unknown>; rule_keys: Array<{ key: string }> | null }>(
      `SELECT timezone, settings, config->'assignmentRules' AS rule_keys FROM plants WHERE id = $1`,
      [plantId],
    )
  ).rows[0];
  if (!plant) throw new Error(`unknown plant ${plantId}`);
  const s = plant.settings as unknown as HazardSettings;
  const settings: HazardSettings = {
    reviewerRole: s.reviewerRole,
    hazardDraftMinutes: s.hazardDraftMinutes ?? 30,
    reinspectAfterHours: s.reinspectAfterHours ?? 72,
    recurrenceDays: s.recurrenceDays ?? 90,
    requirePhoto: s.requirePhoto ?? true,
    escalationChain: s.escalationChain ?? [],
    demoProfile: s.demoProfile,
  };
  // Sequential on purpose: inside a PGlite transaction statements must not interleave.
  const tables: ConfigRow[][] = [];
  for (const t of ['areas', 'units', 'hazard_categories', 'sla_policies', 'assignment_rules', 'departments', 'people', 'groups', 'roles']) {
    tables.push(await rows(q, t, plantId));
  }
  const [areaRows, unitRows, catRows, slaRows, ruleRows, deptRows, peopleRows, groupRows, roleRows] = tables;
  const people: PolicyPerson[] = peopleRows.map((r) => ({
    id: r.id,
    key: r.key,
    name: r.name,
    departmentKey: (r.data.departmentKey as string | undefined) ?? null,
    roleKeys: (r.data.roles as string[] | undefined) ?? [],
    managerKey: (r.data.managerKey as string | undefined) ?? null,
    active: true,
  }));
  const departments = deptRows.map((r) => ({ key: r.key, parentKey: (r.data.parentKey as string | undefined) ?? null }));
  const areaKeyOfUnit = new Map(unitRows.map((u) => [u.key, u.data.areaKey as string]));
  return {
    plantId,
    timezone: plant.timezone,
    settings,
    sla: opts.demoProfile && settings.demoProfile ? { demoSecondsPerHour: settings.demoProfile.secondsPerHour } : {},
    areas: areaRows.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      datum: r.data.datum as GeoDatum,
      geofence: r.data.geofence as AreaFence,
      departmentKey: (r.data.departmentKey as string | undefined) ?? null,
      reviewerRole: (r.data.reviewerRole as string | undefined) ?? null,
    })),
    categories: catRows.map((r) => ({
      key: r.key,
      name: r.name,
      level: r.data.level as number,
      parentKey: (r.data.parentKey as string | undefined) ?? null,
      keywords: (r.data.keywords as string[] | undefined) ?? [],
      defaultGrade: r.data.defaultGrade as HazardGrade | undefined,
    })),
    slaPolicies: slaRows.map((r) => ({
      grade: r.data.grade as HazardGrade,
      rectifyHours: r.data.rectifyHours as number,
      remindBeforeHours: r.data.remindBeforeHours as number,
      escalateEveryHours: r.data.escalateEveryHours as number,
      reinspectAfterHours: settings.reinspectAfterHours,
    })),
    // Rule precedence ties go to file order, which only the imported file (plants.config) remembers.
    rules: sortByFileOrder(ruleRows, plant.rule_keys).map((r) => ({ key: r.key, areaKey: (r.data.areaKey as string | undefined) ?? null, categoryKey: (r.data.categoryKey as string | undefined) ?? null, assignTo: r.data.assignTo as AssignTarget })),
    departments: headsOf(departments, people),
    people,
    groups: groupRows.map((r) => ({ key: r.key, name: r.name, platform: r.data.platform as string, areaKeys: (r.data.areaKeys as string[] | undefined) ?? null })),
    roleRights: Object.fromEntries(roleRows.map((r) => [r.key, (r.data.rights as string[] | undefined) ?? []])),
    equipment: unitRows.flatMap((u) =>
      ((u.data.equipment as Array<{ tag: string }> | undefined) ?? []).map((e) => ({ tag: e.tag, areaKey: areaKeyOfUnit.get(u.key) ?? '' })),
    ),
  };
}

/** Departments under `key` (itself first, then breadth-first), so a rule on 生产部 reaches its workshops. */
export function departmentSubtree(key: string, departments: readonly PlantDepartment[]): string[] {
  const out = [key];
  for (let i = 0; i < out.length; i++) {
    for (const d of departments) if (d.parentKey === out[i] && !out.includes(d.key)) out.push(d.key);
  }
  return out;
}

/**
 * resolveAssignee over the department tree: the department itself first, then its sub-departments,
 * matching how plant import checks that "every rule reaches someone".
 */
export function resolveAssigneeInTree(target: AssignTarget, policy: HazardPolicy): ResolvedAssignee | null {
  const direct = resolveAssignee(target, policy.people, policy.departments);
  if (direct || !target.departmentKey) return direct;
  for (const dept of departmentSubtree(target.departmentKey, policy.departments).slice(1)) {
    const found = resolveAssignee({ ...target, departmentKey: dept }, policy.people, policy.departments);
    if (found) return found;
  }
  return null;
}

/** Groups that get an area's notices: those naming the area and the plant-wide ones. */
export function groupsForArea(policy: HazardPolicy, areaKey: string): PolicyGroup[] {
  return policy.groups.filter((g) => !g.areaKeys || g.areaKeys.length === 0 || g.areaKeys.includes(areaKey));
}

/** Does the person hold the right through any of their roles ('*' and 'family.*' patterns count)? */
export function personHasRight(policy: HazardPolicy, person: PlantPerson, right: string): boolean {
  const family = `${right.slice(0, right.indexOf('.'))}.*`;
  return person.roleKeys.some((r) => (policy.roleRights[r] ?? []).some((p) => p === '*' || p === right || p === family));
}

/** A person of the policy by id. */
export function policyPerson(policy: HazardPolicy, id: string | null | undefined): PolicyPerson | null {
  return id ? (policy.people.find((p) => p.id === id) ?? null) : null;
}
