import { presentAlarmCard } from '../../../../cards/src/alarms/presentAlarmCard';
import { presentAlarmDigestCard } from '../../../../cards/src/alarms/presentAlarmDigestCard';
import { presentAlarmNotice, presentSensorNotice, type AlarmNoticeEvent } from '../../../../cards/src/alarms/presentAlarmNotice';
import { presentEvacuationCard } from '../../../../cards/src/alarms/presentEvacuationCard';
import { presentWeatherNotice } from '../../../../cards/src/alarms/presentWeatherNotice';
import { grantsRight } from '../../platform/config/rights';
import { DELIVER_QUEUE } from '../../platform/delivery/delivery';
import type { CardBuildContext } from '../../platform/delivery/deliveryTypes';
import { loadPermit } from '../permits/permitRepo';
import { ALARM_CARDS, type AlarmContext } from './alarmContext';
import { digestAlarms, loadAlarm } from './alarmRepo';
import { toAlarmView } from './alarmView';
import { loadWarning } from './weatherRepo';
import { warningRowView } from './weatherView';

const NOTICE_EVENTS = new Set<AlarmNoticeEvent>(['raised', 'reactivated', 'cleared', 'closed']);

/**
 * Registers the builders of every alarm/weather card and notice. Each loads current data when the
 * delivery job runs (so a card sent late shows the alarm as it is now) and calls a pure presenter.
 */
export function registerAlarmCards(ctx: AlarmContext): void {
  const { cards, directory, jobs } = ctx.deps;
  // An alarm enqueues several deliveries at once (cards, notices, evacuations) but only `concurrency`
  // are woken after commit; waking again while one is built makes each worker fetch the next one
  // as soon as it is done instead of after the poll interval.
  const opts = (c: CardBuildContext) => {
    jobs.wake(DELIVER_QUEUE);
    return { locale: c.locale, timezone: c.timezone, now: ctx.deps.now() };
  };

  const alarmCard = (kind: 'alarm.card' | 'alarm.escalation') => async (c: CardBuildContext) => {
    const row = await loadAlarm(c.q, c.plantId, c.subjectId);
    if (!row) return null;
    const rights = c.viewer ? await directory.rightsOf(c.plantId, c.viewer.roles) : [];
    const card = presentAlarmCard(toAlarmView(row, await ctx.plantOf(c.plantId)), {
      ...opts(c), canAck: grantsRight(rights, 'alarm.ack'), cardVersion: c.cardVersion, kind,
    });
    // First delivery of a raise carries the wall-clock time its reading arrived: the alarm-path latency.
    if (typeof c.params.t0 === 'number') {
      ctx.metrics.cardLatency.observe((Date.now() - c.params.t0) / 1000);
      ctx.deps.log.debug({ alarm: row.code, viewer: c.viewer?.key, latencyMs: Date.now() - c.params.t0, sinceCommitMs: Date.now() - row.updatedAt.getTime() }, 'alarm card built for the messenger');
    }
    return card;
  };
  cards.register(ALARM_CARDS.card, alarmCard('alarm.card'));
  cards.register(ALARM_CARDS.escalation, alarmCard('alarm.escalation'));

  cards.register(ALARM_CARDS.notice, async (c) => {
    const row = await loadAlarm(c.q, c.plantId, c.subjectId);
    const event = c.params.event as AlarmNoticeEvent;
    if (!row || !NOTICE_EVENTS.has(event)) return null;
    return presentAlarmNotice(toAlarmView(row, await ctx.plantOf(c.plantId)), event, opts(c));
  });

  cards.register(ALARM_CARDS.digest, async (c) => {
    const d = await digestAlarms(c.q, c.plantId, c.subjectId);
    if (!d.alarms.length || !d.from || !d.to) return null;
    const plant = await ctx.plantOf(c.plantId);
    return presentAlarmDigestCard({ alarms: d.alarms.map((a) => toAlarmView(a, plant)), from: d.from, to: d.to }, opts(c));
  });

  cards.register(ALARM_CARDS.evacuation, async (c) => {
    // A refresh of the alarm/warning subject comes without params: the evacuation card stays as sent.
    const permitId = c.params.permitId;
    if (typeof permitId !== 'string') return null;
    const permit = await loadPermit(c.q, c.plantId, permitId);
    const plant = await ctx.plantOf(c.plantId);
    const area = permit ? plant?.areas.get(permit.areaKey)?.name ?? permit.areaKey : null;
    const unit = permit?.unitKey ? plant?.units.get(permit.unitKey)?.name ?? permit.unitKey : null;
    return presentEvacuationCard(
      {
        cause: c.params.cause === 'weather' ? 'weather' : 'alarm',
        causeText: String(c.params.causeText ?? ''),
        evacuate: c.params.evacuate !== false,
        permitCode: permit?.code ?? null,
        place: [area, unit].filter(Boolean).join(' / ') || null,
        at: typeof c.params.at === 'string' ? new Date(c.params.at) : ctx.deps.now(),
      },
      opts(c),
    );
  });

  cards.register(ALARM_CARDS.sensor, async (c) => {
    const plant = await ctx.plantOf(c.plantId);
    const tag = plant?.tags.get(c.subjectId);
    const areaKey = tag?.areaKey ?? null;
    return presentSensorNotice(
      {
        label: tag?.label ?? c.subjectId, tagId: c.subjectId, areaName: areaKey ? (plant?.areas.get(areaKey)?.name ?? areaKey) : null,
        unitName: tag?.unitKey ? (plant?.units.get(tag.unitKey)?.name ?? tag.unitKey) : null,
        kind: c.params.kind === 'recovered' ? 'recovered' : 'fault',
        reason: c.params.reason === 'not_a_number' ? 'not_a_number' : 'bad_quality',
        at: typeof c.params.at === 'string' ? new Date(c.params.at) : ctx.deps.now(),
      },
      opts(c),
    );
  });

  cards.register(ALARM_CARDS.weather, async (c) => {
    const row = await loadWarning(c.q, c.plantId, c.subjectId);
    return row ? presentWeatherNotice(warningRowView(row), opts(c)) : null;
  });
}
