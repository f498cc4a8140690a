import type { AlarmRule } from '../../domains/alarms/alarmTypes';
import { validateRules } from '../../domains/alarms/ruleValidation';
import { mappingProblems } from '../../integrations/mqtt/mqttPayloadMapping';
import type { DcsSection, WeatherSection } from './dcsConfigSchema';

type Path = Array<string | number>;
type Report = (path: Path, message: string) => void;

/** The parts of a plant file the dcs/weather checks look at (structural, so plantSchema need not be imported). */
export interface DcsPlantView {
  areas: ReadonlyArray<{ key: string }>;
  units: ReadonlyArray<{ key: string; areaKey: string }>;
  roles: ReadonlyArray<{ key: string }>;
  people: ReadonlyArray<{ key: string; roles: string[] }>;
  groups: ReadonlyArray<{ key: string }>;
  hazardCategories: ReadonlyArray<{ key: string; level: number }>;
  dcs?: DcsSection;
  weather?: WeatherSection;
}

/** Where a declared tag sits in the file. */
interface TagPlace {
  path: Path;
  areaKey: string | null;
}

/**
 * Cross-reference checks of the `dcs` and `weather` sections: unique ids, every tag placed in a
 * known unit/area, every rule on a declared tag, every role/person/group/category known and held.
 * A rule on an unknown tag or area stops start-up with file + path like any other config error.
 */
export function checkDcsReferences(plant: DcsPlantView, report: Report): void {
  const areas = new Set(plant.areas.map((a) => a.key));
  const unitArea = new Map(plant.units.map((u) => [u.key, u.areaKey]));
  const roles = new Set(plant.roles.map((r) => r.key));
  const people = new Set(plant.people.map((p) => p.key));
  const held = (role: string) => plant.people.some((p) => p.roles.includes(role));
  const tags = new Map<string, TagPlace>();
  const dcs = plant.dcs;

  const place = (t: { unitKey?: string; areaKey?: string }, path: Path): string | null => {
    if (t.unitKey !== undefined && !unitArea.has(t.unitKey)) report([...path, 'unitKey'], `unknown unit '${t.unitKey}'`);
    if (t.areaKey !== undefined && !areas.has(t.areaKey)) report([...path, 'areaKey'], `unknown area '${t.areaKey}'`);
    const fromUnit = t.unitKey !== undefined ? unitArea.get(t.unitKey) : undefined;
    if (fromUnit && t.areaKey !== undefined && fromUnit !== t.areaKey) {
      report([...path, 'areaKey'], `unit '${t.unitKey}' is in area '${fromUnit}', not '${t.areaKey}'`);
    }
    // An unknown area was reported already (at the unit); do not cascade it into more problems.
    if (fromUnit) return areas.has(fromUnit) ? fromUnit : null;
    return t.areaKey !== undefined && areas.has(t.areaKey) ? t.areaKey : null;
  };
  const declare = (t: { tagId: string; unitKey?: string; areaKey?: string }, path: Path) => {
    if (t.unitKey === undefined && t.areaKey === undefined) report(path, `tag '${t.tagId}' needs a unitKey or an areaKey`);
    const first = tags.get(t.tagId);
    if (first) report([...path, 'tagId'], `duplicate tag '${t.tagId}' (first declared at ${fmt(first.path)})`);
    else tags.set(t.tagId, { path, areaKey: place(t, path) });
  };

  if (dcs) {
    const sourceIds = new Map<string, Path>();
    const sourceId = (id: string, path: Path) => {
      const first = sourceIds.get(id);
      if (first) report([...path, 'id'], `duplicate source id '${id}' (first used at ${fmt(first)})`);
      else sourceIds.set(id, path);
    };
    dcs.opcua.forEach((ep, i) => {
      sourceId(ep.id, ['dcs', 'opcua', i]);
      ep.tags.forEach((t, j) => declare(t, ['dcs', 'opcua', i, 'tags', j]));
    });
    dcs.mqtt.forEach((b, i) => {
      sourceId(b.id, ['dcs', 'mqtt', i]);
      b.topics.forEach((m, j) => mappingProblems(m).forEach((p) => report(['dcs', 'mqtt', i, 'topics', j], p)));
      b.tags.forEach((t, j) => declare(t, ['dcs', 'mqtt', i, 'tags', j]));
    });

    const ruleAt = new Map<string, number>();
    const ruledAreas = new Map<string, number>();
    dcs.rules.forEach((r, i) => {
      const path: Path = ['dcs', 'rules', i];
      const first = ruleAt.get(r.id);
      if (first !== undefined) report([...path, 'id'], `duplicate rule id '${r.id}' (first used at dcs.rules[${first}])`);
      else ruleAt.set(r.id, i);
      const tag = tags.get(r.tagId);
      if (!tag) report([...path, 'tagId'], `unknown tag '${r.tagId}' (declare it under dcs.opcua[].tags or dcs.mqtt[].tags)`);
      const own = r.unitKey !== undefined || r.areaKey !== undefined ? place(r, path) : null;
      const area = own ?? tag?.areaKey ?? null;
      if (area && !ruledAreas.has(area)) ruledAreas.set(area, i);
      if (r.hazard) {
        const cat = plant.hazardCategories.find((c) => c.key === r.hazard?.categoryKey);
        if (!cat) report([...path, 'hazard', 'categoryKey'], `unknown hazard category '${r.hazard.categoryKey}'`);
        else if (cat.level !== 3) report([...path, 'hazard', 'categoryKey'], `hazards are filed under level-3 categories; '${cat.key}' is level ${cat.level}`);
      }
    });
    // The engine's own checks (deadband wider than the band, …), reported at the rule's field.
    for (const issue of validateRules(dcs.rules as unknown as AlarmRule[])) {
      if (issue.code !== 'duplicate_rule_id') report(['dcs', 'rules', issue.index, issue.field], ruleIssueMessage(issue.code));
    }

    const responsibleAt = new Map<string, number>();
    dcs.responsible.forEach((r, i) => {
      const path: Path = ['dcs', 'responsible', i];
      if (!areas.has(r.areaKey)) report([...path, 'areaKey'], `unknown area '${r.areaKey}'`);
      const first = responsibleAt.get(r.areaKey);
      if (first !== undefined) report([...path, 'areaKey'], `area '${r.areaKey}' already listed at dcs.responsible[${first}]`);
      else responsibleAt.set(r.areaKey, i);
      r.roles.forEach((role, j) => {
        if (!roles.has(role)) report([...path, 'roles', j], `unknown role '${role}'`);
        else if (!held(role)) report([...path, 'roles', j], `no person holds role '${role}' (alarm cards would reach nobody)`);
      });
      r.people.forEach((p, j) => {
        if (!people.has(p)) report([...path, 'people', j], `unknown person '${p}'`);
      });
      if (!r.roles.length && !r.people.length) report(path, 'name roles or people responsible for the area');
    });
    for (const [area, i] of ruledAreas) {
      if (!responsibleAt.has(area)) report(['dcs', 'rules', i], `area '${area}' has alarm rules but no dcs.responsible entry: its alarms would reach nobody`);
    }
    dcs.escalation?.chain.forEach((role, i) => {
      const path: Path = ['dcs', 'escalation', 'chain', i];
      if (!roles.has(role)) report(path, `unknown role '${role}'`);
      else if (!held(role)) report(path, `no person holds role '${role}' (escalations would reach nobody)`);
    });
  }

  const weather = plant.weather;
  if (weather) {
    const ruleAt = new Map<string, number>();
    weather.rules.forEach((r, i) => {
      const first = ruleAt.get(r.id);
      if (first !== undefined) report(['weather', 'rules', i, 'id'], `duplicate rule id '${r.id}' (first used at weather.rules[${first}])`);
      else ruleAt.set(r.id, i);
    });
    if (weather.windTagId !== undefined && !tags.has(weather.windTagId)) {
      report(['weather', 'windTagId'], `unknown tag '${weather.windTagId}' (declare it under dcs.opcua[].tags or dcs.mqtt[].tags)`);
    }
    const groups = new Set(plant.groups.map((g) => g.key));
    weather.notifyGroups?.forEach((g, i) => {
      if (!groups.has(g)) report(['weather', 'notifyGroups', i], `unknown group '${g}'`);
    });
  }
}

function ruleIssueMessage(code: string): string {
  switch (code) {
    case 'deadband_too_wide':
      return 'the deadband must be smaller than the band it applies to, or the alarm could never clear';
    case 'negative_duration':
      return 'must be 0 or more seconds';
    case 'negative_deadband':
      return 'must be 0 or more';
    case 'non_positive_threshold':
      return 'must be a positive number';
    case 'not_finite':
      return 'must be a finite number';
    default:
      return `invalid (${code})`;
  }
}

function fmt(path: Path): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}
