import type { Tx } from '../db/db';

/** Plant-local calendar day as YYYYMMDD (Intl, so no library is needed for time zones). */
export function plantLocalDay(now: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}`;
}

/**
 * Next readable code for a prefix on the plant-local day (`YH-20261124-0001`), allocated inside
 * the caller's transaction so a rolled-back command does not burn a number on PostgreSQL.
 */
export async function nextCode(tx: Tx, plantId: string, prefix: string, now: Date, timezone: string): Promise<string> {
  const day = plantLocalDay(now, timezone);
  const r = await tx.query<{ last: number }>(
    `INSERT INTO code_counters (plant_id, prefix, day, last) VALUES ($1, $2, $3, 1)
     ON CONFLICT (plant_id, prefix, day) DO UPDATE SET last = code_counters.last + 1 RETURNING last`,
    [plantId, prefix, day],
  );
  return `${prefix}-${day}-${String(r.rows[0].last).padStart(4, '0')}`;
}
