import type { AlarmPlant } from './alarmPlant';

/** A person as the recipient rules need them. */
export interface RecipientPerson {
  id: string;
  key: string;
  roles: readonly string[];
  departmentKey: string | null;
}

/** The department and its ancestors, nearest first. */
function departmentChain(plant: Pick<AlarmPlant, 'departments'>, start: string | null): string[] {
  const parents = new Map(plant.departments.map((d) => [d.key, d.parentKey]));
  const out: string[] = [];
  for (let d = start; d && !out.includes(d); d = parents.get(d) ?? null) out.push(d);
  return out;
}

/**
 * Holders of `role` closest to the area: in the area's department, else its parent departments, else
 * anywhere in the plant (a 安全总监 sits in no workshop). Ties keep every holder at that level, so
 * two shift leaders of one workshop both get the card.
 */
export function holdersNear(plant: Pick<AlarmPlant, 'departments' | 'areas'>, role: string, areaKey: string | null, people: readonly RecipientPerson[]): RecipientPerson[] {
  const holders = people.filter((p) => p.roles.includes(role));
  const dept = areaKey ? (plant.areas.get(areaKey)?.departmentKey ?? null) : null;
  for (const d of departmentChain(plant, dept)) {
    const here = holders.filter((p) => p.departmentKey === d);
    if (here.length) return here;
  }
  return holders;
}

/** Who gets the alarm cards of an area: the configured roles (nearest holders) and named people. */
export function responsiblePeople(plant: Pick<AlarmPlant, 'departments' | 'areas' | 'responsible'>, areaKey: string | null, people: readonly RecipientPerson[]): string[] {
  const entry = areaKey ? plant.responsible.get(areaKey) : undefined;
  if (!entry) return [];
  const ids = new Set<string>();
  for (const role of entry.roles) for (const p of holdersNear(plant, role, areaKey, people)) ids.add(p.id);
  for (const key of entry.people) {
    const p = people.find((x) => x.key === key);
    if (p) ids.add(p.id);
  }
  return [...ids];
}

/** The escalation target for `level` (1-based: level 1 = chain[0]); null outside the chain or when nobody holds the role. */
export function escalationTargets(plant: Pick<AlarmPlant, 'departments' | 'areas' | 'escalation'>, level: number, areaKey: string | null, people: readonly RecipientPerson[]): string[] {
  const chain = plant.escalation?.chain ?? [];
  if (!Number.isInteger(level) || level < 1 || level > chain.length) return [];
  return holdersNear(plant, chain[level - 1], areaKey, people).map((p) => p.id);
}

/**
 * Groups that get an area's notices: groups listing the area, else the plant-wide groups; only on
 * platforms that are enabled (a WeCom group is skipped while WeCom is not configured).
 */
export function areaGroups(plant: Pick<AlarmPlant, 'groups'>, areaKey: string | null, enabledPlatforms: ReadonlySet<string>): string[] {
  const live = plant.groups.filter((g) => enabledPlatforms.has(g.platform));
  const own = areaKey ? live.filter((g) => g.areaKeys?.includes(areaKey)) : [];
  return (own.length ? own : live.filter((g) => g.areaKeys === null)).map((g) => g.key);
}

/** Groups for weather notices: configured ones, else plant-wide groups and groups of outdoor areas. */
export function weatherGroups(plant: Pick<AlarmPlant, 'groups' | 'areas' | 'weather'>, enabledPlatforms: ReadonlySet<string>): string[] {
  const live = plant.groups.filter((g) => enabledPlatforms.has(g.platform));
  const configured = plant.weather?.notifyGroups;
  if (configured) return live.filter((g) => configured.includes(g.key)).map((g) => g.key);
  return live.filter((g) => g.areaKeys === null || g.areaKeys.some((a) => plant.areas.get(a)?.outdoor)).map((g) => g.key);
}
