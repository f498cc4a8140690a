import { AlarmRule, Direction, RateOfChangeRule } from './alarmTypes';

/**
 * How one measurement stands against a rule:
 * - 'trip': the alarm condition holds;
 * - 'normal': back inside the limit by at least the deadband (counts towards clearing);
 * - 'between': inside the limit but within the deadband (neither raises nor clears);
 * - 'unknown': nothing to judge yet (a rate with too short a span).
 */
export type ConditionState = 'trip' | 'normal' | 'between' | 'unknown';

/** The judged state plus the measured quantity and the limit it was compared with. */
export interface Judgement {
  state: ConditionState;
  /** The value (high/low/deviation) or the signed rate per minute (rate). */
  measured: number;
  /** The threshold on the side that matters, in the same quantity as `measured`. */
  limit: number;
}

/**
 * Judges a quantity against a rule. For rate rules `measured` is the rate per minute, or null
 * when the window does not yet hold enough readings.
 * Thresholds: high trips at v ≥ limit, low at v ≤ limit, deviation at |v − sp| > d, rate at |r| ≥ r_max.
 */
export function judge(rule: AlarmRule, measured: number | null): Judgement {
  if (measured === null) return { state: 'unknown', measured: NaN, limit: NaN };
  const db = Math.max(0, rule.deadband ?? 0);
  switch (rule.kind) {
    case 'high':
      return { measured, limit: rule.limit, state: classify(measured >= rule.limit, measured < rule.limit - db) };
    case 'low':
      return { measured, limit: rule.limit, state: classify(measured <= rule.limit, measured > rule.limit + db) };
    case 'deviation': {
      const excess = directional(measured - rule.setpoint, rule.direction);
      const limit = rule.setpoint + side(measured - rule.setpoint, rule.direction) * rule.deviation;
      return { measured, limit, state: classify(excess > rule.deviation, excess < rule.deviation - db) };
    }
    case 'rate': {
      const excess = directional(measured, rule.direction);
      const limit = side(measured, rule.direction) * rule.ratePerMinute;
      return { measured, limit, state: classify(excess >= rule.ratePerMinute, excess < rule.ratePerMinute - db) };
    }
  }
}

/** True when `candidate` is further into the alarm than `current` (used for the peak value). */
export function isWorse(rule: AlarmRule, candidate: number, current: number): boolean {
  switch (rule.kind) {
    case 'high':
      return candidate > current;
    case 'low':
      return candidate < current;
    case 'deviation':
      return Math.abs(candidate - rule.setpoint) > Math.abs(current - rule.setpoint);
    case 'rate':
      return Math.abs(candidate) > Math.abs(current);
  }
}

/**
 * Rate per minute between the oldest and newest point of a window, or null when the points span
 * less than half the window: one noisy pair a second apart must not extrapolate into a trip.
 */
export function ratePerMinute(rule: RateOfChangeRule, oldest: { t: number; v: number }, newest: { t: number; v: number }): number | null {
  const spanMs = newest.t - oldest.t;
  if (spanMs <= 0 || spanMs < (rule.windowSeconds * 1000) / 2) return null;
  return ((newest.v - oldest.v) / spanMs) * 60_000;
}

/** The part of a signed excursion that counts for the direction ('both' counts either side). */
function directional(signed: number, direction: Direction | undefined): number {
  if (direction === 'up') return signed;
  if (direction === 'down') return -signed;
  return Math.abs(signed);
}

/** +1 or −1: the side of the limit that applies (fixed by the direction, else by the sign). */
function side(signed: number, direction: Direction | undefined): 1 | -1 {
  if (direction === 'up') return 1;
  if (direction === 'down') return -1;
  return signed >= 0 ? 1 : -1;
}

function classify(trip: boolean, normal: boolean): ConditionState {
  if (trip) return 'trip';
  return normal ? 'normal' : 'between';
}
