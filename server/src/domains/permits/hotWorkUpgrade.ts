import { HotLevel, LEVELS, PermitPolicy, RuleIssue } from './permitModel';
import { clockMinutes, dayKind, isNightMinute, localTime, PlantCalendar, sampleWindow } from './plantTime';
import { gb } from './policyLeaves';

/** Facts that decide the base hot-work level (5.1.2–5.1.4). */
export interface HotWorkCriteria {
  /** On running equipment, piping, tanks or vessels in a fire/explosion hazardous area (incl. hot tapping). */
  onOperatingEquipment?: boolean;
  /** Inside the dike of a major-hazard tank farm holding flammables. */
  inMajorHazardTankDike?: boolean;
  /** Anywhere else in a fire/explosion hazardous area. */
  inFireExplosionArea?: boolean;
  /** On a pipe rack (管廊): always at least 一级. */
  onPipeRack?: boolean;
  /** Unit fully shut down, cleaned, purged, tested and isolated; id of the production/safety head who approved grading it 二级. */
  shutdownDowngradeApprovedBy?: string;
  /** Inside an approved fixed hot-work area (固定动火区): outside the three-level grading. */
  inFixedHotWorkArea?: boolean;
}

/** Why a hot-work level was raised. */
export type HotUpgradeReason = 'holiday' | 'rest_day' | 'night' | 'special_circumstance' | 'wind' | 'weather_warning';

/** Inputs of the upgrade rule. */
export interface HotUpgradeInput {
  base: HotLevel;
  from: Date;
  to: Date;
  outdoor: boolean;
  /** Forecast or measured wind force on the Beaufort scale; null when unknown. */
  windBeaufort: number | null;
  specialCircumstance?: boolean;
  /**
   * Live weather warnings whose plant rule raises this work (already matched to its scope). Their
   * wind force counts as the wind at the site; a warning without one still raises it (a plant rule
   * may be stricter than 5.2.15). Either way it is the same one weather step as the wind clause.
   */
  warnings?: Array<{ beaufort: number | null; sourceId: string; reason: string }>;
}

/** Plant context of the upgrade rule. */
export interface HotUpgradeContext {
  policy: PermitPolicy;
  calendar: PlantCalendar;
  timezone: string;
}

/** Result of the upgrade rule: the level to manage the work at and the reasons, each with its clause. */
export interface HotUpgradeResult {
  level: HotLevel;
  reasons: Array<{ reason: HotUpgradeReason; sourceRef: string }>;
  /** True when upgrades were due but 特级 is already the highest level. */
  capped: boolean;
  /** 5.2.15: outdoor hot work at the wind limit is prohibited in principle (a warning; the level rises). */
  issues: RuleIssue[];
}

/** Base level from the location criteria; 'fixed_area' means the work is outside the grading (5.1.1). */
export function baseHotLevel(c: HotWorkCriteria): HotLevel | 'fixed_area' {
  if (c.inFixedHotWorkArea) return 'fixed_area';
  if (c.onOperatingEquipment || c.inMajorHazardTankDike) return 'special';
  if (c.shutdownDowngradeApprovedBy) return 'L2';
  if (c.inFireExplosionArea || c.onPipeRack) return 'L1';
  return 'L2';
}

/**
 * Raises hot work one level for holidays, rest days, night or special circumstances (5.1.1), and one
 * level for outdoor work at wind ≥ the policy's Beaufort force (5.2.15). With `upgradesStackPerClause`
 * the two clauses add up (二级 at night in a force-5 wind becomes 特级); otherwise at most one step.
 * Any part of the window counts: a window that crosses into the night is night work.
 */
export function upgradeHotWork(input: HotUpgradeInput, ctx: HotUpgradeContext): HotUpgradeResult {
  const { policy, calendar, timezone } = ctx;
  const reasons: HotUpgradeResult['reasons'] = [];
  const issues: RuleIssue[] = [];
  // Night is the union of the policy band and the plant's band, so plant settings can only widen it;
  // narrowing it is a loosening and goes through a policy override with its evidence.
  const bands: Array<[number, number]> = [[policy.hotWork.nightStartMinute.value, policy.hotWork.nightEndMinute.value]];
  if (calendar.nightHours) bands.push([clockMinutes(calendar.nightHours.start), clockMinutes(calendar.nightHours.end)]);
  const seen = new Set<HotUpgradeReason>();
  for (const at of sampleWindow(input.from, input.to)) {
    const local = localTime(at, timezone);
    const kind = dayKind(local, calendar);
    if (kind !== 'working_day') seen.add(kind);
    if (bands.some(([start, end]) => isNightMinute(local.minuteOfDay, start, end))) seen.add('night');
  }
  if (input.specialCircumstance) seen.add('special_circumstance');
  for (const reason of ['holiday', 'rest_day', 'night', 'special_circumstance'] as const) {
    if (seen.has(reason)) reasons.push({ reason, sourceRef: reason === 'night' ? policy.hotWork.nightStartMinute.sourceRef : gb('5.1.1') });
  }
  const windLimit = policy.types.HOT.weather.upgradeOutdoorAtBeaufort;
  const warned = input.warnings ?? [];
  const forces = [input.windBeaufort, ...warned.map((w) => w.beaufort)].filter((b): b is number => b !== null);
  const wind = forces.length ? Math.max(...forces) : null;
  const windy = !!windLimit && input.outdoor && wind !== null && wind >= windLimit.value;
  if (windy && windLimit) {
    reasons.push({ reason: 'wind', sourceRef: windLimit.sourceRef });
    const field = input.windBeaufort !== null && input.windBeaufort >= windLimit.value ? 'weather.windBeaufort' : 'location.outdoor';
    issues.push({ code: 'outdoor_hot_work_in_wind', field, params: { beaufort: wind, limit: windLimit.value, warnings: warned.map((w) => w.reason) }, sourceRef: windLimit.sourceRef });
  } else if (warned.length) {
    reasons.push({ reason: 'weather_warning', sourceRef: gb('5.2.15') });
    issues.push({ code: 'hot_work_raised_by_warning', field: 'location.outdoor', params: { warnings: warned.map((w) => w.reason) }, sourceRef: gb('5.2.15') });
  }
  const weatherReasons: HotUpgradeReason[] = ['wind', 'weather_warning'];
  const timeSteps = reasons.some((r) => !weatherReasons.includes(r.reason)) ? 1 : 0;
  const windSteps = windy || warned.length ? 1 : 0;
  const steps = policy.hotWork.upgradesStackPerClause.value ? timeSteps + windSteps : Math.min(1, timeSteps + windSteps);
  const order = LEVELS.HOT as readonly HotLevel[];
  const baseRank = order.indexOf(input.base);
  const rank = Math.min(order.length - 1, baseRank + steps);
  return { level: order[rank], reasons, capped: baseRank + steps > order.length - 1, issues };
}
