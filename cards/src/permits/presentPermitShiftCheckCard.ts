import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { actionRef, button, Card, card, finishCard } from '../model';
import { PermitCardView, permitFields, permitSubtitle } from './permitCardView';

/** Inputs of the shift-check card. */
export interface PermitShiftCheckCardOptions {
  locale: string;
  cardVersion: number;
  /** Set once the permit was checked: who and when (plant-local minute). */
  done: { name: string; at: string } | null;
  /** The permit can still be checked (approved, not yet checked). */
  open: boolean;
}

/** Asks the shift leaders to check the hot-work permit on site before ignition (Form A.1 岗位当班班长验票). */
export function presentPermitShiftCheckCard(v: PermitCardView, o: PermitShiftCheckCardOptions): Card {
  const { locale } = o;
  const c = card('permit.shift_check', t(locale, 'permits.card.shift.title', { code: v.code }), {
    locale: locale as Locale,
    subtitle: permitSubtitle(v, locale),
    tone: 'warning',
    fields: permitFields(v, locale),
    text: t(locale, 'permits.card.shift.text'),
  });
  if (o.done) return finishCard(c, t(locale, 'permits.card.status.shift_checked', o.done));
  if (!o.open) return finishCard(c, t(locale, 'permits.card.status.closed'));
  c.buttons.push(button(t(locale, 'permits.card.btn.shift_check'), actionRef(ACTIONS.permit_shift_check, 'permit', v.id, o.cardVersion), 'primary'));
  return c;
}
