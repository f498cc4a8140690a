import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { actionRef, button, Card, card, field } from '../model';
import { PermitCardView, permitFields, permitSubtitle } from './permitCardView';

/** Inputs of the suspension notice. */
export interface PermitSuspensionCardOptions {
  locale: string;
  cardVersion: number;
  /** 'placed': a hold suspended the permit; 'cleared': every hold is gone, re-check then resume. */
  event: 'placed' | 'cleared';
  reason?: string;
  /** person | alarm | weather. */
  source?: string;
  /** Holds still on the permit. */
  holdsLeft: number;
  /** The permit needs a fresh gas test before resuming. */
  gasRetest: boolean;
}

/** A hold (a person, a DCS alarm, a weather warning) suspended the work; or every hold is released. */
export function presentPermitSuspensionCard(v: PermitCardView, o: PermitSuspensionCardOptions): Card {
  const { locale } = o;
  const placed = o.event === 'placed';
  const extra = placed && o.reason
    ? [field(t(locale, 'permits.card.field.reason'), o.reason), field(t(locale, 'permits.card.field.source'), t(locale, `permits.source.${o.source ?? 'person'}`))]
    : [];
  if (o.holdsLeft > 0) extra.push(field(t(locale, 'permits.card.field.holds'), String(o.holdsLeft)));
  const text = placed
    ? t(locale, 'permits.card.suspension.text')
    : t(locale, o.gasRetest ? 'permits.card.suspension.cleared_gas' : 'permits.card.suspension.cleared');
  return card('permit.suspension', t(locale, placed ? 'permits.card.suspension.title' : 'permits.card.suspension.title_cleared', { code: v.code }), {
    locale: locale as Locale,
    subtitle: permitSubtitle(v, locale),
    tone: placed ? 'danger' : 'info',
    fields: permitFields(v, locale, extra),
    text,
    buttons: [button(t(locale, 'permits.card.btn.ack'), actionRef(ACTIONS.permit_ack, 'permit', v.id, o.cardVersion))],
  });
}
