import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { Card, card, field, finishCard, linkButton } from '../model';
import { PermitCardView, permitFields, permitSubtitle } from './permitCardView';
import { statusLabel } from './permitLabels';

/** Inputs of the check-in QR card. */
export interface PermitCheckInCardOptions {
  locale: string;
  /** The QR image (files store id); it encodes the check-in URL with a signed, expiring token. */
  qrFileId: string | null;
  /** The same URL, for a guardian who opens it on the phone instead of scanning. */
  checkInUrl: string | null;
  /** Check-in still possible (permit approved and not yet active). */
  open: boolean;
  /** Confined space under way: the guardian's entry-log page (people and tools in and out, 6.8 c). */
  entryLogUrl?: string | null;
}

/**
 * The permit's check-in QR: the guardian scans it at the site; the check-in counts only inside
 * the area's fence and for a named guardian (hot work also needs the shift leader's check first).
 */
export function presentPermitCheckInCard(v: PermitCardView, o: PermitCheckInCardOptions): Card {
  const { locale } = o;
  const c = card('permit.check_in_qr', t(locale, 'permits.card.checkin.title', { code: v.code }), {
    locale: locale as Locale,
    subtitle: permitSubtitle(v, locale),
    tone: 'info',
    fields: permitFields(v, locale, [field(t(locale, 'permits.card.field.guardian'), v.guardianNames.join('、') || '—')]),
    text: t(locale, 'permits.card.checkin.text', { validTo: v.windowTo }),
    ...(o.qrFileId ? { image: { fileId: o.qrFileId, alt: t(locale, 'permits.card.checkin.qr_alt', { code: v.code }) } } : {}),
  });
  if (o.entryLogUrl) c.link = { label: t(locale, 'permits.card.btn.entry_log'), url: o.entryLogUrl };
  if (!o.open) return finishCard(c, t(locale, 'permits.card.status.now', { status: statusLabel(locale, v.status) }));
  if (o.checkInUrl) c.buttons.push(linkButton(t(locale, 'permits.card.btn.checkin'), o.checkInUrl, 'primary'));
  return c;
}
