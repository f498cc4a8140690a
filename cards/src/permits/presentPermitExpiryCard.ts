import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { actionRef, button, Card, card } from '../model';
import { PermitCardView, permitFields, permitSubtitle } from './permitCardView';

/** Inputs of the expiry reminder. */
export interface PermitExpiryCardOptions {
  locale: string;
  cardVersion: number;
  minutesLeft: number;
}

/** Reminds the holder and guardians before the window ends: finish and close, or apply again (4.16). */
export function presentPermitExpiryCard(v: PermitCardView, o: PermitExpiryCardOptions): Card {
  const { locale } = o;
  return card('permit.expiry_reminder', t(locale, 'permits.card.expiry.title', { code: v.code }), {
    locale: locale as Locale,
    subtitle: permitSubtitle(v, locale),
    tone: 'warning',
    fields: permitFields(v, locale),
    text: t(locale, 'permits.card.expiry.text', { validTo: v.windowTo, minutes: Math.max(0, Math.round(o.minutesLeft)) }),
    buttons: [button(t(locale, 'permits.card.btn.ack'), actionRef(ACTIONS.permit_ack, 'permit', v.id, o.cardVersion))],
  });
}
