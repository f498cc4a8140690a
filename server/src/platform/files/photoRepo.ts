import type { Queryable } from '../db/db';
import type { ExifCheck, ExifFacts, PhotoContext, PhotoFailure, PhotoStatus } from './photoTypes';

/** A photo row as the pipeline and the routes read it. */
export interface PhotoRow {
  fileId: string;
  plantId: string;
  status: PhotoStatus;
  failure: PhotoFailure | null;
  clientId: string | null;
  uploadedBy: string | null;
  context: PhotoContext;
  contextVersion: number;
  renderedVersion: number | null;
  width: number | null;
  height: number | null;
  exif: ExifFacts | null;
  exifCheck: ExifCheck | null;
  createdAt: Date;
  processedAt: Date | null;
  sha256: string;
  mime: string;
  size: number;
}

/** A stored variant. */
export interface VariantRow {
  kind: 'display' | 'thumb';
  sha256: string;
  size: number;
  mime: string;
  width: number;
  height: number;
}

const SELECT = `SELECT p.file_id, p.plant_id, p.status, p.failure, p.client_id, p.uploaded_by, p.context, p.context_version,
  p.rendered_version, p.width, p.height, p.exif, p.exif_check, p.created_at, p.processed_at, f.sha256, f.mime, f.size
  FROM photos p JOIN files f ON f.id = p.file_id`;

type Raw = {
  file_id: string; plant_id: string; status: PhotoStatus; failure: PhotoFailure | null; client_id: string | null; uploaded_by: string | null;
  context: PhotoContext; context_version: number; rendered_version: number | null; width: number | null; height: number | null;
  exif: ExifFacts | null; exif_check: ExifCheck | null; created_at: Date; processed_at: Date | null; sha256: string; mime: string; size: string | number;
};

function toRow(r: Raw): PhotoRow {
  return {
    fileId: r.file_id, plantId: r.plant_id, status: r.status, failure: r.failure, clientId: r.client_id, uploadedBy: r.uploaded_by,
    context: r.context, contextVersion: r.context_version, renderedVersion: r.rendered_version, width: r.width, height: r.height,
    exif: r.exif, exifCheck: r.exif_check, createdAt: r.created_at, processedAt: r.processed_at, sha256: r.sha256, mime: r.mime, size: Number(r.size),
  };
}

/** A plant's photo by id, or null. `lock` takes a row lock (inside a transaction). */
export async function findPhoto(q: Queryable, plantId: string, fileId: string, lock = false): Promise<PhotoRow | null> {
  const r = await q.query<Raw>(`${SELECT} WHERE p.plant_id = $1 AND p.file_id = $2${lock ? ' FOR UPDATE OF p' : ''}`, [plantId, fileId]);
  return r.rows[0] ? toRow(r.rows[0]) : null;
}

/** Records a new original as a pending photo. */
export async function insertPhoto(
  q: Queryable,
  p: { fileId: string; plantId: string; clientId: string | null; uploadedBy: string | null; context: PhotoContext; createdAt: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO photos (file_id, plant_id, status, client_id, uploaded_by, context, created_at) VALUES ($1, $2, 'pending', $3, $4, $5, $6)`,
    [p.fileId, p.plantId, p.clientId, p.uploadedBy, JSON.stringify(p.context), p.createdAt],
  );
}

/** Replaces the context (a domain attached the photo) and bumps its version; returns the new version. */
export async function updatePhotoContext(q: Queryable, plantId: string, fileId: string, context: PhotoContext): Promise<number> {
  const r = await q.query<{ context_version: number }>(
    `UPDATE photos SET context = $3, context_version = context_version + 1 WHERE plant_id = $1 AND file_id = $2 RETURNING context_version`,
    [plantId, fileId, JSON.stringify(context)],
  );
  return r.rows[0]?.context_version ?? 0;
}

/** Stores the outcome of a successful run. */
export async function markPhotoReady(
  q: Queryable,
  p: { plantId: string; fileId: string; renderedVersion: number; width: number; height: number; exif: ExifFacts; exifCheck: ExifCheck; at: Date },
): Promise<void> {
  await q.query(
    `UPDATE photos SET status = 'ready', failure = NULL, rendered_version = $3, width = $4, height = $5, exif = $6,
       exif_verdict = $7, exif_check = $8, processed_at = $9 WHERE plant_id = $1 AND file_id = $2`,
    [p.plantId, p.fileId, p.renderedVersion, p.width, p.height, JSON.stringify(p.exif), p.exifCheck.verdict, JSON.stringify(p.exifCheck), p.at],
  );
}

/** Stores a permanent failure (the original stays). */
export async function markPhotoFailed(q: Queryable, plantId: string, fileId: string, failure: PhotoFailure, at: Date): Promise<void> {
  await q.query(`UPDATE photos SET status = 'failed', failure = $3, processed_at = $4 WHERE plant_id = $1 AND file_id = $2`, [plantId, fileId, failure, at]);
}

/** Inserts or replaces a variant. */
export async function upsertVariant(q: Queryable, plantId: string, fileId: string, v: VariantRow, at: Date): Promise<void> {
  await q.query(
    `INSERT INTO photo_variants (file_id, kind, plant_id, sha256, size, mime, width, height, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (file_id, kind) DO UPDATE SET sha256 = EXCLUDED.sha256, size = EXCLUDED.size, mime = EXCLUDED.mime,
       width = EXCLUDED.width, height = EXCLUDED.height, created_at = EXCLUDED.created_at`,
    [fileId, v.kind, plantId, v.sha256, v.size, v.mime, v.width, v.height, at],
  );
}

/** One variant of a plant's photo, or null. */
export async function findVariant(q: Queryable, plantId: string, fileId: string, kind: 'display' | 'thumb'): Promise<VariantRow | null> {
  const r = await q.query<VariantRow>(
    'SELECT kind, sha256, size, mime, width, height FROM photo_variants WHERE plant_id = $1 AND file_id = $2 AND kind = $3',
    [plantId, fileId, kind],
  );
  return r.rows[0] ?? null;
}
