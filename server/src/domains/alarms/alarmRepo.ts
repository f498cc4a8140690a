import type { Queryable, Tx } from '../../platform/db/db';
import type { DcsRule } from '../../platform/config/dcsConfigSchema';
import type { AlarmRecord, RuleKind, Severity } from './alarmTypes';

/** One alarm episode as stored. */
export interface AlarmRow {
  id: string;
  plantId: string;
  code: string;
  ruleId: string;
  ruleKind: RuleKind;
  rule: DcsRule;
  tagId: string;
  label: string;
  uom: string | null;
  areaKey: string | null;
  unitKey: string | null;
  severity: Severity;
  condition: 'active' | 'cleared';
  raisedAt: Date;
  receivedAt: Date;
  ackedAt: Date | null;
  ackedBy: string | null;
  ackedByLabel: string | null;
  clearedAt: Date | null;
  closedAt: Date | null;
  triggerValue: number;
  peakValue: number;
  limitValue: number;
  relapses: number;
  holdIds: string[];
  heldPermitIds: string[];
  restrictionId: string | null;
  trendFileId: string | null;
  escalationLevel: number;
  escalationToken: string | null;
  hazardId: string | null;
  version: number;
  updatedAt: Date;
}

const COLUMNS = `id, plant_id, code, rule_id, rule_kind, rule, tag_id, label, uom, area_key, unit_key, severity, condition,
  raised_at, received_at, acked_at, acked_by, acked_by_label, cleared_at, closed_at, trigger_value, peak_value, limit_value,
  relapses, hold_ids, held_permit_ids, restriction_id, trend_file_id, escalation_level, escalation_token, hazard_id, version, updated_at`;

type Raw = Record<string, unknown>;

function fromRaw(r: Raw): AlarmRow {
  return {
    id: r.id as string, plantId: r.plant_id as string, code: r.code as string, ruleId: r.rule_id as string, ruleKind: r.rule_kind as RuleKind,
    rule: r.rule as DcsRule, tagId: r.tag_id as string, label: r.label as string, uom: r.uom as string | null, areaKey: r.area_key as string | null,
    unitKey: r.unit_key as string | null, severity: r.severity as Severity, condition: r.condition as 'active' | 'cleared',
    raisedAt: r.raised_at as Date, receivedAt: r.received_at as Date, ackedAt: r.acked_at as Date | null, ackedBy: r.acked_by as string | null,
    ackedByLabel: r.acked_by_label as string | null, clearedAt: r.cleared_at as Date | null, closedAt: r.closed_at as Date | null,
    triggerValue: Number(r.trigger_value), peakValue: Number(r.peak_value), limitValue: Number(r.limit_value), relapses: Number(r.relapses),
    holdIds: (r.hold_ids as string[]) ?? [], heldPermitIds: (r.held_permit_ids as string[]) ?? [], restrictionId: r.restriction_id as string | null,
    trendFileId: r.trend_file_id as string | null, escalationLevel: Number(r.escalation_level), escalationToken: r.escalation_token as string | null,
    hazardId: r.hazard_id as string | null, version: Number(r.version), updatedAt: r.updated_at as Date,
  };
}

/** Inserts a new alarm (version 1). */
export async function insertAlarm(tx: Tx, a: AlarmRow): Promise<void> {
  await tx.query(
    `INSERT INTO alarms (${COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$33)`,
    [
      a.id, a.plantId, a.code, a.ruleId, a.ruleKind, JSON.stringify(a.rule), a.tagId, a.label, a.uom, a.areaKey, a.unitKey, a.severity, a.condition,
      a.raisedAt, a.receivedAt, a.ackedAt, a.ackedBy, a.ackedByLabel, a.clearedAt, a.closedAt, a.triggerValue, a.peakValue, a.limitValue,
      a.relapses, a.holdIds, a.heldPermitIds, a.restrictionId, a.trendFileId, a.escalationLevel, a.escalationToken, a.hazardId, a.version, a.updatedAt,
    ],
  );
}

/** Writes every mutable field and bumps the version (the card version follows it). */
export async function saveAlarm(tx: Tx, a: AlarmRow, now: Date): Promise<AlarmRow> {
  const next = { ...a, version: a.version + 1, updatedAt: now };
  await tx.query(
    `UPDATE alarms SET condition = $3, acked_at = $4, acked_by = $5, acked_by_label = $6, cleared_at = $7, closed_at = $8, peak_value = $9,
       relapses = $10, hold_ids = $11, held_permit_ids = $12, restriction_id = $13, trend_file_id = $14, escalation_level = $15,
       escalation_token = $16, hazard_id = $17, version = $18, updated_at = $19
     WHERE plant_id = $1 AND id = $2`,
    [
      a.plantId, a.id, next.condition, next.ackedAt, next.ackedBy, next.ackedByLabel, next.clearedAt, next.closedAt, next.peakValue, next.relapses,
      next.holdIds, next.heldPermitIds, next.restrictionId, next.trendFileId, next.escalationLevel, next.escalationToken, next.hazardId, next.version, now,
    ],
  );
  return next;
}

/** One alarm of a plant, optionally locked for the rest of the transaction. */
export async function loadAlarm(q: Queryable, plantId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<AlarmRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const r = await q.query<Raw>(`SELECT ${COLUMNS} FROM alarms WHERE plant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`, [plantId, id]);
  return r.rows[0] ? fromRaw(r.rows[0]) : null;
}

/** Alarms not yet closed (restored into the engine after a restart). */
export async function openAlarmRows(q: Queryable, plantId: string): Promise<AlarmRow[]> {
  const r = await q.query<Raw>(`SELECT ${COLUMNS} FROM alarms WHERE plant_id = $1 AND closed_at IS NULL ORDER BY raised_at`, [plantId]);
  return r.rows.map(fromRaw);
}

/** Filters of the alarm list. */
export interface AlarmFilter {
  /** open = not closed; active = condition active; unacked = not acknowledged and not closed; closed. */
  status?: 'open' | 'active' | 'unacked' | 'closed';
  areaKey?: string;
  tagId?: string;
  severity?: Severity;
  from?: Date;
  to?: Date;
  limit: number;
  /** Keyset cursor: rows raised before this time. */
  before?: Date;
}

/** Alarms of a plant, newest first. */
export async function listAlarms(q: Queryable, plantId: string, f: AlarmFilter): Promise<AlarmRow[]> {
  const where = ['plant_id = $1'];
  const params: unknown[] = [plantId];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.status === 'open') where.push('closed_at IS NULL');
  if (f.status === 'closed') where.push('closed_at IS NOT NULL');
  if (f.status === 'active') where.push(`condition = 'active' AND closed_at IS NULL`);
  if (f.status === 'unacked') where.push('acked_at IS NULL AND closed_at IS NULL');
  if (f.areaKey) add('area_key = ?', f.areaKey);
  if (f.tagId) add('tag_id = ?', f.tagId);
  if (f.severity) add('severity = ?', f.severity);
  if (f.from) add('raised_at >= ?', f.from);
  if (f.to) add('raised_at < ?', f.to);
  if (f.before) add('raised_at < ?', f.before);
  params.push(f.limit);
  const r = await q.query<Raw>(`SELECT ${COLUMNS} FROM alarms WHERE ${where.join(' AND ')} ORDER BY raised_at DESC, id LIMIT $${params.length}`, params);
  return r.rows.map(fromRaw);
}

/** The engine's record of a stored alarm (to restore open alarms after a restart). */
export function toRecord(a: AlarmRow): AlarmRecord {
  return {
    alarmId: a.id, ruleId: a.ruleId, tagId: a.tagId, kind: a.ruleKind, severity: a.severity, condition: a.condition,
    acknowledged: a.ackedAt ? { by: a.ackedByLabel ?? a.ackedBy ?? '', at: a.ackedAt } : null,
    raisedAt: a.raisedAt, clearedAt: a.clearedAt, closedAt: a.closedAt, triggerValue: a.triggerValue, peakValue: a.peakValue,
    limit: a.limitValue, relapses: a.relapses,
  };
}

/** Records that a person was told about an alarm (card, digest line or escalation). */
export async function insertNotification(tx: Tx, n: { plantId: string; alarmId: string; personId: string; channel: 'card' | 'digest' | 'escalation'; at: Date }): Promise<void> {
  await tx.query('INSERT INTO alarm_notifications (plant_id, alarm_id, person_id, channel, created_at) VALUES ($1, $2, $3, $4, $5)', [
    n.plantId, n.alarmId, n.personId, n.channel, n.at,
  ]);
}

/** The storm throttle's view of one person: cards in the window, and lines waiting for a digest. */
export async function stormStateOf(tx: Tx, plantId: string, personId: string, since: Date): Promise<{ cardsInWindow: number; pendingDigest: number }> {
  const r = await tx.query<{ cards: string; pending: string }>(
    `SELECT count(*) FILTER (WHERE channel = 'card' AND created_at > $3) AS cards,
            count(*) FILTER (WHERE channel = 'digest' AND digest_id IS NULL) AS pending
     FROM alarm_notifications WHERE plant_id = $1 AND person_id = $2
       AND ((channel = 'card' AND created_at > $3) OR (channel = 'digest' AND digest_id IS NULL))`,
    [plantId, personId, since],
  );
  return { cardsInWindow: Number(r.rows[0]?.cards ?? 0), pendingDigest: Number(r.rows[0]?.pending ?? 0) };
}

/** Moves a person's pending digest lines into digest `digestId`; returns how many. */
export async function takeDigest(tx: Tx, plantId: string, personId: string, digestId: string): Promise<number> {
  const r = await tx.query(
    `UPDATE alarm_notifications SET digest_id = $3 WHERE plant_id = $1 AND person_id = $2 AND channel = 'digest' AND digest_id IS NULL`,
    [plantId, personId, digestId],
  );
  return r.rowCount;
}

/** The alarms of one digest and its time span. */
export async function digestAlarms(q: Queryable, plantId: string, digestId: string): Promise<{ alarms: AlarmRow[]; from: Date | null; to: Date | null }> {
  const r = await q.query<Raw & { notified_at: Date }>(
    `SELECT ${COLUMNS.split(',').map((c) => `a.${c.trim()}`).join(', ')}, n.created_at AS notified_at
     FROM alarm_notifications n JOIN alarms a ON a.id = n.alarm_id WHERE n.plant_id = $1 AND n.digest_id = $2 ORDER BY n.created_at`,
    [plantId, digestId],
  );
  const times = r.rows.map((x) => x.notified_at.getTime());
  return {
    alarms: r.rows.map(fromRaw),
    from: times.length ? new Date(Math.min(...times)) : null,
    to: times.length ? new Date(Math.max(...times)) : null,
  };
}
