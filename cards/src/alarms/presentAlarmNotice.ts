import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { Notice, notice } from '../model';
import { activeFor, describeAlarm, formatDuration, formatTime, placeOf, withUnit } from './alarmFormat';
import { AlarmView, PresentOptions } from './alarmViews';

/** Which lifecycle moment a group notice reports. */
export type AlarmNoticeEvent = 'raised' | 'reactivated' | 'cleared' | 'closed';

/**
 * The group notice of an alarm: read-only, for the area's chat group. Acting on it happens on the
 * cards sent to named people.
 */
export function presentAlarmNotice(a: AlarmView, event: AlarmNoticeEvent, o: PresentOptions): Notice {
  const { locale, timezone, now } = o;
  const severity = t(locale, `alarms.severity.${a.severity}`);
  const lines = [
    `**${describeAlarm(a, locale, event === 'cleared' || event === 'closed' ? a.peakValue : a.triggerValue)}**`,
    `- ${t(locale, 'alarms.field.place')}：${placeOf(a)}`,
    `- ${t(locale, 'alarms.field.raised_at')}：${formatTime(a.raisedAt, timezone)}`,
    `- ${t(locale, 'alarms.field.limit')}：${withUnit(a.limitValue, a.uom)}`,
  ];
  if (event === 'cleared' || event === 'closed') lines.push(`- ${t(locale, 'alarms.field.duration')}：${formatDuration(activeFor(a, now), locale)}`);
  if (a.heldPermits > 0 && (event === 'raised' || event === 'reactivated')) lines.push(`- ${t(locale, 'alarms.notice.held', { n: a.heldPermits })}`);
  return notice(t(locale, `alarms.notice.${event}`, { severity, label: a.label, code: a.code }), lines.join('\n'), {
    kind: 'alarm.notice',
    locale: locale as Locale,
    image: a.trendFileId && event !== 'closed' ? { fileId: a.trendFileId, alt: t(locale, 'alarms.card.trend_alt', { label: a.label }) } : undefined,
  });
}

/** A sensor went bad (bad quality, non-numeric) or came back: its values do not count meanwhile. */
export function presentSensorNotice(
  s: { label: string; tagId: string; areaName: string | null; unitName: string | null; kind: 'fault' | 'recovered'; reason?: 'bad_quality' | 'not_a_number'; at: Date },
  o: PresentOptions,
): Notice {
  const body =
    s.kind === 'fault'
      ? t(o.locale, `alarms.event.sensor_fault.${s.reason ?? 'bad_quality'}`, { label: s.label })
      : t(o.locale, 'alarms.event.sensor_recovered', { label: s.label });
  const lines = [body, `- ${t(o.locale, 'alarms.field.place')}：${placeOf(s)}`, `- ${t(o.locale, 'alarms.field.tag')}：${s.tagId}`, `- ${formatTime(s.at, o.timezone)}`];
  return notice(t(o.locale, s.kind === 'fault' ? 'alarms.notice.sensor_fault' : 'alarms.notice.sensor_recovered', { label: s.label }), lines.join('\n'), {
    kind: 'alarm.sensor',
    locale: o.locale as Locale,
  });
}
