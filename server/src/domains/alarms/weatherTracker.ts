import { beaufortFromSpeed } from './beaufort';
import { acceptsStatus, appliesToPlant, decideWarning, WeatherDecision, WeatherPolicy } from './weatherRules';
import { Warning } from './weatherTypes';

/** A warning currently in force for the plant, with the rules it triggered. */
export interface ActiveWarning {
  warning: Warning;
  decision: WeatherDecision;
}

/** Wind hysteresis state: the force in force and since when a lower force has been observed. */
export interface WindState {
  identifier: string | null;
  force: number | null;
  matchedRuleIds: string[];
  lowerSince: number | null;
}

/** Everything the tracker remembers between calls (plain data; persist it as JSON if needed). */
export interface WeatherState {
  active: Record<string, ActiveWarning>;
  /** identifier → epoch ms first seen, for dedupe; pruned by expireWarnings. */
  seen: Record<string, number>;
  wind: WindState;
}

/** Why a warning changed nothing. */
export type IgnoreReason = 'duplicate' | 'status' | 'expired' | 'region' | 'no_rule' | 'unknown_reference';

/** What the caller must do. `apply` with `replaces` = move holds from the old ids to the new one. */
export type WeatherEffect =
  | { kind: 'apply'; warning: Warning; decision: WeatherDecision; replaces: string[] }
  | { kind: 'release'; identifiers: string[]; reason: 'cancel' | 'update' | 'expired' | 'wind_calm' }
  | { kind: 'ignored'; identifier: string; reason: IgnoreReason; warning: Warning };

/** New state plus effects, in order. */
export interface WeatherStep {
  next: WeatherState;
  effects: WeatherEffect[];
}

/** The state of a plant that has seen no warning yet. */
export function emptyWeatherState(): WeatherState {
  return { active: {}, seen: {}, wind: { identifier: null, force: null, matchedRuleIds: [], lowerSince: null } };
}

/**
 * Applies one warning: dedupe by identifier, Alert adds, Update replaces what it references,
 * Cancel releases what it references. Exercises/tests, expired warnings and other regions change
 * nothing.
 */
export function applyWarning(state: WeatherState, warning: Warning, policy: WeatherPolicy, now: Date): WeatherStep {
  const ignore = (reason: IgnoreReason, next: WeatherState = state): WeatherStep => ({
    next,
    effects: [{ kind: 'ignored', identifier: warning.identifier, reason, warning }],
  });
  if (warning.identifier in state.seen) return ignore('duplicate');
  const seen = { ...state.seen, [warning.identifier]: now.getTime() };
  const marked: WeatherState = { ...state, seen };
  if (!acceptsStatus(policy, warning.status)) return ignore('status', marked);
  const refs = warning.references.filter((id) => id in state.active);

  if (warning.msgType === 'Cancel') {
    if (!refs.length) return ignore('unknown_reference', marked);
    return { next: { ...marked, active: without(state.active, refs) }, effects: [{ kind: 'release', identifiers: refs, reason: 'cancel' }] };
  }
  const expired = warning.expires !== null && warning.expires.getTime() <= now.getTime();
  const decision = decideWarning(policy, warning);
  const reason: IgnoreReason | null = expired ? 'expired' : !appliesToPlant(policy, warning) ? 'region' : decision.matched.length ? null : 'no_rule';
  if (reason) {
    // An update that no longer concerns us (downgraded, moved away) still ends what it replaces.
    if (!refs.length) return ignore(reason, marked);
    return {
      next: { ...marked, active: without(state.active, refs) },
      effects: [
        { kind: 'release', identifiers: refs, reason: 'update' },
        { kind: 'ignored', identifier: warning.identifier, reason, warning },
      ],
    };
  }
  const active = { ...without(state.active, refs), [warning.identifier]: { warning, decision } };
  return { next: { ...marked, active }, effects: [{ kind: 'apply', warning, decision, replaces: refs }] };
}

/** Releases warnings past their `expires` and forgets dedupe keys older than `retainSeenMs`. */
export function expireWarnings(state: WeatherState, now: Date, retainSeenMs = 7 * 24 * 3600_000): WeatherStep {
  const t = now.getTime();
  const gone = Object.values(state.active)
    .filter((a) => a.warning.expires !== null && a.warning.expires.getTime() <= t)
    .map((a) => a.warning.identifier);
  const seen = Object.fromEntries(Object.entries(state.seen).filter(([, ms]) => ms >= t - retainSeenMs));
  return {
    next: { ...state, seen, active: without(state.active, gone) },
    effects: gone.length ? [{ kind: 'release', identifiers: gone, reason: 'expired' }] : [],
  };
}

/**
 * Feeds a wind-speed reading (m/s) through the same rules as warnings. A stronger wind applies at
 * once; a weaker one only after it has stayed weaker for `calmMinutes`, so gusts around a
 * threshold do not toggle work on and off.
 */
export function applyWindReading(state: WeatherState, speedMs: number, policy: WeatherPolicy, now: Date, calmMinutes = 10): WeatherStep {
  const force = beaufortFromSpeed(speedMs);
  if (force === null) return { next: state, effects: [] };
  const warning = windWarning(force, speedMs, now);
  const decision = decideWarning(policy, warning);
  const ids = decision.matched.map((m) => m.ruleId);
  const wind = state.wind;
  const current = wind.matchedRuleIds;
  const stronger = ids.some((id) => !current.includes(id));
  const weaker = current.some((id) => !ids.includes(id));
  if (!stronger && !weaker) return { next: { ...state, wind: { ...wind, lowerSince: null } }, effects: [] };
  if (!stronger) {
    const lowerSince = wind.lowerSince ?? now.getTime();
    if (now.getTime() - lowerSince < calmMinutes * 60_000) return { next: { ...state, wind: { ...wind, lowerSince } }, effects: [] };
  }
  const replaces = wind.identifier ? [wind.identifier] : [];
  const active = without(state.active, replaces);
  if (!ids.length) {
    return {
      next: { ...state, active, wind: { identifier: null, force, matchedRuleIds: [], lowerSince: null } },
      effects: [{ kind: 'release', identifiers: replaces, reason: 'wind_calm' }],
    };
  }
  return {
    next: { ...state, active: { ...active, [warning.identifier]: { warning, decision } }, wind: { identifier: warning.identifier, force, matchedRuleIds: ids, lowerSince: null } },
    effects: [{ kind: 'apply', warning, decision, replaces }],
  };
}

/** A synthetic warning standing for a measured wind force. */
function windWarning(force: number, speedMs: number, now: Date): Warning {
  return {
    identifier: `wind@${now.toISOString()}`,
    sender: 'plant-anemometer',
    sent: now,
    status: 'Actual',
    msgType: 'Alert',
    references: [],
    event: `风力${force}级`,
    eventType: 'wind',
    level: null,
    beaufort: force,
    urgency: 'Immediate',
    severity: null,
    certainty: 'Observed',
    onset: now,
    expires: null,
    headline: null,
    description: null,
    eventCodes: [],
    parameters: [{ valueName: 'windSpeedMs', value: String(speedMs) }],
    areas: [],
    source: 'wind',
  };
}

function without<T>(record: Record<string, T>, keys: readonly string[]): Record<string, T> {
  if (!keys.length) return record;
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}
