import type { Tx } from '../db/db';
import { appendEvidence, type EvidenceActor } from '../evidence/evidenceChain';
import { AppError } from '../errors';
import type { Jobs } from '../jobs/jobs';
import type { BlobStore } from './fileStore';
import { storeImage } from './fileService';
import { inspectPhoto } from './photoInspect';
import { findPhoto, insertPhoto, updatePhotoContext } from './photoRepo';
import type { PhotoContext, PhotoMime, PhotoStatus } from './photoTypes';
import { sniffMime } from './sniffMime';

/** The queue that renders variants and checks EXIF, off the request path. */
export const PHOTO_QUEUE = 'photos.process';

/** Job payload: which photo, and the context version the sender saw. */
export interface PhotoJobData {
  plantId: string;
  fileId: string;
}

/** What an upload answers at once. */
export interface AcceptedPhoto {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  status: PhotoStatus;
}

/**
 * Accepts an uploaded photo in the caller's transaction: sniff the type (415), check the header
 * (pixel bomb 413, truncated JPEG 415), keep the original byte for byte with its sha256 in the
 * evidence chain (`file.stored`, as POST /api/files does), and queue the processing job.
 */
export async function acceptPhoto(
  tx: Tx,
  deps: { blobs: BlobStore; jobs: Jobs },
  input: {
    plantId: string; bytes: Buffer; originalName: string | null; uploadedBy: string | null; clientId: string | null;
    context: PhotoContext; maxBytes: number; maxPixels: number; actor: EvidenceActor; now: Date;
  },
): Promise<AcceptedPhoto> {
  if (input.bytes.length > input.maxBytes) throw new AppError('payload_too_large', `File larger than ${input.maxBytes} bytes`);
  const mime = sniffMime(input.bytes);
  if (!mime) throw new AppError('unsupported_media_type', 'Only JPEG, PNG, WebP and HEIC images are accepted', { reason: 'not_an_image' });
  await inspectPhoto(input.bytes, mime as PhotoMime, input.maxPixels);
  const f = await storeImage(tx, deps.blobs, { plantId: input.plantId, bytes: input.bytes, originalName: input.originalName, uploadedBy: input.uploadedBy, maxBytes: input.maxBytes });
  await appendEvidence(tx, {
    plantId: input.plantId, kind: 'file.stored', subjectType: 'file', subjectId: f.id,
    actor: input.actor, occurredAt: input.now, data: { sha256: f.sha256, size: f.size, mime: f.mime },
  });
  await insertPhoto(tx, { fileId: f.id, plantId: input.plantId, clientId: input.clientId, uploadedBy: input.uploadedBy, context: input.context, createdAt: input.now });
  await deps.jobs.send(tx, PHOTO_QUEUE, { plantId: input.plantId, fileId: f.id } satisfies PhotoJobData, { wake: true });
  return { id: f.id, sha256: f.sha256, size: f.size, mime: f.mime, status: 'pending' };
}

/**
 * For domains: tell the pipeline what report a photo belongs to (code, place, capture time, who),
 * in the domain's own transaction. The display copy is re-stamped and the EXIF re-checked
 * against the report. Works for originals stored through POST /api/files or a chat image too.
 */
export async function attachPhotoContext(
  tx: Tx,
  jobs: Jobs,
  input: { plantId: string; fileId: string; context: Partial<PhotoContext>; now: Date },
): Promise<void> {
  const row = await findPhoto(tx, input.plantId, input.fileId, true);
  if (row) {
    await updatePhotoContext(tx, input.plantId, input.fileId, { ...row.context, ...input.context });
  } else {
    const file = await tx.query<{ uploaded_by: string | null }>('SELECT uploaded_by FROM files WHERE plant_id = $1 AND id = $2', [input.plantId, input.fileId]);
    if (!file.rows[0]) throw new AppError('not_found', 'file not found', { file: input.fileId });
    const context: PhotoContext = { capturedAt: input.now.toISOString(), ...input.context };
    await insertPhoto(tx, { fileId: input.fileId, plantId: input.plantId, clientId: null, uploadedBy: file.rows[0].uploaded_by, context, createdAt: input.now });
  }
  await jobs.send(tx, PHOTO_QUEUE, { plantId: input.plantId, fileId: input.fileId } satisfies PhotoJobData, { wake: true });
}
