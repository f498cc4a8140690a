import { randomUUID } from 'node:crypto';
import type { Queryable, Tx } from '../../platform/db/db';
import type { GasReading } from './gasRules';
import type { GeoPoint } from './permitGeofence';
import type { RuleIssue } from './permitModel';

/** SQL of the per-permit records: signatures, gas analyses, check-ins (the rows the PDF and record print). */

/** One signature as stored. */
export interface ApprovalRow {
  step: number;
  stepId: string;
  role: string;
  personId: string;
  mode: 'onsite' | 'remote';
  location: GeoPoint | null;
  distanceM: number | null;
  comment: string | null;
  signedAt: Date;
}

/** One gas analysis as stored. */
export interface GasTestRow {
  testId: string;
  takenAt: Date;
  analystId: string;
  samplePoint: string | null;
  readings: GasReading[];
  passed: boolean;
  failures: RuleIssue[];
  recordedBy: string | null;
  recordedAt: Date;
}

/** One guardian check-in as stored. */
export interface CheckinRow {
  personId: string;
  location: GeoPoint;
  distanceM: number;
  monitoringOn: boolean;
  videoOn: boolean;
  photoFileIds: string[];
  checkedInAt: Date;
}

const d = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** Records a signature. */
export async function insertApproval(tx: Tx, plantId: string, permitId: string, a: ApprovalRow): Promise<void> {
  await tx.query(
    `INSERT INTO permit_approvals (id, plant_id, permit_id, step, step_id, role, person_id, mode, location, distance_m, comment, signed_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [randomUUID(), plantId, permitId, a.step, a.stepId, a.role, a.personId, a.mode, a.location ? JSON.stringify(a.location) : null, a.distanceM, a.comment, a.signedAt],
  );
}

/** Signatures of a permit in chain order. */
export async function listApprovals(q: Queryable, plantId: string, permitId: string): Promise<ApprovalRow[]> {
  const r = await q.query<{ step: number; step_id: string; role: string; person_id: string; mode: 'onsite' | 'remote'; location: GeoPoint | null; distance_m: string | null; comment: string | null; signed_at: Date }>(
    'SELECT step, step_id, role, person_id, mode, location, distance_m, comment, signed_at FROM permit_approvals WHERE plant_id = $1 AND permit_id = $2 ORDER BY signed_at, step',
    [plantId, permitId],
  );
  return r.rows.map((x) => ({
    step: x.step, stepId: x.step_id, role: x.role, personId: x.person_id, mode: x.mode, location: x.location,
    distanceM: x.distance_m === null ? null : Number(x.distance_m), comment: x.comment, signedAt: d(x.signed_at),
  }));
}

/** Records a gas analysis (failing ones too). */
export async function insertGasTest(tx: Tx, plantId: string, permitId: string, g: GasTestRow): Promise<void> {
  await tx.query(
    `INSERT INTO permit_gas_tests (id, plant_id, permit_id, test_id, taken_at, analyst_id, sample_point, readings, passed, failures, recorded_by, recorded_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [randomUUID(), plantId, permitId, g.testId, g.takenAt, g.analystId, g.samplePoint, JSON.stringify(g.readings), g.passed, JSON.stringify(g.failures), g.recordedBy, g.recordedAt],
  );
}

/** Gas analyses of a permit by sampling time. */
export async function listGasTests(q: Queryable, plantId: string, permitId: string): Promise<GasTestRow[]> {
  const r = await q.query<{ test_id: string; taken_at: Date; analyst_id: string; sample_point: string | null; readings: GasReading[]; passed: boolean; failures: RuleIssue[]; recorded_by: string | null; recorded_at: Date }>(
    'SELECT test_id, taken_at, analyst_id, sample_point, readings, passed, failures, recorded_by, recorded_at FROM permit_gas_tests WHERE plant_id = $1 AND permit_id = $2 ORDER BY taken_at',
    [plantId, permitId],
  );
  return r.rows.map((x) => ({
    testId: x.test_id, takenAt: d(x.taken_at), analystId: x.analyst_id, samplePoint: x.sample_point, readings: x.readings,
    passed: x.passed, failures: x.failures, recordedBy: x.recorded_by, recordedAt: d(x.recorded_at),
  }));
}

/** Records a check-in with the position it was made from. */
export async function insertCheckin(tx: Tx, plantId: string, permitId: string, c: CheckinRow): Promise<void> {
  await tx.query(
    `INSERT INTO permit_checkins (id, plant_id, permit_id, person_id, lng, lat, datum, accuracy_m, distance_m, monitoring_on, video_on, photo_file_ids, checked_in_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [randomUUID(), plantId, permitId, c.personId, c.location.lng, c.location.lat, c.location.datum, c.location.accuracyM ?? null, c.distanceM, c.monitoringOn, c.videoOn, JSON.stringify(c.photoFileIds), c.checkedInAt],
  );
}

/** Check-ins of a permit. */
export async function listCheckins(q: Queryable, plantId: string, permitId: string): Promise<CheckinRow[]> {
  const r = await q.query<{ person_id: string; lng: number; lat: number; datum: GeoPoint['datum']; accuracy_m: number | null; distance_m: string; monitoring_on: boolean; video_on: boolean; photo_file_ids: string[]; checked_in_at: Date }>(
    'SELECT person_id, lng, lat, datum, accuracy_m, distance_m, monitoring_on, video_on, photo_file_ids, checked_in_at FROM permit_checkins WHERE plant_id = $1 AND permit_id = $2 ORDER BY checked_in_at',
    [plantId, permitId],
  );
  return r.rows.map((x) => ({
    personId: x.person_id,
    location: { lng: Number(x.lng), lat: Number(x.lat), datum: x.datum, ...(x.accuracy_m !== null ? { accuracyM: Number(x.accuracy_m) } : {}) },
    distanceM: Number(x.distance_m), monitoringOn: x.monitoring_on, videoOn: x.video_on, photoFileIds: x.photo_file_ids, checkedInAt: d(x.checked_in_at),
  }));
}
