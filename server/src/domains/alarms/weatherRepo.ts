import type { Queryable, Tx } from '../../platform/db/db';
import type { MatchedWeatherRule } from './weatherRules';
import type { ActiveWarning, WeatherState } from './weatherTracker';
import { emptyWeatherState } from './weatherTracker';
import type { Warning } from './weatherTypes';

/** Lifecycle of a stored warning. */
export type WarningStatus = 'active' | 'replaced' | 'cancelled' | 'expired' | 'ended' | 'ignored';

/** A stored weather warning. */
export interface WarningRow {
  id: string;
  plantId: string;
  identifier: string;
  status: WarningStatus;
  ignoreReason: string | null;
  warning: Warning;
  matched: MatchedWeatherRule[];
  holdIds: string[];
  heldPermitIds: string[];
  receivedAt: Date;
  releasedAt: Date | null;
  releaseReason: string | null;
}

const COLUMNS = 'id, plant_id, identifier, status, ignore_reason, warning, matched_rules, hold_ids, held_permit_ids, received_at, released_at, release_reason';

/** A warning read back from JSON, with its dates as Dates again. */
export function reviveWarning(json: Record<string, unknown>): Warning {
  const date = (v: unknown) => (v ? new Date(v as string) : null);
  return { ...(json as unknown as Warning), sent: date(json.sent) as Date, onset: date(json.onset), expires: date(json.expires) };
}

function fromRaw(r: Record<string, unknown>): WarningRow {
  return {
    id: r.id as string, plantId: r.plant_id as string, identifier: r.identifier as string, status: r.status as WarningStatus,
    ignoreReason: r.ignore_reason as string | null, warning: reviveWarning(r.warning as Record<string, unknown>),
    matched: (r.matched_rules as MatchedWeatherRule[]) ?? [], holdIds: (r.hold_ids as string[]) ?? [], heldPermitIds: (r.held_permit_ids as string[]) ?? [],
    receivedAt: r.received_at as Date, releasedAt: r.released_at as Date | null, releaseReason: r.release_reason as string | null,
  };
}

/** Stores a warning once per (plant, identifier); false when it was already there (a duplicate). */
export async function insertWarning(
  tx: Tx,
  w: { id: string; plantId: string; warning: Warning; status: WarningStatus; ignoreReason?: string; matched: MatchedWeatherRule[]; receivedAt: Date },
): Promise<boolean> {
  const x = w.warning;
  const r = await tx.query(
    `INSERT INTO weather_warnings (id, plant_id, identifier, source, msg_type, status, ignore_reason, event, event_type, level, beaufort, sender,
       headline, sent_at, onset_at, expires_at, refs, matched_rules, warning, received_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20) ON CONFLICT (plant_id, identifier) DO NOTHING`,
    [
      w.id, w.plantId, x.identifier, x.source, x.msgType, w.status, w.ignoreReason ?? null, x.event, x.eventType, x.level, x.beaufort, x.sender,
      x.headline, x.sent, x.onset, x.expires, x.references, JSON.stringify(w.matched), JSON.stringify(x), w.receivedAt,
    ],
  );
  return r.rowCount > 0;
}

/** The row of an identifier, locked. */
export async function loadWarningForUpdate(tx: Tx, plantId: string, identifier: string): Promise<WarningRow | null> {
  const r = await tx.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM weather_warnings WHERE plant_id = $1 AND identifier = $2 FOR UPDATE`, [plantId, identifier]);
  return r.rows[0] ? fromRaw(r.rows[0]) : null;
}

/** One warning by row id. */
export async function loadWarning(q: Queryable, plantId: string, id: string): Promise<WarningRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const r = await q.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM weather_warnings WHERE plant_id = $1 AND id = $2`, [plantId, id]);
  return r.rows[0] ? fromRaw(r.rows[0]) : null;
}

/** Marks a warning ended (its holds were released by the caller). */
export async function releaseWarning(tx: Tx, plantId: string, id: string, status: WarningStatus, reason: string, now: Date): Promise<void> {
  await tx.query('UPDATE weather_warnings SET status = $3, released_at = $4, release_reason = $5 WHERE plant_id = $1 AND id = $2', [plantId, id, status, now, reason]);
}

/** Warnings of a plant, newest first; `active` only those in force. */
export async function listWarnings(q: Queryable, plantId: string, f: { status: 'active' | 'all'; limit: number }): Promise<WarningRow[]> {
  const where = f.status === 'active' ? ` AND status = 'active'` : '';
  const r = await q.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM weather_warnings WHERE plant_id = $1${where} ORDER BY received_at DESC LIMIT $2`, [plantId, f.limit]);
  return r.rows.map(fromRaw);
}

/**
 * The tracker's state rebuilt from the table after a restart: warnings in force, identifiers seen
 * in the last week (dedupe) and the wind rule in force.
 */
export async function loadTrackerState(q: Queryable, plantId: string, now: Date, retainSeenMs = 7 * 24 * 3600_000): Promise<WeatherState> {
  const state = emptyWeatherState();
  const seen = await q.query<{ identifier: string; received_at: Date }>('SELECT identifier, received_at FROM weather_warnings WHERE plant_id = $1 AND received_at >= $2', [
    plantId,
    new Date(now.getTime() - retainSeenMs),
  ]);
  for (const r of seen.rows) state.seen[r.identifier] = r.received_at.getTime();
  const active = await q.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM weather_warnings WHERE plant_id = $1 AND status = 'active' ORDER BY received_at`, [plantId]);
  for (const raw of active.rows) {
    const row = fromRaw(raw);
    const entry: ActiveWarning = { warning: row.warning, decision: { identifier: row.identifier, matched: row.matched } };
    state.active[row.identifier] = entry;
    if (row.warning.source === 'wind') {
      state.wind = { identifier: row.identifier, force: row.warning.beaufort, matchedRuleIds: row.matched.map((m) => m.ruleId), lowerSince: null };
    }
  }
  return state;
}
