import { Warning, WarningLevel, levelRank } from './weatherTypes';

/** What a matched weather rule asks the permit side to do. */
export interface WeatherActions {
  /** Permit types whose work must stop (`HGT`, `LFT`...). */
  stopTypes: string[];
  /** Permit types whose level must be raised (`HOT` at Beaufort 5, GB 30871 5.2.15). */
  raiseLevel: string[];
  /** The actions apply to outdoor work only. */
  outdoorOnly: boolean;
  /** Outdoor personnel must withdraw (e.g. lightning, an enterprise rule). */
  evacuate: boolean;
}

/** One configured weather rule. It matches on event type + colour, on wind force, or on either. */
export interface WeatherRule {
  id: string;
  /** Event keys (`gale`, `fog`, `lightning`...) or `*`; see classifyWeatherEvent. */
  eventTypes?: string[];
  /** Lowest colour that triggers; unset = any colour, including an unstated one. */
  minLevel?: WarningLevel;
  /** Triggers when the observed or warned Beaufort force reaches this. */
  minBeaufort?: number;
  actions: Partial<WeatherActions>;
}

/** A plant's weather policy (from its config file). */
export interface WeatherPolicy {
  /** The plant's administrative division codes (GB/T 2260, e.g. '320115'). */
  regionCodes: string[];
  /** Fallback for warnings without geocodes: an areaDesc containing one of these names matches. */
  areaNames?: string[];
  /** CAP statuses acted on (default ['Actual']: exercises and tests change nothing). */
  acceptStatuses?: string[];
  rules: WeatherRule[];
  /**
   * Beaufort force implied by the colour of a gale / thunderstorm-gale / typhoon warning that states
   * none. Default from China's warning signals (blue ≥ 6, yellow ≥ 8, orange ≥ 10, red ≥ 12).
   */
  galeBeaufortByLevel?: Partial<Record<WarningLevel, number>>;
}

/** One matched rule with its full action set. */
export type MatchedWeatherRule = { ruleId: string } & WeatherActions;

/** The rules a warning triggers (empty when none). */
export interface WeatherDecision {
  identifier: string;
  matched: MatchedWeatherRule[];
}

const DEFAULT_GALE_BEAUFORT: Record<WarningLevel, number> = { blue: 6, yellow: 8, orange: 10, red: 12 };
const WIND_EVENTS = new Set(['gale', 'thunderstorm_gale', 'typhoon']);

/**
 * True when a warning issued for `warningCode` covers the plant's `plantCode`. Division codes are
 * hierarchical (32 province, 3201 city, 320115 district; longer codes for townships), and trailing
 * zero pairs mean "the whole parent": 320100 covers 320115, 320000 covers all of 32.
 */
export function coversRegion(warningCode: string, plantCode: string): boolean {
  if (!/^\d{6,12}$/.test(warningCode) || !/^\d{6,12}$/.test(plantCode)) return warningCode === plantCode;
  let prefix = warningCode;
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return plantCode.startsWith(prefix);
}

/** True when any area of the warning covers the plant. */
export function appliesToPlant(policy: WeatherPolicy, warning: Warning): boolean {
  for (const area of warning.areas) {
    if (area.geocodes.some((g) => policy.regionCodes.some((code) => coversRegion(g.value.trim(), code)))) return true;
    if (area.geocodes.length === 0 && (policy.areaNames ?? []).some((n) => n && area.areaDesc.includes(n))) return true;
  }
  return false;
}

/** The Beaufort force a warning stands for: stated, or implied by a wind warning's colour. */
export function warningBeaufort(policy: WeatherPolicy, warning: Warning): number | null {
  if (warning.beaufort !== null) return warning.beaufort;
  if (!warning.level || !warning.eventType || !WIND_EVENTS.has(warning.eventType)) return null;
  return { ...DEFAULT_GALE_BEAUFORT, ...policy.galeBeaufortByLevel }[warning.level] ?? null;
}

/** True when the rule fires for the warning (region and status are checked by the caller). */
export function ruleMatches(policy: WeatherPolicy, rule: WeatherRule, warning: Warning): boolean {
  const types = rule.eventTypes ?? [];
  if (types.length && warning.eventType !== 'wind') {
    const typeOk = types.includes('*') || (warning.eventType !== null && types.includes(warning.eventType));
    if (typeOk && (rule.minLevel === undefined || levelRank(warning.level) >= levelRank(rule.minLevel))) return true;
  }
  if (rule.minBeaufort !== undefined) {
    const force = warningBeaufort(policy, warning);
    if (force !== null && force >= rule.minBeaufort) return true;
  }
  return false;
}

/** Maps a warning to the rules it triggers, with defaults filled in. Pure. */
export function decideWarning(policy: WeatherPolicy, warning: Warning): WeatherDecision {
  const matched = policy.rules
    .filter((rule) => ruleMatches(policy, rule, warning))
    .map((rule) => ({
      ruleId: rule.id,
      stopTypes: [...(rule.actions.stopTypes ?? [])],
      raiseLevel: [...(rule.actions.raiseLevel ?? [])],
      outdoorOnly: rule.actions.outdoorOnly ?? false,
      evacuate: rule.actions.evacuate ?? false,
    }));
  return { identifier: warning.identifier, matched };
}

/** True when the policy acts on warnings of this CAP status. */
export function acceptsStatus(policy: WeatherPolicy, status: string): boolean {
  return (policy.acceptStatuses ?? ['Actual']).includes(status);
}
