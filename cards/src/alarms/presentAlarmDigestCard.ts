import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { Card, card, field } from '../model';
import { formatClock, withUnit } from './alarmFormat';
import { AlarmView, PresentOptions } from './alarmViews';

/** At most this many alarms are listed; the rest are counted. */
const LISTED = 8;

/**
 * One card instead of fifty during an alarm storm: the alarms raised for this person in the window,
 * most severe first. Each alarm keeps its own card in the alarm list for acknowledgement.
 */
export function presentAlarmDigestCard(d: { alarms: AlarmView[]; from: Date; to: Date }, o: PresentOptions): Card {
  const rank = { critical: 0, high: 1, medium: 2, low: 3 } as const;
  const sorted = [...d.alarms].sort((a, b) => rank[a.severity] - rank[b.severity] || a.raisedAt.getTime() - b.raisedAt.getTime());
  const fields = sorted.slice(0, LISTED).map((a) =>
    field(`${t(o.locale, `alarms.severity.${a.severity}`)} ${a.label}`, `${withUnit(a.triggerValue, a.uom)} · ${formatClock(a.raisedAt, o.timezone)}${a.ackedAt ? ` · ${t(o.locale, 'alarms.state.acked_short')}` : ''}`),
  );
  const more = sorted.length - fields.length;
  const text = [t(o.locale, 'alarms.digest.text', { n: sorted.length, from: formatClock(d.from, o.timezone), to: formatClock(d.to, o.timezone) })];
  if (more > 0) text.push(t(o.locale, 'alarms.digest.more', { n: more }));
  text.push(t(o.locale, 'alarms.digest.hint'));
  const worst = sorted[0]?.severity;
  return card('alarm.digest', t(o.locale, 'alarms.digest.title', { n: sorted.length }), {
    locale: o.locale as Locale,
    tone: worst === 'critical' || worst === 'high' ? 'danger' : 'warning',
    fields,
    text: text.join('\n'),
  });
}
