import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/db';
import { AppError } from '../errors';
import type { BlobStore } from './fileStore';
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
  if (input.bytes.length === 0) throw new AppError('validation_failed', 'Invalid body: empty file', { fields: [{ field: 'body', message: 'empty' }] });
  if (input.bytes.length > input.maxBytes) throw new AppError('payload_too_large', `File larger than ${input.maxBytes} bytes`);
  const mime = sniffMime(input.bytes);
  if (!mime) throw new AppError('unsupported_media_type', 'Only JPEG, PNG, WebP and HEIC images are accepted');
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
