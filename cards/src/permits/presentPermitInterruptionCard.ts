import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { actionRef, button, Card, card, field } from '../model';
import { PermitCardView, permitFields, permitSubtitle } from './permitCardView';

/** Inputs of the interruption / resume card. */
export interface PermitInterruptionCardOptions {
  locale: string;
  cardVersion: number;
  event: 'interrupted' | 'resumed' | 'gas_alert';
  reason?: string;
  /** Re-test limit of the permit in minutes, when a gas re-test applies. */
  retestAfterMin?: number | null;
  /** Localised gas failures (gas_alert). */
  failures?: string[];
}

/** Work interrupted (with the re-test rule to resume), resumed, or stopped by a failing gas analysis. */
export function presentPermitInterruptionCard(v: PermitCardView, o: PermitInterruptionCardOptions): Card {
  const { locale } = o;
  const lines = [t(locale, `permits.card.interruption.${o.event}`, { reason: o.reason ?? '' })];
  if (o.event !== 'resumed' && o.retestAfterMin) lines.push(t(locale, 'permits.card.interruption.retest', { minutes: o.retestAfterMin }));
  if (o.failures?.length) lines.push(...o.failures.map((f) => `- ${f}`));
  const extra = o.reason ? [field(t(locale, 'permits.card.field.reason'), o.reason)] : [];
  return card('permit.interruption', t(locale, `permits.card.interruption.title_${o.event}`, { code: v.code }), {
    locale: locale as Locale,
    subtitle: permitSubtitle(v, locale),
    tone: o.event === 'resumed' ? 'success' : 'danger',
    fields: permitFields(v, locale, extra),
    text: lines.join('\n'),
    buttons: [button(t(locale, 'permits.card.btn.ack'), actionRef(ACTIONS.permit_ack, 'permit', v.id, o.cardVersion))],
  });
}
