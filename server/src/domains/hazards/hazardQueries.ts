import type { Queryable } from '../../platform/db/db';
import { HAZARD_COLUMNS, HazardRow, toHazardRow } from './hazardRepo';
import { HazardGrade, HazardStatus, OPEN_HAZARD_STATUSES } from './hazardTypes';

/** Read-side queries: the filtered list, ledger and regulator-report ranges. */

/** Filters of the hazard list (all optional, combined with AND). */
export interface HazardFilter {
  status?: HazardStatus[];
  areaKey?: string;
  categoryKey?: string;
  grade?: HazardGrade;
  /** Assignee or delegate. */
  assigneeId?: string;
  reporterId?: string;
  /** true: open and past the deadline; false: not overdue. */
  overdue?: boolean;
  /** Reported at or after. */
  from?: Date;
  /** Reported before. */
  to?: Date;
  majorFlagged?: boolean;
}

/** What the caller may see: everything, or their own hazards and those of their department's areas. */
export type HazardVisibility = { all: true } | { all: false; personId: string; areaKeys: string[] };

/** One page of the list. */
export interface HazardPage {
  items: HazardRow[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Encodes the list position after a row (created_at desc, id desc). */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor; null when malformed. */
export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return { createdAt, id };
}

/** Builds the WHERE clause shared by the list and the exports. */
function where(plantId: string, f: HazardFilter, v: HazardVisibility, now: Date): { sql: string; params: unknown[] } {
  const params: unknown[] = [plantId];
  const parts = ['plant_id = $1'];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    parts.push(clause(`$${params.length}`));
  };
  if (f.status?.length) add((n) => `status = ANY(${n}::text[])`, f.status);
  if (f.areaKey) add((n) => `area_key = ${n}`, f.areaKey);
  if (f.categoryKey) add((n) => `category_key = ${n}`, f.categoryKey);
  if (f.grade) add((n) => `grade = ${n}`, f.grade);
  if (f.assigneeId) add((n) => `(assignee_id = ${n}::uuid OR delegate_id = ${n}::uuid)`, f.assigneeId);
  if (f.reporterId) add((n) => `reporter_id = ${n}::uuid`, f.reporterId);
  if (f.from) add((n) => `created_at >= ${n}`, f.from);
  if (f.to) add((n) => `created_at < ${n}`, f.to);
  if (f.majorFlagged !== undefined) add((n) => `major_flagged = ${n}`, f.majorFlagged);
  if (f.overdue !== undefined) {
    params.push([...OPEN_HAZARD_STATUSES], now);
    const open = `status = ANY($${params.length - 1}::text[]) AND deadline < $${params.length}`;
    parts.push(f.overdue ? `(${open})` : `NOT (${open})`);
  }
  if (!v.all) {
    params.push(v.personId, v.areaKeys);
    const me = `$${params.length - 1}::uuid`;
    parts.push(`(reporter_id = ${me} OR assignee_id = ${me} OR delegate_id = ${me} OR area_key = ANY($${params.length}::text[]))`);
  }
  return { sql: parts.join(' AND '), params };
}

/** A page of hazards, newest first. */
export async function listHazards(
  q: Queryable,
  plantId: string,
  f: HazardFilter,
  v: HazardVisibility,
  page: { limit: number; cursor?: { createdAt: Date; id: string } },
  now: Date,
): Promise<HazardPage> {
  const w = where(plantId, f, v, now);
  const params = [...w.params];
  let sql = `SELECT ${HAZARD_COLUMNS} FROM hazards WHERE ${w.sql}`;
  if (page.cursor) {
    params.push(page.cursor.createdAt, page.cursor.id);
    sql += ` AND (created_at, id) < ($${params.length - 1}, $${params.length}::uuid)`;
  }
  params.push(page.limit + 1);
  sql += ` ORDER BY created_at DESC, id DESC LIMIT $${params.length}`;
  const r = await q.query<Parameters<typeof toHazardRow>[0]>(sql, params);
  const rows = r.rows.map(toHazardRow);
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? encodeCursor(items[items.length - 1]) : null };
}

/** Every hazard matching a filter, oldest first (exports; the caller bounds the range). */
export async function hazardsInRange(q: Queryable, plantId: string, f: HazardFilter, now: Date): Promise<HazardRow[]> {
  const w = where(plantId, f, { all: true }, now);
  const r = await q.query<Parameters<typeof toHazardRow>[0]>(`SELECT ${HAZARD_COLUMNS} FROM hazards WHERE ${w.sql} ORDER BY created_at, code`, w.params);
  return r.rows.map(toHazardRow);
}
