import { t } from '../../../../cards/src/i18n/catalogue';
import type { Tx } from '../../platform/db/db';
import { enqueueCardRefresh } from '../../platform/delivery/delivery';
import { appendEvidence, type EvidenceActor } from '../../platform/evidence/evidenceChain';
import { AppError } from '../../platform/errors';
import type { AlarmRefusalCode } from './alarmMachine';
import { ALARM_SUBJECT, type AlarmContext } from './alarmContext';
import { closeAlarm } from './alarmCommands';
import { loadAlarm, saveAlarm, type AlarmRow } from './alarmRepo';

/** Who acknowledges. */
export interface AckInput {
  plantId: string;
  alarmId: string;
  personId: string | null;
  /** Display name recorded with the acknowledgement. */
  byLabel: string;
  actor: EvidenceActor;
  locale: string;
}

function refuse(locale: string, code: AlarmRefusalCode, params: Record<string, string> = {}): AppError {
  if (code === 'alarms.refusal.unknown_alarm') return new AppError('not_found', t(locale, code, params), { reason: code, ...params });
  return new AppError('action_refused', t(locale, code, params), { reason: code, ...params });
}

/**
 * Acknowledges an alarm inside the caller's transaction (HTTP or bot; any instance). The database row
 * is the truth: acknowledging stops escalation, and an alarm that already cleared closes and releases
 * its holds. After commit the leader's engine learns of it (here directly, elsewhere by reconcile).
 * Refusals: unknown alarm (404), already closed or acknowledged (409, with who and when).
 */
export async function ackAlarm(ctx: AlarmContext, tx: Tx, input: AckInput): Promise<AlarmRow> {
  const row = await loadAlarm(tx, input.plantId, input.alarmId, { forUpdate: true });
  if (!row) throw refuse(input.locale, 'alarms.refusal.unknown_alarm', { alarmId: input.alarmId });
  if (row.closedAt) throw refuse(input.locale, 'alarms.refusal.closed', { alarmId: row.code });
  if (row.ackedAt) {
    throw refuse(input.locale, 'alarms.refusal.already_acknowledged', { alarmId: row.code, by: row.ackedByLabel ?? '—', at: row.ackedAt.toISOString() });
  }
  const now = ctx.deps.now();
  row.ackedAt = now;
  row.ackedBy = input.personId;
  row.ackedByLabel = input.byLabel;
  row.escalationToken = null;
  await appendEvidence(tx, {
    plantId: row.plantId, kind: 'alarm.acknowledged', subjectType: ALARM_SUBJECT, subjectId: row.id, actor: input.actor, occurredAt: now,
    data: { code: row.code, condition: row.condition, escalationLevel: row.escalationLevel, trend: { fileId: row.trendFileId } },
  });
  if (row.condition === 'cleared') await closeAlarm(ctx, tx, row, now, input.actor);
  const saved = await saveAlarm(tx, row, now);
  await enqueueCardRefresh(tx, ctx.deps.jobs, row.plantId, ALARM_SUBJECT, row.id);
  ctx.metrics.transitions.inc({ kind: 'acknowledged' });
  tx.afterCommit(() => ctx.onAcked(row.plantId, row.id, input.byLabel, now));
  return saved;
}
