import type { HazardGrade, HazardTiming } from './hazardTypes';

/**
 * Service levels per grade: deadlines, reminders, escalation and reinspection. Plant policy data
 * (domain.md §3.3: there is no national fixed deadline for 一般隐患), so everything comes in as parameters.
 */

/** One SLA policy row (plant config `sla_policies`), all durations in hours. */
export interface HazardSlaPolicy {
  grade: HazardGrade;
  /** Time allowed for rectification from the moment the deadline is set. */
  rectifyHours: number;
  /** Reminder this many hours before the deadline; 0 = none. */
  remindBeforeHours: number;
  /** Escalate one level every this many hours after the deadline. */
  escalateEveryHours: number;
  /** Reinspection by the reporter this many hours after closing; absent/null = no reinspection. */
  reinspectAfterHours?: number | null;
}

/** Clock options. */
export interface SlaOptions {
  /**
   * Demo/test profile only: one configured hour lasts this many seconds (e.g. 1 → "24 h" is 24 s).
   * Never set in production.
   */
  demoSecondsPerHour?: number;
}

const HOUR_MS = 3_600_000;

/** Milliseconds in one configured hour, honouring the demo profile. */
export function hourMs(opts: SlaOptions = {}): number {
  const demo = opts.demoSecondsPerHour;
  if (demo === undefined) return HOUR_MS;
  if (!(demo > 0)) throw new RangeError(`demoSecondsPerHour must be > 0: ${demo}`);
  return demo * 1000;
}

/** The policy for a grade. Throws when missing: plant import must guarantee one policy per grade. */
export function slaPolicyFor(grade: HazardGrade, slaPolicies: readonly HazardSlaPolicy[]): HazardSlaPolicy {
  const policy = slaPolicies.find((p) => p.grade === grade);
  if (!policy) throw new Error(`no SLA policy for hazard grade "${grade}"`);
  return policy;
}

/** Rectification deadline for a grade set at `now`: now + rectifyHours. */
export function deadlineFor(grade: HazardGrade, slaPolicies: readonly HazardSlaPolicy[], now: Date, opts: SlaOptions = {}): Date {
  return new Date(now.getTime() + slaPolicyFor(grade, slaPolicies).rectifyHours * hourMs(opts));
}

/**
 * The durations the machine snapshots onto a hazard of this grade. `escalationChainLength` is the number
 * of roles in the plant's escalation chain (it caps the escalation level).
 */
export function hazardTiming(
  grade: HazardGrade,
  slaPolicies: readonly HazardSlaPolicy[],
  escalationChainLength: number,
  opts: SlaOptions = {},
): HazardTiming {
  const p = slaPolicyFor(grade, slaPolicies);
  const h = hourMs(opts);
  if (!(p.escalateEveryHours > 0)) throw new RangeError(`escalateEveryHours must be > 0 for grade "${grade}"`);
  return {
    remindBeforeMs: Math.max(0, p.remindBeforeHours) * h,
    escalateEveryMs: p.escalateEveryHours * h,
    reinspectAfterMs: p.reinspectAfterHours == null ? null : p.reinspectAfterHours * h,
    maxEscalationLevel: Math.max(0, Math.floor(escalationChainLength)),
  };
}

/**
 * When to remind the holder: deadline − remindBefore. Null when there is no reminder (0) or when that
 * moment is not after `now`: a reminder right at assignment would only repeat the assignment card.
 */
export function remindAt(deadline: Date, remindBeforeMs: number, now: Date): Date | null {
  if (!(remindBeforeMs > 0)) return null;
  const at = new Date(deadline.getTime() - remindBeforeMs);
  return at.getTime() > now.getTime() ? at : null;
}

/**
 * When escalation level `level` (1-based) is due: deadline + level × escalateEvery, so the first
 * escalation comes one interval after the deadline, the next one interval later, and so on.
 */
export function escalationAt(deadline: Date, level: number, escalateEveryMs: number): Date {
  if (!Number.isInteger(level) || level < 1) throw new RangeError(`escalation level must be >= 1: ${level}`);
  return new Date(deadline.getTime() + level * escalateEveryMs);
}

/** All escalation times of a hazard, levels 1..maxLevel (for display and the ledger). */
export function escalationTimes(deadline: Date, escalateEveryMs: number, maxLevel: number): Date[] {
  return Array.from({ length: Math.max(0, maxLevel) }, (_, i) => escalationAt(deadline, i + 1, escalateEveryMs));
}
