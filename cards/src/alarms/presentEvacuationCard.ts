import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { Card, card, field } from '../model';
import { formatTime } from './alarmFormat';
import { EvacuationView, PresentOptions } from './alarmViews';

/**
 * For the crew of a permit that was just held: stop work (and, when the cause calls for it,
 * withdraw to a safe place now). Nothing to click: the permit's own card carries the hold.
 */
export function presentEvacuationCard(e: EvacuationView, o: PresentOptions): Card {
  const fields = [field(t(o.locale, 'alarms.field.cause'), e.causeText)];
  if (e.permitCode) fields.push(field(t(o.locale, 'alarms.field.permit'), e.permitCode));
  if (e.place) fields.push(field(t(o.locale, 'alarms.field.place'), e.place));
  fields.push(field(t(o.locale, 'alarms.field.time'), formatTime(e.at, o.timezone)));
  return card('alarm.evacuation', t(o.locale, e.evacuate ? 'alarms.evacuation.title' : 'alarms.evacuation.stop_title'), {
    locale: o.locale as Locale,
    tone: 'danger',
    fields,
    text: t(o.locale, e.evacuate ? 'alarms.evacuation.text' : 'alarms.evacuation.stop_text'),
  });
}
