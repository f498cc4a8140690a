import { t } from '../i18n/catalogue';
import type { Locale } from '../i18n/messageTypes';
import { CardField, CardImage, field } from '../model';

/**
 * What the hazard presenters know about a hazard: plain, already-resolved data (names, not ids),
 * built by the server's card builders from current rows. Presenters add layout and text only.
 */
export interface HazardCardView {
  id: string;
  code: string;
  /** Lifecycle status code (reported, assigned, rectifying, awaiting_verification, closed, reinspected, rejected). */
  status: string;
  grade: 'general' | 'major';
  description: string;
  areaName: string;
  /** Category names root → leaf. */
  categoryPath: string[];
  equipmentTag: string | null;
  reporterName: string;
  assigneeName: string | null;
  delegateName: string | null;
  reportedAt: Date;
  deadline: Date;
  closedAt: Date | null;
  escalationLevel: number;
  /** Latest return/reject/reassign reason. */
  lastReason: string | null;
  returnedCount: number;
  /** First photo of the report, and of the latest rectification. */
  beforePhotoId: string | null;
  afterPhotoId: string | null;
  /** Code of the earlier hazard this one repeats (same area and category within the window). */
  recurrenceOfCode: string | null;
  /** Code of the hazard whose reinspection opened this one. */
  reinspectionOfCode: string | null;
  /** 五落实 elements still missing (element codes); empty for general hazards. */
  majorElementsMissing: string[];
  verifiedByName: string | null;
  reinspectionOutcome: 'ok' | 'recurred' | null;
}

/** Locale, plant time zone, the version for action refs and the current time (for "overdue"). */
export interface HazardCardEnv {
  locale: Locale;
  timezone: string;
  cardVersion: number;
  now: Date;
}

/** 'YYYY-MM-DD HH:mm' in the plant's time zone. */
export function formatPlantTime(d: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** True while open and past the deadline. */
export function isOverdue(v: HazardCardView, now: Date): boolean {
  const open = ['reported', 'assigned', 'rectifying', 'awaiting_verification'].includes(v.status);
  return open && v.deadline.getTime() < now.getTime();
}

/** The status label, e.g. '整改中' or '已销号 · 2026-11-24 10:32'. */
export function statusLine(v: HazardCardView, env: HazardCardEnv): string {
  const label = t(env.locale, `hazards.status.${v.status}`);
  if ((v.status === 'closed' || v.status === 'reinspected') && v.closedAt) return `${label} · ${formatPlantTime(v.closedAt, env.timezone)}`;
  return label;
}

/** The usual rows: grade, area, category, tag, people, deadline. */
export function hazardFields(v: HazardCardView, env: HazardCardEnv, opts: { people?: boolean } = {}): CardField[] {
  const L = env.locale;
  const rows = [
    field(t(L, 'hazards.card.field.grade'), t(L, `hazards.grade.${v.grade}`)),
    field(t(L, 'hazards.card.field.area'), v.areaName),
    field(t(L, 'hazards.card.field.category'), v.categoryPath[v.categoryPath.length - 1] ?? '-'),
  ];
  if (v.equipmentTag) rows.push(field(t(L, 'hazards.card.field.equipment'), v.equipmentTag));
  if (opts.people !== false) {
    rows.push(field(t(L, 'hazards.card.field.reporter'), v.reporterName));
    if (v.assigneeName) rows.push(field(t(L, 'hazards.card.field.assignee'), v.delegateName ? `${v.assigneeName} → ${v.delegateName}` : v.assigneeName));
  }
  const overdue = isOverdue(v, env.now) ? ` (${t(L, 'hazards.card.overdue')})` : '';
  rows.push(field(t(L, 'hazards.card.field.deadline'), `${formatPlantTime(v.deadline, env.timezone)}${overdue}`));
  if (v.recurrenceOfCode) rows.push(field(t(L, 'hazards.card.field.recurrence_of'), v.recurrenceOfCode));
  return rows;
}

/** The report photo, when there is one. */
export function beforeImage(v: HazardCardView, locale: Locale): CardImage | undefined {
  return v.beforePhotoId ? { fileId: v.beforePhotoId, alt: t(locale, 'hazards.card.photo_before') } : undefined;
}

/** The rectification photo, when there is one. */
export function afterImage(v: HazardCardView, locale: Locale): CardImage | undefined {
  return v.afterPhotoId ? { fileId: v.afterPhotoId, alt: t(locale, 'hazards.card.photo_after') } : undefined;
}

/** '隐患 YH-…：description' cut for titles (renderers cut further per platform). */
export function titleWith(locale: Locale, key: string, v: HazardCardView): string {
  const title = t(locale, key, { code: v.code });
  return title.length > 64 ? `${title.slice(0, 63)}…` : title;
}
