import type { Locale } from '../../../../cards/src/i18n/messageTypes';
import { appendEvidence } from '../evidence/evidenceChain';
import type { ServerDeps } from '../serverDeps';
import type { PhotoJobData } from './photoCommands';
import { PhotoRejected } from './photoPipeline';
import { processPhoto, type ProcessedPhoto } from './photoProcess';
import { findPhoto, markPhotoFailed, markPhotoReady, upsertVariant } from './photoRepo';
import type { PhotoMime } from './photoTypes';

const SYSTEM = { type: 'system' as const, id: 'photos', label: 'photo pipeline' };

async function plantLocale(deps: Pick<ServerDeps, 'db'>, plantId: string): Promise<Locale> {
  const r = await deps.db.query<{ locale: string | null }>(`SELECT config->>'locale' AS locale FROM plants WHERE id = $1`, [plantId]);
  return r.rows[0]?.locale === 'en' ? 'en' : 'zh-CN';
}

/**
 * The `photos.process` job: read EXIF, compare it with the report, render the watermarked
 * display copy and its thumbnail, store both content-addressed, record `photo.processed` in the
 * evidence chain. Idempotent: a photo already rendered for its current context is skipped, and
 * an older run never overwrites a newer one. A bad image is marked failed, not retried.
 */
export function photoJobHandler(deps: Pick<ServerDeps, 'db' | 'blobs' | 'directory' | 'env' | 'now'>) {
  return async (data: PhotoJobData): Promise<void> => {
    const row = await findPhoto(deps.db, data.plantId, data.fileId);
    if (!row || row.status === 'failed') return;
    if (row.status === 'ready' && row.renderedVersion === row.contextVersion) return;
    const version = row.contextVersion;
    const bytes = await deps.blobs.get(row.sha256);
    const timezone = await deps.directory.timezone(row.plantId);
    let done: ProcessedPhoto;
    try {
      done = await processPhoto(bytes, row.mime as PhotoMime, row.context, { timezone, locale: await plantLocale(deps, row.plantId), maxPixels: deps.env.PHOTO_MAX_PIXELS });
    } catch (err) {
      if (!(err instanceof PhotoRejected)) throw err;
      await deps.db.transaction(async (tx) => {
        const now = deps.now();
        await markPhotoFailed(tx, row.plantId, row.fileId, err.code, now);
        await appendEvidence(tx, {
          plantId: row.plantId, kind: 'photo.failed', subjectType: 'file', subjectId: row.fileId, actor: SYSTEM, occurredAt: now,
          data: { failure: err.code, original: row.sha256 },
        });
      });
      return;
    }
    const { exif, exifCheck, rendered, watermark: lines } = done;
    const [displaySha, thumbSha] = await Promise.all([deps.blobs.put(rendered.display), deps.blobs.put(rendered.thumb)]);
    await deps.db.transaction(async (tx) => {
      const current = await findPhoto(tx, row.plantId, row.fileId, true);
      // A run for a newer context finished first: keep its variants.
      if (!current || (current.renderedVersion !== null && current.renderedVersion >= version)) return;
      const now = deps.now();
      await upsertVariant(tx, row.plantId, row.fileId, { kind: 'display', sha256: displaySha, size: rendered.display.length, mime: 'image/jpeg', width: rendered.width, height: rendered.height }, now);
      await upsertVariant(tx, row.plantId, row.fileId, { kind: 'thumb', sha256: thumbSha, size: rendered.thumb.length, mime: 'image/jpeg', width: rendered.thumbWidth, height: rendered.thumbHeight }, now);
      await markPhotoReady(tx, { plantId: row.plantId, fileId: row.fileId, renderedVersion: version, width: rendered.width, height: rendered.height, exif, exifCheck, at: now });
      await appendEvidence(tx, {
        plantId: row.plantId, kind: 'photo.processed', subjectType: 'file', subjectId: row.fileId, actor: SYSTEM, occurredAt: now,
        data: {
          original: row.sha256, display: displaySha, thumb: thumbSha, contextVersion: version, watermark: lines,
          exifVerdict: exifCheck.verdict, exifReasons: exifCheck.reasons, exifTakenAt: exif.takenAt, exifLat: exif.lat, exifLng: exif.lng,
          reportedCapturedAt: row.context.capturedAt, reportedFix: row.context.fix ?? null,
        },
      });
    });
  };
}
