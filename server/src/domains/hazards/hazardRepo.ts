import type { Queryable, Tx } from '../../platform/db/db';
import { AppError } from '../../platform/errors';
import type { RecurrenceCandidate } from './hazardRecurrence';
import type { HazardState, HazardStatus } from './hazardTypes';
import { reviveHazardState } from './reviveHazardState';

/** SQL of the hazards capability. Every statement names plant_id; state is stored as JSON next to its copies. */

/** Where a hazard came from. */
export type HazardSource = 'chat' | 'api' | 'reinspection';

/** A reported position. */
export interface HazardLocation {
  lat: number;
  lng: number;
  datum: 'WGS-84' | 'GCJ-02' | 'BD-09';
}

/** Regulator-report details of a major hazard (domain.md §3.3: status and cause, severity and difficulty). */
export interface MajorReport {
  cause?: string;
  severity?: string;
  difficulty?: string;
}

/** One hazard row. */
export interface HazardRow {
  id: string;
  plantId: string;
  code: string;
  areaKey: string;
  categoryKey: string;
  equipmentTag: string | null;
  description: string;
  location: HazardLocation | null;
  source: HazardSource;
  state: HazardState;
  recurrenceOf: string | null;
  recurring: boolean;
  reinspectionOf: string | null;
  majorFlagged: boolean;
  majorFlaggedAt: Date | null;
  majorReport: MajorReport | null;
  createdAt: Date;
}

/** What a new row needs besides the state. */
export interface NewHazard {
  plantId: string;
  areaId: string;
  areaKey: string;
  categoryKey: string;
  equipmentTag: string | null;
  description: string;
  location: HazardLocation | null;
  source: HazardSource;
  state: HazardState;
  recurrenceOf: string | null;
  reinspectionOf: string | null;
}

interface Row {
  id: string;
  plant_id: string;
  code: string;
  area_key: string;
  category_key: string;
  equipment_tag: string | null;
  description: string;
  location: HazardLocation | null;
  source: HazardSource;
  state: unknown;
  recurrence_of: string | null;
  recurring: boolean;
  reinspection_of: string | null;
  major_flagged: boolean;
  major_flagged_at: Date | null;
  major_report: MajorReport | null;
  created_at: Date;
}

/** Columns every read selects. */
export const HAZARD_COLUMNS = `id, plant_id, code, area_key, category_key, equipment_tag, description, location, source, state,
  recurrence_of, recurring, reinspection_of, major_flagged, major_flagged_at, major_report, created_at`;

/** Maps a selected row (HAZARD_COLUMNS) to a HazardRow. */
export function toHazardRow(r: Row): HazardRow {
  return {
    id: r.id,
    plantId: r.plant_id,
    code: r.code,
    areaKey: r.area_key,
    categoryKey: r.category_key,
    equipmentTag: r.equipment_tag,
    description: r.description,
    location: r.location,
    source: r.source,
    state: reviveHazardState(r.state),
    recurrenceOf: r.recurrence_of,
    recurring: r.recurring,
    reinspectionOf: r.reinspection_of,
    majorFlagged: r.major_flagged,
    majorFlaggedAt: r.major_flagged_at,
    majorReport: r.major_report,
    createdAt: r.created_at,
  };
}

/** The columns that copy the state, in one place so insert and update cannot drift apart. */
function copies(s: HazardState): unknown[] {
  return [s.status, s.grade, JSON.stringify(s), s.version, s.assigneeId, s.delegateId, s.deadline, s.escalationLevel, s.updatedAt, s.closedAt];
}

/** Inserts a new hazard (status reported, version 1). */
export async function insertHazard(tx: Tx, h: NewHazard): Promise<void> {
  const s = h.state;
  await tx.query(
    `INSERT INTO hazards (id, plant_id, code, area_id, area_key, category_key, equipment_tag, description, location, source,
       reporter_id, recurrence_of, recurring, reinspection_of, created_at,
       status, grade, state, version, assignee_id, delegate_id, deadline, escalation_level, updated_at, closed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
    [
      s.id, h.plantId, s.code, h.areaId, h.areaKey, h.categoryKey, h.equipmentTag, h.description,
      h.location ? JSON.stringify(h.location) : null, h.source, s.reporterId, h.recurrenceOf, h.recurrenceOf !== null,
      h.reinspectionOf, s.createdAt, ...copies(s),
    ],
  );
}

/**
 * Writes the machine's next state with an optimistic check on the version it was decided from.
 * Commands hold the row lock (FOR UPDATE), so a mismatch means a bug or a concurrent writer without it.
 */
export async function saveHazardState(tx: Tx, plantId: string, next: HazardState, fromVersion: number): Promise<void> {
  const r = await tx.query(
    `UPDATE hazards SET status = $3, grade = $4, state = $5, version = $6, assignee_id = $7, delegate_id = $8, deadline = $9,
       escalation_level = $10, updated_at = $11, closed_at = $12
     WHERE plant_id = $1 AND id = $2 AND version = $13`,
    [plantId, next.id, ...copies(next), fromVersion],
  );
  if (r.rowCount !== 1) throw new AppError('conflict', 'The hazard changed at the same time; try again', { hazardId: next.id });
}

/** Loads one hazard; with `forUpdate` the row stays locked until the transaction ends. */
export async function loadHazard(q: Queryable, plantId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<HazardRow | null> {
  const r = await q.query<Row>(`SELECT ${HAZARD_COLUMNS} FROM hazards WHERE plant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`, [plantId, id]);
  return r.rows[0] ? toHazardRow(r.rows[0]) : null;
}

/** Codes of some hazards by id (for links between hazards). */
export async function codesOf(q: Queryable, plantId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const r = await q.query<{ id: string; code: string }>('SELECT id, code FROM hazards WHERE plant_id = $1 AND id = ANY($2::uuid[])', [plantId, ids]);
  return new Map(r.rows.map((x) => [x.id, x.code]));
}

/** Sets or clears the regulator-report flag of a major hazard. */
export async function setMajorFlag(tx: Tx, plantId: string, id: string, flagged: boolean, at: Date): Promise<void> {
  await tx.query(
    `UPDATE hazards SET major_flagged = $3, major_flagged_at = CASE WHEN $3 THEN COALESCE(major_flagged_at, $4) ELSE NULL END WHERE plant_id = $1 AND id = $2`,
    [plantId, id, flagged, at],
  );
}

/** Merges regulator-report details (cause, severity, difficulty). */
export async function mergeMajorReport(tx: Tx, plantId: string, id: string, report: MajorReport): Promise<void> {
  await tx.query(`UPDATE hazards SET major_report = COALESCE(major_report, '{}'::jsonb) || $3::jsonb WHERE plant_id = $1 AND id = $2`, [
    plantId,
    id,
    JSON.stringify(report),
  ]);
}

/** Earlier hazards in the same area and category since `since` (findRecurrence re-checks everything). */
export async function recurrenceCandidates(q: Queryable, plantId: string, areaKey: string, categoryKey: string, since: Date): Promise<RecurrenceCandidate[]> {
  const r = await q.query<{ id: string; area_key: string; category_key: string; equipment_tag: string | null; created_at: Date; status: HazardStatus }>(
    `SELECT id, area_key, category_key, equipment_tag, created_at, status FROM hazards
     WHERE plant_id = $1 AND area_key = $2 AND category_key = $3 AND created_at >= $4 ORDER BY created_at DESC LIMIT 500`,
    [plantId, areaKey, categoryKey, since],
  );
  return r.rows.map((x) => ({ id: x.id, areaKey: x.area_key, categoryKey: x.category_key, equipmentTag: x.equipment_tag, reportedAt: x.created_at, status: x.status }));
}

/** Photo roles. */
export type PhotoRole = 'before' | 'after' | 'reinspection';

/** One photo of a hazard. */
export interface HazardPhoto {
  fileId: string;
  role: PhotoRole;
  position: number;
  addedAt: Date;
}

/** Attaches files to a hazard (already-attached ones are kept once). */
export async function addPhotos(tx: Tx, plantId: string, hazardId: string, role: PhotoRole, fileIds: string[], by: string | null, at: Date): Promise<void> {
  const start = (
    await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM hazard_photos WHERE hazard_id = $1 AND role = $2', [hazardId, role])
  ).rows[0].n;
  for (const [i, fileId] of fileIds.entries()) {
    await tx.query(
      `INSERT INTO hazard_photos (plant_id, hazard_id, file_id, role, position, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING`,
      [plantId, hazardId, fileId, role, start + i + 1, by, at],
    );
  }
}

/** Photos of hazards, by hazard id, in role then upload order. */
export async function photosOf(q: Queryable, plantId: string, hazardIds: string[]): Promise<Map<string, HazardPhoto[]>> {
  const out = new Map<string, HazardPhoto[]>();
  if (hazardIds.length === 0) return out;
  const r = await q.query<{ hazard_id: string; file_id: string; role: PhotoRole; position: number; added_at: Date }>(
    `SELECT hazard_id, file_id, role, position, added_at FROM hazard_photos WHERE plant_id = $1 AND hazard_id = ANY($2::uuid[])
     ORDER BY hazard_id, role, position`,
    [plantId, hazardIds],
  );
  for (const x of r.rows) {
    const list = out.get(x.hazard_id) ?? [];
    list.push({ fileId: x.file_id, role: x.role, position: x.position, addedAt: x.added_at });
    out.set(x.hazard_id, list);
  }
  return out;
}

