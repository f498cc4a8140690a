/**
 * Plant-local calendar days ↔ instants, with Intl only. Exports take plant-local dates ("the ledger of
 * November") and the database stores instants.
 */

/** Offset of `timezone` from UTC at `at`, in minutes (e.g. +480 for Asia/Shanghai). */
export function tzOffsetMinutes(at: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a plant-local day 'YYYY-MM-DD' starts (00:00 local). */
export function plantDayStart(day: string, timezone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  // Two passes settle days whose offset differs from the guess's (DST edges).
  let at = guess - tzOffsetMinutes(new Date(guess), timezone) * 60_000;
  at = guess - tzOffsetMinutes(new Date(at), timezone) * 60_000;
  return new Date(at);
}

/** Whole days from `from` to `to` inclusive ('YYYY-MM-DD'); NaN for impossible dates. */
export function inclusiveDays(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000) + 1;
}

/** True for a real calendar date 'YYYY-MM-DD' (rejects 2026-02-30). */
export function isRealDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

/** Start of the day after `day`. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
