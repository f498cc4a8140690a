import { randomUUID } from 'node:crypto';
import { describeAlarm } from '../../../../cards/src/alarms/alarmFormat';
import { t } from '../../../../cards/src/i18n/catalogue';
import { nextCode } from '../../platform/codes/nextCode';
import type { Tx } from '../../platform/db/db';
import { enqueueCardRefresh } from '../../platform/delivery/delivery';
import { appendEvidence, type EvidenceActor } from '../../platform/evidence/evidenceChain';
import { ALARM_ACTOR, ALARM_QUEUES, ALARM_SUBJECT, type AlarmContext } from './alarmContext';
import { noticeAreaGroups, notifyCrews, notifyResponsible } from './alarmNotify';
import type { AlarmPlant } from './alarmPlant';
import type { RecipientPerson } from './alarmRecipients';
import { insertAlarm, loadAlarm, saveAlarm, type AlarmRow } from './alarmRepo';
import { storeTrend, type TrendSnapshot } from './alarmTrend';
import type { AlarmEvent } from './alarmTypes';
import { toAlarmView } from './alarmView';

/** An engine event with what the command needs beyond it. */
export interface AlarmEventInput {
  plant: AlarmPlant;
  event: AlarmEvent;
  /** Trend chart rendered from event.trend (null if rendering failed). */
  trend: TrendSnapshot | null;
  /** Wall-clock ms when the reading (or tick) that produced the event arrived: card latency is measured from it. */
  t0: number;
}

/** The input plus what is read before the transaction opens. */
type Prepared = AlarmEventInput & { people: readonly RecipientPerson[] };

/**
 * Stores one engine event in its own transaction: the alarm row, an evidence event with the trend
 * snapshot, holds through the permits service, cards and notices (woken right after commit), timers.
 * Each handler is idempotent against the row, so an acknowledgement stored by an HTTP/bot command
 * and echoed by the engine changes nothing twice.
 */
export async function applyAlarmEvent(ctx: AlarmContext, input: AlarmEventInput): Promise<void> {
  const started = Date.now();
  const kind = input.event.kind;
  // Read through the directory before the transaction: on PGlite a query outside the tx inside it would block.
  const prepared: Prepared = { ...input, people: await ctx.deps.directory.people(input.plant.plantId) };
  await ctx.deps.db.transaction(async (tx) => {
    if (kind === 'alarm_raised') await raise(ctx, tx, prepared);
    else if (kind === 'alarm_cleared') await clear(ctx, tx, prepared);
    else if (kind === 'alarm_reactivated') await reactivate(ctx, tx, prepared);
    else if (kind === 'alarm_closed') await closeFromEngine(ctx, tx, prepared);
    // alarm_acknowledged only comes back from engine.acknowledge, i.e. after the ack was stored.
  });
  ctx.metrics.commandSeconds.observe({ kind }, (Date.now() - started) / 1000);
}

async function trendEvidence(ctx: AlarmContext, tx: Tx, plantId: string, trend: TrendSnapshot | null, row: AlarmRow) {
  if (!trend) return { fileId: row.trendFileId };
  const stored = await storeTrend(tx, ctx.deps.blobs, plantId, trend);
  row.trendFileId = stored.fileId;
  return stored;
}

async function evidence(tx: Tx, row: AlarmRow, kind: string, at: Date, data: Record<string, unknown>, actor: EvidenceActor = ALARM_ACTOR) {
  await appendEvidence(tx, { plantId: row.plantId, kind, subjectType: ALARM_SUBJECT, subjectId: row.id, actor, occurredAt: at, data: { code: row.code, ...data } });
}

async function raise(ctx: AlarmContext, tx: Tx, { plant, event, trend, t0, people }: Prepared): Promise<void> {
  const a = event.alarm;
  const meta = plant.rules.get(a.ruleId);
  if (!meta) throw new Error(`alarm for unknown rule ${a.ruleId}`);
  const open = await tx.query('SELECT 1 FROM alarms WHERE plant_id = $1 AND rule_id = $2 AND closed_at IS NULL', [plant.plantId, a.ruleId]);
  if (open.rowCount > 0) {
    ctx.deps.log.warn({ rule: a.ruleId }, 'alarm raised while an episode of the same rule is still open; ignored');
    return;
  }
  const now = ctx.deps.now();
  const row: AlarmRow = {
    id: a.alarmId, plantId: plant.plantId, code: await nextCode(tx, plant.plantId, 'BJ', a.raisedAt, plant.timezone), ruleId: a.ruleId, ruleKind: a.kind,
    rule: meta.config, tagId: a.tagId, label: meta.label, uom: meta.uom, areaKey: meta.areaKey, unitKey: meta.unitKey, severity: a.severity,
    condition: 'active', raisedAt: a.raisedAt, receivedAt: new Date(t0), ackedAt: null, ackedBy: null, ackedByLabel: null, clearedAt: null,
    closedAt: null, triggerValue: a.triggerValue, peakValue: a.peakValue, limitValue: a.limit, relapses: 0, holdIds: [], heldPermitIds: [],
    restrictionId: null, trendFileId: null, escalationLevel: 0, escalationToken: null, hazardId: null, version: 1, updatedAt: now,
  };
  const trendFacts = await trendEvidence(ctx, tx, plant.plantId, trend, row);
  await evidence(tx, row, 'alarm.raised', a.raisedAt, {
    ruleId: a.ruleId, kind: a.kind, tagId: a.tagId, severity: a.severity, areaKey: row.areaKey, unitKey: row.unitKey,
    triggerValue: a.triggerValue, limit: a.limit, rule: meta.config, trend: trendFacts,
  });
  const text = describeAlarm(toAlarmView(row, plant), plant.locale);
  if (meta.holdPermits && (row.unitKey || row.areaKey)) {
    const hold = await ctx.holds.placeHold(tx, {
      plantId: plant.plantId,
      scope: row.unitKey ? { unitKeys: [row.unitKey] } : { areaKeys: [row.areaKey as string] },
      source: 'alarm', sourceId: row.id, reason: t(plant.locale, 'alarms.hold.reason.alarm', { code: row.code, text }),
      blockNewApplications: true, until: null, actor: ALARM_ACTOR,
    });
    row.holdIds = [hold.holdId];
    row.heldPermitIds = hold.affectedPermitIds;
    row.restrictionId = hold.restrictionId;
    await notifyCrews(ctx, tx, plant.plantId, hold.affectedPermitIds, { subjectType: ALARM_SUBJECT, subjectId: row.id, cause: 'alarm', causeText: `${row.code} ${text}`, evacuate: true }, now);
  }
  if (plant.escalation) {
    row.escalationToken = randomUUID();
    await ctx.deps.jobs.send(tx, ALARM_QUEUES.escalate, { plantId: plant.plantId, alarmId: row.id, token: row.escalationToken }, { startAfter: new Date(now.getTime() + plant.escalation.afterMs) });
  }
  if (meta.hazard) await ctx.deps.jobs.send(tx, ALARM_QUEUES.hazard, { plantId: plant.plantId, alarmId: row.id }, { startAfter: new Date(now.getTime() + meta.hazard.afterMs) });
  await insertAlarm(tx, row);
  await notifyResponsible(ctx, tx, plant, row, now, { t0 }, people);
  await noticeAreaGroups(ctx, tx, plant, row, 'raised');
  ctx.metrics.transitions.inc({ kind: 'raised' });
}

async function clear(ctx: AlarmContext, tx: Tx, { plant, event, trend }: Prepared): Promise<void> {
  const row = await loadAlarm(tx, plant.plantId, event.alarm.alarmId, { forUpdate: true });
  if (!row || row.closedAt || row.condition === 'cleared') return;
  row.condition = 'cleared';
  row.clearedAt = event.at;
  row.peakValue = event.alarm.peakValue;
  const trendFacts = await trendEvidence(ctx, tx, plant.plantId, trend, row);
  await evidence(tx, row, 'alarm.cleared', event.at, { peakValue: row.peakValue, activeMs: event.at.getTime() - row.raisedAt.getTime(), trend: trendFacts });
  if (row.ackedAt) await closeAlarm(ctx, tx, row, event.at, ALARM_ACTOR);
  await saveAlarm(tx, row, ctx.deps.now());
  await enqueueCardRefresh(tx, ctx.deps.jobs, plant.plantId, ALARM_SUBJECT, row.id);
  await noticeAreaGroups(ctx, tx, plant, row, row.closedAt ? 'closed' : 'cleared');
  ctx.metrics.transitions.inc({ kind: 'cleared' });
}

async function reactivate(ctx: AlarmContext, tx: Tx, { plant, event, trend, t0, people }: Prepared): Promise<void> {
  const row = await loadAlarm(tx, plant.plantId, event.alarm.alarmId, { forUpdate: true });
  if (!row || row.condition === 'active') return;
  if (row.closedAt) {
    // Acknowledged elsewhere and closed before the engine heard of it: the engine is told on the next reconcile.
    ctx.deps.log.warn({ alarm: row.code }, 'closed alarm came back in the engine before the acknowledgement reached it; ignored');
    return;
  }
  const now = ctx.deps.now();
  row.condition = 'active';
  row.clearedAt = null;
  row.relapses = event.alarm.relapses;
  row.peakValue = event.alarm.peakValue;
  const trendFacts = await trendEvidence(ctx, tx, plant.plantId, trend, row);
  await evidence(tx, row, 'alarm.reactivated', event.at, { relapses: row.relapses, value: event.alarm.peakValue, trend: trendFacts });
  await saveAlarm(tx, row, now);
  await enqueueCardRefresh(tx, ctx.deps.jobs, plant.plantId, ALARM_SUBJECT, row.id);
  await notifyResponsible(ctx, tx, plant, row, now, { t0 }, people);
  await noticeAreaGroups(ctx, tx, plant, row, 'reactivated');
  ctx.metrics.transitions.inc({ kind: 'reactivated' });
}

async function closeFromEngine(ctx: AlarmContext, tx: Tx, { plant, event }: Prepared): Promise<void> {
  const row = await loadAlarm(tx, plant.plantId, event.alarm.alarmId, { forUpdate: true });
  if (!row || row.closedAt) return;
  if (!row.ackedAt || row.condition !== 'cleared') {
    ctx.deps.log.warn({ alarm: row.code, acked: !!row.ackedAt, condition: row.condition }, 'engine closed an alarm the database does not see as acknowledged and cleared; kept open');
    return;
  }
  await closeAlarm(ctx, tx, row, event.at, ALARM_ACTOR);
  await saveAlarm(tx, row, ctx.deps.now());
  await enqueueCardRefresh(tx, ctx.deps.jobs, plant.plantId, ALARM_SUBJECT, row.id);
}

/**
 * Closes an acknowledged and cleared alarm (mutates `row`; the caller saves it): escalation stops,
 * the holds it placed are released, and a closing evidence event records which.
 */
export async function closeAlarm(ctx: AlarmContext, tx: Tx, row: AlarmRow, at: Date, actor: EvidenceActor, reason = 'acknowledged_and_cleared'): Promise<void> {
  row.closedAt = at;
  row.escalationToken = null;
  // The alarm system releases the holds it placed, whoever's acknowledgement closed the alarm.
  const released = row.holdIds.length ? await ctx.holds.releaseHoldsBySource(tx, { plantId: row.plantId, source: 'alarm', sourceId: row.id, actor: ALARM_ACTOR }) : { holdIds: [] };
  await evidence(tx, row, 'alarm.closed', at, { reason, releasedHoldIds: released.holdIds }, actor);
  ctx.metrics.transitions.inc({ kind: 'closed' });
}
