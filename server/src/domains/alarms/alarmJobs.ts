import { randomUUID } from 'node:crypto';
import { enqueueDelivery } from '../../platform/delivery/delivery';
import { appendEvidence } from '../../platform/evidence/evidenceChain';
import { AppError } from '../../platform/errors';
import { createHazard } from '../hazards/hazardCreate';
import { SYSTEM_ACTOR } from '../hazards/hazardTypes';
import { ALARM_ACTOR, ALARM_CARDS, ALARM_QUEUES, ALARM_SUBJECT, DIGEST_SUBJECT, type AlarmContext } from './alarmContext';
import { escalationTargets, responsiblePeople } from './alarmRecipients';
import { insertNotification, loadAlarm, saveAlarm, takeDigest } from './alarmRepo';

/** Job data of the escalation timer; only the job holding the alarm's current token acts. */
export interface EscalateJob {
  plantId: string;
  alarmId: string;
  token: string;
}

/** Registers the capability's queues. Handlers are idempotent: a re-run finds the work done or the token stale. */
export function registerAlarmJobs(ctx: AlarmContext): void {
  const { jobs } = ctx.deps;
  jobs.register<EscalateJob>(ALARM_QUEUES.escalate, (data) => escalate(ctx, data), { concurrency: 1, expireInSeconds: 60 });
  jobs.register<{ plantId: string; personId: string }>(ALARM_QUEUES.digest, (data) => sendDigest(ctx, data.plantId, data.personId), { concurrency: 1, expireInSeconds: 60 });
  jobs.register<{ plantId: string; alarmId: string }>(ALARM_QUEUES.hazard, (data) => openHazardForAlarm(ctx, data.plantId, data.alarmId), { concurrency: 1, expireInSeconds: 120 });
}

/**
 * One step up the escalation chain for an alarm nobody acknowledged: the next role's nearest holder
 * gets the escalation card, and the next step is armed with a fresh token while the chain lasts.
 */
export async function escalate(ctx: AlarmContext, job: EscalateJob): Promise<void> {
  const plant = await ctx.plantOf(job.plantId);
  if (!plant?.escalation) return;
  const escalation = plant.escalation;
  const people = await ctx.deps.directory.people(job.plantId);
  await ctx.deps.db.transaction(async (tx) => {
    const row = await loadAlarm(tx, job.plantId, job.alarmId, { forUpdate: true });
    if (!row || row.closedAt || row.ackedAt || row.escalationToken !== job.token) return;
    const now = ctx.deps.now();
    const level = row.escalationLevel + 1;
    const targets = escalationTargets(plant, level, row.areaKey, people);
    row.escalationLevel = level;
    row.escalationToken = null;
    if (level < escalation.chain.length && escalation.everyMs !== null) {
      row.escalationToken = randomUUID();
      await ctx.deps.jobs.send(tx, ALARM_QUEUES.escalate, { plantId: job.plantId, alarmId: row.id, token: row.escalationToken }, { startAfter: new Date(now.getTime() + escalation.everyMs) });
    }
    await appendEvidence(tx, {
      plantId: job.plantId, kind: 'alarm.escalated', subjectType: ALARM_SUBJECT, subjectId: row.id, actor: { type: 'system', id: 'timer', label: 'timer' }, occurredAt: now,
      data: { code: row.code, level, role: escalation.chain[level - 1], targets },
    });
    for (const personId of targets) {
      await insertNotification(tx, { plantId: job.plantId, alarmId: row.id, personId, channel: 'escalation', at: now });
      // Escalations bypass the storm throttle: they are few and must reach the person.
      await enqueueDelivery(tx, ctx.deps.jobs, job.plantId, { personId }, { type: 'card', kind: ALARM_CARDS.escalation, subjectType: ALARM_SUBJECT, subjectId: row.id });
    }
    if (!targets.length) ctx.deps.log.warn({ alarm: row.code, level }, 'nobody holds the escalation role; the level still advances');
    await saveAlarm(tx, row, now);
    ctx.metrics.transitions.inc({ kind: 'escalated' });
  });
}

/** Sends a person's pending storm digest (alarms collected during the window) as one card. */
export async function sendDigest(ctx: AlarmContext, plantId: string, personId: string): Promise<void> {
  await ctx.deps.db.transaction(async (tx) => {
    const digestId = randomUUID();
    if ((await takeDigest(tx, plantId, personId, digestId)) === 0) return;
    await enqueueDelivery(tx, ctx.deps.jobs, plantId, { personId }, { type: 'card', kind: ALARM_CARDS.digest, subjectType: DIGEST_SUBJECT, subjectId: digestId });
  });
}

/**
 * A long alarm becomes a hazard for follow-up (rule `hazard.afterMinutes`): only while it is still
 * active, once. The trend chart is its photo; the nearest responsible person stands as reporter and
 * the evidence names the alarm system as actor. Needs the hazards module (its queues) in the server.
 */
export async function openHazardForAlarm(ctx: AlarmContext, plantId: string, alarmId: string): Promise<void> {
  const plant = await ctx.plantOf(plantId);
  const { deps } = ctx;
  if (!deps.jobs.queueNames().some((q) => q.startsWith('hazard'))) {
    deps.log.warn({ alarmId }, 'the hazards module is not part of this server; no hazard opened for the long alarm');
    return;
  }
  const people = await deps.directory.people(plantId);
  try {
    await deps.db.transaction(async (tx) => {
      const row = await loadAlarm(tx, plantId, alarmId, { forUpdate: true });
      const meta = row ? plant?.rules.get(row.ruleId) : undefined;
      if (!row || !plant || !meta?.hazard || row.closedAt || row.condition !== 'active' || row.hazardId) return;
      const reporterId = responsiblePeople(plant, row.areaKey, people)[0];
      if (!reporterId || !row.areaKey) return;
      const minutes = Math.round((deps.now().getTime() - row.raisedAt.getTime()) / 60_000);
      const hazard = await createHazard(
        { db: deps.db, jobs: deps.jobs, log: deps.log, now: deps.now, demoProfile: deps.env.DEMO_PROFILE, waker: null },
        tx,
        {
          plantId, reporterId, areaKey: row.areaKey, categoryKey: meta.hazard.categoryKey, equipmentTag: null, source: 'api',
          description: `${row.code} ${row.label}: ${row.triggerValue} → ${row.peakValue} ${row.uom ?? ''} (${minutes} min)`.trim(),
          photoFileIds: row.trendFileId ? [row.trendFileId] : [],
        },
        { actor: SYSTEM_ACTOR, evidence: ALARM_ACTOR, locale: plant.locale, personId: null, mayGrade: false },
      );
      row.hazardId = hazard.id;
      await appendEvidence(tx, {
        plantId, kind: 'alarm.hazard_opened', subjectType: ALARM_SUBJECT, subjectId: row.id, actor: ALARM_ACTOR, occurredAt: deps.now(),
        data: { code: row.code, hazardId: hazard.id, hazardCode: hazard.code },
      });
      await saveAlarm(tx, row, deps.now());
    });
  } catch (err) {
    // A refused report (category gone, photo rule) would fail the same way on every retry.
    if (!(err instanceof AppError)) throw err;
    deps.log.warn({ alarmId, err: err.message }, 'hazard for a long alarm refused');
  }
}
