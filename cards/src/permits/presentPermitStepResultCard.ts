import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { actionRef, button, Card, card, CardTone, field } from '../model';
import { PermitCardView, permitFields, permitSubtitle } from './permitCardView';
import { statusLabel } from './permitLabels';

/** What happened to the permit (one card per step, to the applicant and others concerned). */
export type PermitStepEvent =
  | 'step_signed' | 'approved' | 'rejected' | 'activated' | 'completed' | 'cancelled' | 'expired' | 'voided' | 'status';

/** Inputs of the step result card. */
export interface PermitStepResultOptions {
  locale: string;
  cardVersion: number;
  event: PermitStepEvent;
  /** Message parameters: {name, mode, step} for step_signed, {reason} for rejected, {cause} for voided. */
  params: Record<string, string>;
}

const TONES: Record<PermitStepEvent, CardTone> = {
  step_signed: 'info', approved: 'success', rejected: 'danger', activated: 'success', completed: 'success',
  cancelled: 'warning', expired: 'warning', voided: 'danger', status: 'info',
};

/**
 * Tells the applicant (and, for completion, the acceptors) how the permit moved on: each signature
 * with the way it was given, the end of the chain, a rejection with its reason, the start of work,
 * completion, or an end (cancelled, expired, voided: a new permit is required). Read-only.
 */
export function presentPermitStepResultCard(v: PermitCardView, o: PermitStepResultOptions): Card {
  const { locale } = o;
  const params = { ...o.params, status: statusLabel(locale, v.status) };
  return card('permit.step_result', t(locale, 'permits.card.step.title', { code: v.code }), {
    locale: locale as Locale,
    subtitle: permitSubtitle(v, locale),
    tone: TONES[o.event],
    fields: permitFields(v, locale, [field(t(locale, 'permits.card.field.status'), statusLabel(locale, v.status))]),
    text: t(locale, `permits.card.event.${o.event}`, params),
    buttons: [button(t(locale, 'permits.card.btn.ack'), actionRef(ACTIONS.permit_ack, 'permit', v.id, o.cardVersion))],
  });
}
