import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { AppError } from '../errors';
import type { BlobStore } from './fileStore';
import { looksLikePdf, PDF_MIME, pdfPageCount } from './pdfCheck';
import { sniffMime } from './sniffMime';

/** A stored original. */
export interface StoredFile {
  id: string;
  sha256: string;
  size: number;
  mime: string;
}

/**
 * Stores an uploaded original: the type is sniffed from the bytes (415 otherwise), the bytes go
 * to the content-addressed store, and a row records who uploaded what. The row is written with
 * the caller's handle, so it can join a command's transaction.
 */
export async function storeImage(
  q: Queryable,
  blobs: BlobStore,
  input: { plantId: string; bytes: Buffer; originalName?: string | null; uploadedBy: string | null; maxBytes: number },
): Promise<StoredFile> {
  checkSize(input.bytes, input.maxBytes);
  const mime = sniffMime(input.bytes);
  if (!mime) throw new AppError('unsupported_media_type', 'Only JPEG, PNG, WebP and HEIC images are accepted');
  return insertFile(q, blobs, input, mime);
}

/**
 * Stores an image or a PDF document (a signed work plan, a drawing). A PDF must parse and must not
 * be encrypted (an inspector has to be able to open it); its page count is returned.
 */
export async function storeUpload(
  q: Queryable,
  blobs: BlobStore,
  input: { plantId: string; bytes: Buffer; originalName?: string | null; uploadedBy: string | null; maxBytes: number },
): Promise<StoredFile & { pages?: number }> {
  checkSize(input.bytes, input.maxBytes);
  const mime = looksLikePdf(input.bytes) ? PDF_MIME : sniffMime(input.bytes);
  if (!mime) throw new AppError('unsupported_media_type', 'Only JPEG, PNG, WebP and HEIC images and PDF documents are accepted');
  const pages = mime === PDF_MIME ? await pdfPageCount(input.bytes) : undefined;
  const stored = await insertFile(q, blobs, input, mime);
  return pages === undefined ? stored : { ...stored, pages };
}

function checkSize(bytes: Buffer, maxBytes: number): void {
  if (bytes.length === 0) throw new AppError('validation_failed', 'Invalid body: empty file', { fields: [{ field: 'body', message: 'empty' }] });
  if (bytes.length > maxBytes) throw new AppError('payload_too_large', `File larger than ${maxBytes} bytes`);
}

async function insertFile(q: Queryable, blobs: BlobStore, input: { plantId: string; bytes: Buffer; originalName?: string | null; uploadedBy: string | null }, mime: string): Promise<StoredFile> {
  const sha256 = await blobs.put(input.bytes);
  const id = randomUUID();
  await q.query(
    `INSERT INTO files (id, plant_id, sha256, size, mime, original_name, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, input.plantId, sha256, input.bytes.length, mime, input.originalName ?? null, input.uploadedBy],
  );
  return { id, sha256, size: input.bytes.length, mime };
}

/** A file row of a plant, or null. */
export async function findFile(q: Queryable, plantId: string, id: string): Promise<StoredFile | null> {
  const r = await q.query<{ id: string; sha256: string; size: number; mime: string }>('SELECT id, sha256, size, mime FROM files WHERE plant_id = $1 AND id = $2', [plantId, id]);
  return r.rows[0] ?? null;
}

/** Which of these file ids exist in the plant. */
export async function existingFiles(q: Queryable, plantId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await q.query<{ id: string }>('SELECT id FROM files WHERE plant_id = $1 AND id = ANY($2::uuid[])', [plantId, ids]);
  return new Set(r.rows.map((x) => x.id));
}

/** The files of the plant among these ids, by id (one query; unknown ids are absent). */
export async function findFiles(q: Queryable, plantId: string, ids: readonly string[]): Promise<Map<string, StoredFile>> {
  if (ids.length === 0) return new Map();
  const r = await q.query<StoredFile>('SELECT id, sha256, size, mime FROM files WHERE plant_id = $1 AND id = ANY($2::uuid[])', [plantId, [...ids]]);
  return new Map(r.rows.map((f) => [f.id, f]));
}
