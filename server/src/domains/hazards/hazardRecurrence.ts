import type { HazardStatus } from './hazardTypes';

/**
 * Recurrence (重复隐患): the same problem at the same place within a window. The ledger links a new
 * hazard to the most recent earlier one so repeat offenders show up in statistics.
 */

/** The new report, as far as recurrence cares. */
export interface RecurrenceProbe {
  /** Its own id, if it already has one (excluded from the candidates). */
  id?: string;
  areaKey: string;
  categoryKey: string;
  /** Equipment tag (位号) when the report names one; then only hazards on the same tag count. */
  equipmentTag?: string | null;
  reportedAt: Date;
}

/** An earlier hazard (the repo pre-filters by area/category/time; this function re-checks everything). */
export interface RecurrenceCandidate {
  id: string;
  areaKey: string;
  categoryKey: string;
  equipmentTag?: string | null;
  reportedAt: Date;
  /** Rejected reports were not hazards, so they never count. */
  status?: HazardStatus;
}

const DAY_MS = 86_400_000;

function sameTag(a: string | null | undefined, b: string | null | undefined): boolean {
  const norm = (s: string | null | undefined) => (s ?? '').normalize('NFKC').trim().toUpperCase();
  return norm(a) === norm(b);
}

/**
 * The id of the most recent earlier hazard with the same area and category (and the same equipment tag
 * when the new report has one, compared case- and width-insensitively), reported at most `recurrenceDays`
 * × 24 h before, excluding rejected ones and the probe itself; null when there is none. Equal times are not
 * "earlier". Ties on time go to the lexically smallest id, so the answer does not depend on input order.
 */
export function findRecurrence(
  newReport: RecurrenceProbe,
  candidates: readonly RecurrenceCandidate[],
  recurrenceDays = 90,
): string | null {
  const t = newReport.reportedAt.getTime();
  const from = t - recurrenceDays * DAY_MS;
  const tagged = !!newReport.equipmentTag?.trim();
  let best: RecurrenceCandidate | null = null;
  for (const c of candidates) {
    const ct = c.reportedAt.getTime();
    if (c.id === newReport.id || c.status === 'rejected') continue;
    if (c.areaKey !== newReport.areaKey || c.categoryKey !== newReport.categoryKey) continue;
    if (tagged && !sameTag(c.equipmentTag, newReport.equipmentTag)) continue;
    if (ct >= t || ct < from) continue;
    const bt = best?.reportedAt.getTime();
    if (best === null || bt === undefined || ct > bt || (ct === bt && c.id < best.id)) best = c;
  }
  return best?.id ?? null;
}
