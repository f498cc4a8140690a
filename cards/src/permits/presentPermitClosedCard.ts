import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { Card, card, field, finishCard } from '../model';
import { PermitCardView, permitFields, permitSubtitle } from './permitCardView';

/** Inputs of the closed summary. */
export interface PermitClosedCardOptions {
  locale: string;
  /** 过程合规率, 0–1, with the names of missed nodes. */
  compliance: { rate: number; executed: number; required: number; missed: string[] };
  acceptedBy: string;
  closedAt: string;
  /** The printable form (PDF) of the closed permit. */
  pdfUrl: string;
}

/** The permit is accepted and closed: who accepted, the process compliance rate and what was missed. */
export function presentPermitClosedCard(v: PermitCardView, o: PermitClosedCardOptions): Card {
  const { locale } = o;
  const pct = Math.round(o.compliance.rate * 1000) / 10;
  const lines = [t(locale, 'permits.card.closed.text', { rate: pct, executed: o.compliance.executed, required: o.compliance.required })];
  if (o.compliance.missed.length) lines.push(t(locale, 'permits.card.closed.missed'), ...o.compliance.missed.map((m) => `- ${m}`));
  const c = card('permit.closed', t(locale, 'permits.card.closed.title', { code: v.code }), {
    locale: locale as Locale,
    subtitle: permitSubtitle(v, locale),
    tone: o.compliance.missed.length ? 'warning' : 'success',
    fields: permitFields(v, locale, [
      field(t(locale, 'permits.card.field.accepted_by'), `${o.acceptedBy} ${o.closedAt}`),
      field(t(locale, 'permits.card.field.compliance'), `${pct}%`),
    ]),
    text: lines.join('\n'),
    link: { label: t(locale, 'permits.card.closed.pdf'), url: o.pdfUrl },
  });
  return finishCard(c, t(locale, 'permits.card.status.closed'));
}
