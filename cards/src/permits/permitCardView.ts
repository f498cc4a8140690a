import { t } from '../i18n/catalogue';
import { CardField, field } from '../model';
import { levelLabel } from './permitLabels';

/** What permit cards show of a permit; built by the server's card builders from current data. */
export interface PermitCardView {
  id: string;
  code: string;
  type: string;
  level: string;
  status: string;
  areaName: string;
  site: string;
  /** Plant-local 'YYYY-MM-DD HH:mm'. */
  windowFrom: string;
  windowTo: string;
  content: string;
  applicantName: string;
  guardianNames: string[];
  performerNames: string[];
}

/** The rows every permit card starts with: level, place, window, content. */
export function permitFields(v: PermitCardView, locale: string, extra: CardField[] = []): CardField[] {
  const sameDay = v.windowFrom.slice(0, 10) === v.windowTo.slice(0, 10);
  return [
    field(t(locale, 'permits.card.field.level'), levelLabel(locale, v.type, v.level)),
    field(t(locale, 'permits.card.field.place'), `${v.areaName} · ${v.site}`),
    field(t(locale, 'permits.card.field.window'), `${v.windowFrom} – ${sameDay ? v.windowTo.slice(11) : v.windowTo}`),
    field(t(locale, 'permits.card.field.content'), v.content),
    ...extra,
  ];
}

/** Card subtitle: the permit code and its type. */
export function permitSubtitle(v: PermitCardView, locale: string): string {
  return `${v.code} · ${t(locale, `permits.type.${v.type}`)}`;
}
