import ExcelJS from 'exceljs';
import { formatPlantTime } from '../../../../cards/src/hazards/hazardCardView';
import { t } from '../../../../cards/src/i18n/catalogue';
import { categoryPath } from './hazardCategories';
import { fieldError } from './hazardRefusals';
import type { HazardPolicy } from './hazardPolicy';
import type { HazardPhoto, HazardRow } from './hazardRepo';
import { OPEN_HAZARD_STATUSES } from './hazardTypes';
import { inclusiveDays, isRealDay, nextDay, plantDayStart } from './plantDays';

/**
 * The hazard ledger (隐患台账, domain.md §3.3 "suggested ledger fields"): one row per hazard reported in a
 * range of plant-local days, as CSV or Excel, with codes, places, grades, people, deadlines, closure
 * times and photo links.
 */

/** Largest export range, in days (a year, leap years included). */
export const MAX_EXPORT_DAYS = 366;

/** A validated export range as instants [start, end). */
export interface ExportRange {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

/** Checks an inclusive plant-local day range; 400 naming the field when it is impossible or too long. */
export function exportRange(from: string, to: string, timezone: string, locale: string): ExportRange {
  if (!isRealDay(from)) throw fieldError(locale, 'query.from', 'hazards.error.range_inverted');
  if (!isRealDay(to)) throw fieldError(locale, 'query.to', 'hazards.error.range_inverted');
  const days = inclusiveDays(from, to);
  if (days < 1) throw fieldError(locale, 'query.to', 'hazards.error.range_inverted');
  if (days > MAX_EXPORT_DAYS) throw fieldError(locale, 'query.to', 'hazards.error.range_too_large', { max: MAX_EXPORT_DAYS });
  return { from, to, start: plantDayStart(from, timezone), end: plantDayStart(nextDay(to), timezone) };
}

/** A table: translated headers and cell values. */
export interface LedgerTable {
  headers: string[];
  rows: Array<Array<string | number | null>>;
}

const COLUMNS = [
  'code', 'reported_at', 'reporter', 'area', 'equipment', 'category', 'description', 'grade', 'status', 'assignee', 'delegate',
  'deadline', 'overdue', 'escalation_level', 'verified_by', 'closed_at', 'reinspection', 'recurrence_of', 'major_flagged',
  'photos_before', 'photos_after',
] as const;

/** Everything the ledger rows need besides the hazards. */
export interface LedgerContext {
  policy: HazardPolicy;
  photos: Map<string, HazardPhoto[]>;
  codes: Map<string, string>;
  /** Link to put in the ledger for a photo (signed: the file leaves the system). */
  photoLink: (fileId: string) => string;
  locale: string;
  now: Date;
}

/** Builds the ledger table. */
export function ledgerTable(rows: HazardRow[], ctx: LedgerContext): LedgerTable {
  const { policy, locale: L } = ctx;
  const tz = policy.timezone;
  const name = (id: string | null) => (id ? (policy.people.find((p) => p.id === id)?.name ?? id) : '');
  const when = (d: Date | null) => (d ? formatPlantTime(d, tz) : '');
  const links = (h: HazardRow, role: HazardPhoto['role']) =>
    (ctx.photos.get(h.id) ?? []).filter((p) => p.role === role).map((p) => ctx.photoLink(p.fileId)).join('\n');
  const yes = (b: boolean) => t(L, b ? 'hazards.ledger.yes' : 'hazards.ledger.no');
  return {
    headers: COLUMNS.map((c) => t(L, `hazards.ledger.col.${c}`)),
    rows: rows.map((h) => {
      const s = h.state;
      const overdue = OPEN_HAZARD_STATUSES.includes(s.status) ? s.deadline < ctx.now : !!s.closedAt && s.closedAt > s.deadline;
      return [
        h.code,
        when(s.createdAt),
        name(s.reporterId),
        policy.areas.find((a) => a.key === h.areaKey)?.name ?? h.areaKey,
        h.equipmentTag ?? '',
        categoryPath(h.categoryKey, policy.categories).map((c) => c.name).join('/'),
        h.description,
        t(L, `hazards.grade.${s.grade}`),
        t(L, `hazards.status.${s.status}`),
        name(s.assigneeId),
        name(s.delegateId),
        when(s.deadline),
        yes(overdue),
        s.escalationLevel,
        name(s.verifiedById),
        when(s.closedAt),
        s.reinspection.outcome ? t(L, `hazards.reinspection.${s.reinspection.outcome}`) : '',
        h.recurrenceOf ? (ctx.codes.get(h.recurrenceOf) ?? h.recurrenceOf) : '',
        yes(h.majorFlagged),
        links(h, 'before'),
        links(h, 'after'),
      ];
    }),
  };
}

/** The table as an .xlsx workbook (one sheet, bold frozen header, wrapped photo links). */
export async function toXlsx(table: LedgerTable, sheetName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Anquan';
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(table.headers).font = { bold: true };
  for (const r of table.rows) ws.addRow(r);
  ws.columns.forEach((col, i) => {
    const longest = Math.max(...table.rows.map((r) => String(r[i] ?? '').split('\n')[0].length), table.headers[i].length);
    col.width = Math.min(60, Math.max(8, longest * 1.6));
    col.alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
