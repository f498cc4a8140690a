import type { Queryable, Tx } from '../../platform/db/db';
import type { PermitSummary } from './conflictRules';
import type { ConfinedSpaceHistoryItem } from './fatigueRule';
import type { PermitRow, StoredApplication } from './permitRecord';
import type { PermitState, PermitStatus } from './permitState';

/** SQL of the permits table. Every statement names plant_id; the columns copy the state in the same write. */

interface Row {
  id: string;
  plant_id: string;
  code: string;
  type: string;
  level: string;
  status: string;
  area_key: string;
  unit_key: string | null;
  outdoor: boolean;
  valid_from: Date;
  valid_to: Date;
  applicant_id: string;
  guardian_ids: string[];
  performer_ids: string[];
  parent_permit_id: string | null;
  blind_plate: PermitRow['blindPlate'];
  state: PermitState;
  application: StoredApplication;
  warnings: PermitRow['warnings'];
  qr_file_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, plant_id, code, type, level, status, area_key, unit_key, outdoor, valid_from, valid_to, applicant_id,
  guardian_ids, performer_ids, parent_permit_id, blind_plate, state, application, warnings, qr_file_id, version, created_at, updated_at`;

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

function fromRow(r: Row): PermitRow {
  return {
    id: r.id, plantId: r.plant_id, code: r.code, type: r.type as PermitRow['type'], level: r.level as PermitRow['level'],
    status: r.status as PermitStatus, areaKey: r.area_key, unitKey: r.unit_key, outdoor: r.outdoor,
    validFrom: asDate(r.valid_from), validTo: asDate(r.valid_to), applicantId: r.applicant_id,
    guardianIds: r.guardian_ids, performerIds: r.performer_ids, parentPermitId: r.parent_permit_id, blindPlate: r.blind_plate,
    state: r.state, application: r.application, warnings: r.warnings ?? [], qrFileId: r.qr_file_id, version: r.version,
    createdAt: asDate(r.created_at), updatedAt: asDate(r.updated_at),
  };
}

/** Inserts a new permit (a draft). */
export async function insertPermit(tx: Tx, p: PermitRow): Promise<void> {
  await tx.query(
    `INSERT INTO permits (${COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23)`,
    [p.id, p.plantId, p.code, p.type, p.level, p.status, p.areaKey, p.unitKey, p.outdoor, p.validFrom, p.validTo, p.applicantId,
      p.guardianIds, p.performerIds, p.parentPermitId, p.blindPlate ? JSON.stringify(p.blindPlate) : null, JSON.stringify(p.state),
      JSON.stringify(p.application), JSON.stringify(p.warnings), p.qrFileId, p.version, p.createdAt, p.updatedAt],
  );
}

/** One permit of a plant; with `forUpdate` (inside a command) the row is locked until commit. */
export async function loadPermit(q: Queryable, plantId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<PermitRow | null> {
  const r = await q.query<Row>(`SELECT ${COLUMNS} FROM permits WHERE plant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`, [plantId, id]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/** Looks a permit up by its readable code. */
export async function permitIdByCode(q: Queryable, plantId: string, code: string): Promise<string | null> {
  const r = await q.query<{ id: string }>('SELECT id FROM permits WHERE plant_id = $1 AND code = $2', [plantId, code]);
  return r.rows[0]?.id ?? null;
}

/** Writes the state back with its column copies and bumps the version. */
export async function savePermit(tx: Tx, p: PermitRow, now: Date): Promise<PermitRow> {
  const next = { ...p, status: p.state.status, version: p.version + 1, updatedAt: now };
  await tx.query(
    `UPDATE permits SET status = $3, state = $4, warnings = $5, qr_file_id = $6, version = $7, updated_at = $8
     WHERE plant_id = $1 AND id = $2`,
    [p.plantId, p.id, next.status, JSON.stringify(next.state), JSON.stringify(next.warnings), next.qrFileId, next.version, now],
  );
  return next;
}

/** Filters of the permit list. */
export interface PermitListFilter {
  status?: string[];
  type?: string;
  areaKey?: string;
  personId?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

/** Permits of a plant, newest first. `personId` keeps those where the person applies, guards or works. */
export async function listPermits(q: Queryable, plantId: string, f: PermitListFilter): Promise<PermitRow[]> {
  const where = ['plant_id = $1'];
  const params: unknown[] = [plantId];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.status?.length) add('status = ANY(?)', f.status);
  if (f.type) add('type = ?', f.type);
  if (f.areaKey) add('area_key = ?', f.areaKey);
  if (f.personId) {
    params.push(f.personId);
    const n = `$${params.length}`;
    where.push(`(applicant_id::text = ${n} OR guardian_ids @> ARRAY[${n}]::text[] OR performer_ids @> ARRAY[${n}]::text[])`);
  }
  if (f.from) add('valid_to >= ?', f.from);
  if (f.to) add('valid_from < ?', f.to);
  params.push(f.limit);
  const r = await q.query<Row>(`SELECT ${COLUMNS} FROM permits WHERE ${where.join(' AND ')} ORDER BY created_at DESC LIMIT $${params.length}`, params);
  return r.rows.map(fromRow);
}

function toSummary(r: Row): PermitSummary {
  return {
    id: r.id, type: r.type as PermitSummary['type'], status: r.status as PermitStatus, areaId: r.area_key,
    from: asDate(r.valid_from), to: asDate(r.valid_to), blindPlate: r.blind_plate ?? undefined, parentPermitId: r.parent_permit_id,
  };
}

const LIVE = ['submitted', 'approving', 'approved', 'active', 'interrupted', 'suspended'];

/** Live permits of a plant as conflict checks see them (area ids are area keys here). */
export async function liveSummaries(q: Queryable, plantId: string): Promise<PermitSummary[]> {
  const r = await q.query<Row>(`SELECT ${COLUMNS} FROM permits WHERE plant_id = $1 AND status = ANY($2)`, [plantId, LIVE]);
  return r.rows.map(toSummary);
}

/** Summaries of the named permits (related permits, the TMP parent). */
export async function summariesByIds(q: Queryable, plantId: string, ids: string[]): Promise<PermitSummary[]> {
  if (ids.length === 0) return [];
  const r = await q.query<Row>(`SELECT ${COLUMNS} FROM permits WHERE plant_id = $1 AND id::text = ANY($2)`, [plantId, ids]);
  return r.rows.map(toSummary);
}

/** Confined-space permits (and excavations under confined-space rules) the people worked on in a window. */
export async function confinedSpaceHistory(q: Queryable, plantId: string, personIds: string[], from: Date, to: Date): Promise<ConfinedSpaceHistoryItem[]> {
  if (personIds.length === 0) return [];
  const r = await q.query<{ id: string; performer_ids: string[]; valid_from: Date }>(
    `SELECT id, performer_ids, valid_from FROM permits
     WHERE plant_id = $1 AND performer_ids && $2::text[] AND valid_from >= $3 AND valid_from < $4
       AND status NOT IN ('draft', 'rejected', 'cancelled')
       AND (type = 'CSE' OR (state->'rules'->>'confinedSpaceRules')::boolean)`,
    [plantId, personIds, from, to],
  );
  return r.rows.map((x) => ({ permitId: x.id, personIds: x.performer_ids, from: asDate(x.valid_from).toISOString() }));
}

/** Scope of a hold or restriction. */
export interface PermitScope {
  areaKeys?: string[];
  unitKeys?: string[];
  types?: string[];
  outdoorOnly?: boolean;
}

/** Ids of permits in `statuses` that fall in a scope (empty scope = the whole plant), locked for the caller. */
export async function permitIdsInScope(tx: Tx, plantId: string, scope: PermitScope | { permitIds: string[] }, statuses: string[]): Promise<string[]> {
  const where = ['plant_id = $1', 'status = ANY($2)'];
  const params: unknown[] = [plantId, statuses];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if ('permitIds' in scope) add('id::text = ANY(?)', scope.permitIds);
  else {
    if (scope.areaKeys?.length) add('area_key = ANY(?)', scope.areaKeys);
    if (scope.unitKeys?.length) add('unit_key = ANY(?)', scope.unitKeys);
    if (scope.types?.length) add('type = ANY(?)', scope.types);
    if (scope.outdoorOnly) where.push('outdoor');
  }
  const r = await tx.query<{ id: string }>(`SELECT id FROM permits WHERE ${where.join(' AND ')} ORDER BY created_at FOR UPDATE`, params);
  return r.rows.map((x) => x.id);
}

/** Live temporary-power permits hanging on a parent (they end with it, 10.8). */
export async function dependentPermitIds(tx: Tx, plantId: string, parentId: string): Promise<string[]> {
  const r = await tx.query<{ id: string }>(
    `SELECT id FROM permits WHERE plant_id = $1 AND parent_permit_id = $2 AND status = ANY($3) ORDER BY created_at`,
    [plantId, parentId, ['draft', ...LIVE]],
  );
  return r.rows.map((x) => x.id);
}

/** Permits whose window started in [from, to), for compliance reports (drafts never count). */
export async function permitsForReport(q: Queryable, plantId: string, from: Date, to: Date, filter: { areaKey?: string; type?: string }): Promise<PermitRow[]> {
  const params: unknown[] = [plantId, from, to];
  let extra = '';
  if (filter.areaKey) {
    params.push(filter.areaKey);
    extra += ` AND area_key = $${params.length}`;
  }
  if (filter.type) {
    params.push(filter.type);
    extra += ` AND type = $${params.length}`;
  }
  const r = await q.query<Row>(
    `SELECT ${COLUMNS} FROM permits WHERE plant_id = $1 AND valid_from >= $2 AND valid_from < $3 AND status <> 'draft'${extra} ORDER BY valid_from`,
    params,
  );
  return r.rows.map(fromRow);
}
