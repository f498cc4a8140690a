import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { actionRef, button, Card, card, CardTone, field } from '../model';
import { activeFor, describeAlarm, formatDuration, formatTime, placeOf, withUnit } from './alarmFormat';
import { AlarmView, PresentOptions } from './alarmViews';

/** Extra inputs of the alarm card. */
export interface AlarmCardOptions extends PresentOptions {
  /** The viewer holds alarm.ack: show the acknowledge button while it is needed. */
  canAck: boolean;
  cardVersion: number;
  /** 'alarm.card' for the responsible people, 'alarm.escalation' for the escalation target. */
  kind?: 'alarm.card' | 'alarm.escalation';
}

/** Tone by state: open and severe = danger, cleared = info, closed = success. */
export function alarmTone(a: AlarmView): CardTone {
  if (a.closedAt) return 'success';
  if (a.condition === 'cleared') return 'info';
  return a.severity === 'high' || a.severity === 'critical' ? 'danger' : 'warning';
}

/** One-line state: 报警中 / 已恢复，待确认 / 已确认 / 已关闭. */
export function alarmStateText(a: AlarmView, locale: string): string {
  if (a.closedAt) return t(locale, 'alarms.state.closed');
  if (a.ackedAt) return t(locale, a.condition === 'active' ? 'alarms.state.acked_active' : 'alarms.state.closed');
  return t(locale, a.condition === 'active' ? 'alarms.state.active' : 'alarms.state.cleared_unacked');
}

/**
 * The alarm card for the people responsible for the area (and, as kind 'alarm.escalation', for the
 * escalation target): value, limit, how long, where, the trend chart and the acknowledge button.
 * Once acknowledged the button gives way to a status line, on every platform.
 */
export function presentAlarmCard(a: AlarmView, o: AlarmCardOptions): Card {
  const { locale, timezone, now } = o;
  const kind = o.kind ?? 'alarm.card';
  const severity = t(locale, `alarms.severity.${a.severity}`);
  const titleKey = kind === 'alarm.escalation' ? 'alarms.card.escalation_title' : 'alarms.card.title';
  const fields = [
    field(t(locale, 'alarms.field.value'), withUnit(a.triggerValue, a.uom)),
    field(t(locale, 'alarms.field.limit'), withUnit(a.limitValue, a.uom)),
    field(t(locale, 'alarms.field.duration'), formatDuration(activeFor(a, now), locale)),
    field(t(locale, 'alarms.field.peak'), withUnit(a.peakValue, a.uom)),
    field(t(locale, 'alarms.field.place'), placeOf(a)),
    field(t(locale, 'alarms.field.raised_at'), formatTime(a.raisedAt, timezone)),
    field(t(locale, 'alarms.field.state'), alarmStateText(a, locale)),
  ];
  if (a.heldPermits > 0) fields.push(field(t(locale, 'alarms.field.held_permits'), t(locale, 'alarms.held_permits', { n: a.heldPermits })));
  if (kind === 'alarm.escalation') fields.push(field(t(locale, 'alarms.field.escalation'), t(locale, 'alarms.escalation_level', { level: a.escalationLevel })));
  const text = [describeAlarm(a, locale)];
  if (a.sustainSeconds) text.push(t(locale, 'alarms.card.sustained', { duration: formatDuration(a.sustainSeconds * 1000, locale) }));
  if (!a.ackedAt && !a.closedAt) text.push(t(locale, 'alarms.card.ack_hint'));
  const c = card(kind, t(locale, titleKey, { severity, label: a.label }), {
    locale: locale as Locale,
    subtitle: `${a.code} · ${a.tagId}`,
    tone: alarmTone(a),
    fields,
    text: text.join('\n'),
    image: a.trendFileId ? { fileId: a.trendFileId, alt: t(locale, 'alarms.card.trend_alt', { label: a.label }) } : undefined,
  });
  if (a.ackedAt || a.closedAt) {
    const status = a.ackedAt
      ? t(locale, 'alarms.status.acked', { by: a.ackedBy ?? '—', at: formatTime(a.ackedAt, timezone).slice(5, 16) })
      : t(locale, 'alarms.state.closed');
    return { ...c, status };
  }
  if (o.canAck) c.buttons.push(button(t(locale, 'alarms.button.ack'), actionRef(ACTIONS.alarm_ack, 'alarm', a.id, o.cardVersion), 'primary'));
  return c;
}
