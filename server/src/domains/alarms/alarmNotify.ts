import type { Tx } from '../../platform/db/db';
import { enqueueDelivery } from '../../platform/delivery/delivery';
import { crewOf } from '../permits/permitNotify';
import { loadPermit } from '../permits/permitRepo';
import { ALARM_CARDS, ALARM_QUEUES, AlarmContext, ALARM_SUBJECT } from './alarmContext';
import type { AlarmPlant } from './alarmPlant';
import { areaGroups, responsiblePeople, type RecipientPerson } from './alarmRecipients';
import { insertNotification, stormStateOf, type AlarmRow } from './alarmRepo';
import { stormDecision } from './alarmStorm';

/**
 * Tells the people responsible for the alarm's area, through the storm throttle: their own card while
 * they get fewer than `storm.maxCards` per window, else a line in their next digest card (whose job is
 * scheduled at the end of the window). Everything is enqueued in the caller's transaction; `people` is
 * read before it (the directory reads outside any transaction, which PGlite would block on).
 */
export async function notifyResponsible(
  ctx: AlarmContext,
  tx: Tx,
  plant: AlarmPlant,
  alarm: AlarmRow,
  now: Date,
  params: Record<string, unknown>,
  people: readonly RecipientPerson[],
): Promise<{ cards: number; digested: number }> {
  const ids = responsiblePeople(plant, alarm.areaKey, people);
  if (!ids.length) ctx.deps.log.warn({ alarm: alarm.code, area: alarm.areaKey }, 'no responsible person for this area: the alarm card reaches nobody (check dcs.responsible)');
  const since = new Date(now.getTime() - plant.storm.windowMs);
  let cards = 0;
  let digested = 0;
  for (const personId of ids) {
    const d = stormDecision(await stormStateOf(tx, plant.plantId, personId, since), plant.storm.maxCards);
    await insertNotification(tx, { plantId: plant.plantId, alarmId: alarm.id, personId, channel: d.channel, at: now });
    if (d.channel === 'card') {
      cards++;
      await enqueueDelivery(tx, ctx.deps.jobs, plant.plantId, { personId }, { type: 'card', kind: ALARM_CARDS.card, subjectType: ALARM_SUBJECT, subjectId: alarm.id, params });
      continue;
    }
    digested++;
    if (d.scheduleDigest) {
      await ctx.deps.jobs.send(tx, ALARM_QUEUES.digest, { plantId: plant.plantId, personId }, { startAfter: new Date(now.getTime() + plant.storm.windowMs) });
    }
  }
  return { cards, digested };
}

/** Posts an alarm notice to the area's groups (enabled platforms only). */
export async function noticeAreaGroups(ctx: AlarmContext, tx: Tx, plant: AlarmPlant, alarm: AlarmRow, event: 'raised' | 'reactivated' | 'cleared' | 'closed'): Promise<void> {
  for (const groupKey of areaGroups(plant, alarm.areaKey, ctx.enabledPlatforms())) {
    await enqueueDelivery(tx, ctx.deps.jobs, plant.plantId, { groupKey }, { type: 'notice', kind: ALARM_CARDS.notice, subjectType: ALARM_SUBJECT, subjectId: alarm.id, params: { event } });
  }
}

/** Why crews are told to stop: the subject the card hangs off and the words shown as its cause. */
export interface EvacuationCause {
  subjectType: string;
  subjectId: string;
  cause: 'alarm' | 'weather';
  causeText: string;
  evacuate: boolean;
}

/** Sends the evacuation (or stop-work) card to everyone on the crews of the held permits; returns how many people. */
export async function notifyCrews(ctx: AlarmContext, tx: Tx, plantId: string, permitIds: readonly string[], c: EvacuationCause, now: Date): Promise<number> {
  const sent = new Set<string>();
  for (const permitId of permitIds) {
    const permit = await loadPermit(tx, plantId, permitId);
    if (!permit) continue;
    for (const personId of crewOf(permit)) {
      const key = `${personId}:${permitId}`;
      if (sent.has(key)) continue;
      sent.add(key);
      await enqueueDelivery(tx, ctx.deps.jobs, plantId, { personId }, {
        type: 'card', kind: ALARM_CARDS.evacuation, subjectType: c.subjectType, subjectId: c.subjectId,
        params: { permitId, cause: c.cause, causeText: c.causeText, evacuate: c.evacuate, at: now.toISOString() },
      });
    }
  }
  return sent.size;
}
