import { createHash } from 'node:crypto';
import { z } from 'zod';
import { t } from '../../../../cards/src/i18n/catalogue';
import { actorOf } from '../auth/principal';
import { AppError } from '../errors';
import { DatumSchema } from '../config/plantPrimitives';
import { locateArea } from '../geo/locateArea';
import { loadPlantAreas } from '../geo/plantAreas';
import { runCommand } from '../http/idempotency';
import type { AppContext } from '../http/koaTypes';
import { rateLimit } from '../http/rateLimit';
import { validationError } from '../http/apiRouter';
import type { ServerDeps } from '../serverDeps';
import { acceptPhoto } from './photoCommands';
import { verifyPhotoLink } from './photoLinks';
import { findPhoto, findVariant } from './photoRepo';
import type { PhotoContext } from './photoTypes';
import { readUpload } from './readUpload';

/** Form fields that may accompany an uploaded photo (all strings, as multipart sends them). */
const UploadFields = z.object({
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/).optional(),
  capturedAt: z.iso.datetime({ offset: true }).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
  datum: DatumSchema.optional(),
  accuracyM: z.coerce.number().nonnegative().max(100_000).optional(),
  areaKey: z.string().max(64).optional(),
  code: z.string().max(40).optional(),
});

/** How a photo is presented to clients. */
function presentPhoto(p: NonNullable<Awaited<ReturnType<typeof findPhoto>>>) {
  return {
    id: p.fileId, status: p.status, failure: p.failure, sha256: p.sha256, mime: p.mime, size: p.size,
    width: p.width, height: p.height, capturedAt: p.context.capturedAt, fix: p.context.fix ?? null,
    areaKey: p.context.areaKey ?? null, outsidePlant: p.context.outsidePlant ?? false, code: p.context.code ?? null,
    exifVerdict: p.exifCheck?.verdict ?? null, exifCheck: p.exifCheck, exifTakenAt: p.exif?.takenAt ?? null,
    /** True while the variants carry an older stamp than the current context (a re-render is queued). */
    restamping: p.status === 'ready' && p.renderedVersion !== p.contextVersion,
    display: p.status === 'ready' ? `/api/files/${p.fileId}/display` : null,
    thumb: p.status === 'ready' ? `/api/files/${p.fileId}/thumb` : null,
  };
}

/** Photo upload (answers at once), status, and the display/thumbnail variants. */
export function registerPhotoRoutes(deps: ServerDeps): void {
  const { api, db, env } = deps;

  api.route({
    method: 'post', path: '/api/photos', status: 201, tags: ['files'], produces: 'application/json',
    summary: 'Upload a photo (raw image or multipart with capturedAt, lat, lng, datum, areaKey, clientId); processed in the background',
    before: [rateLimit('upload', env.RATE_LIMIT_PER_MINUTE)],
    handler: async (ctx, { principal }) => {
      const up = await readUpload(ctx, env.UPLOAD_LIMIT_BYTES);
      const parsed = UploadFields.safeParse({ ...up.fields, ...ctx.query });
      if (!parsed.success) throw validationError('body', parsed.error.issues);
      const f = parsed.data;
      if ((f.lat === undefined) !== (f.lng === undefined) || (f.lat !== undefined && !f.datum)) {
        throw new AppError('validation_failed', 'Invalid body.datum: lat, lng and datum come together', { fields: [{ field: 'body.datum', message: 'lat, lng and datum come together' }] });
      }
      const fix = f.lat !== undefined && f.lng !== undefined && f.datum ? { lat: f.lat, lng: f.lng, datum: f.datum, ...(f.accuracyM !== undefined ? { accuracyM: f.accuracyM } : {}) } : null;
      const areas = await loadPlantAreas(db, principal.plantId);
      const located = fix ? locateArea(areas, fix) : null;
      const areaKey = f.areaKey && areas.some((a) => a.key === f.areaKey) ? f.areaKey : (located?.areaKey ?? null);
      const person = principal.personId ? await deps.directory.person(principal.plantId, principal.personId) : null;
      const context: PhotoContext = {
        capturedAt: f.capturedAt ? new Date(f.capturedAt).toISOString() : deps.now().toISOString(),
        fix, areaKey, placeLabel: areas.find((a) => a.key === areaKey)?.name ?? null, outsidePlant: located?.outsidePlant ?? false,
        code: f.code ?? null, personId: principal.personId, personName: person?.name ?? principal.label,
      };
      const key = f.clientId ?? (ctx.get('idempotency-key') || undefined);
      // The replay check hashes the bytes and the fields: same id + other content → 409.
      const { clientId: _id, ...fields } = f;
      const bodyForKey = { sha256: createHash('sha256').update(up.bytes).digest('hex'), fields };
      return runCommand(db, ctx, principal, (tx) => acceptPhoto(tx, deps, {
        plantId: principal.plantId, bytes: up.bytes, originalName: up.filename, uploadedBy: principal.personId, clientId: f.clientId ?? null,
        context, maxBytes: env.UPLOAD_LIMIT_BYTES, maxPixels: env.PHOTO_MAX_PIXELS, actor: actorOf(principal), now: deps.now(),
      }).then((a) => ({ ...a, areaKey, outsidePlant: context.outsidePlant })), { key, route: 'POST /api/photos', body: bodyForKey });
    },
  });

  api.route({
    method: 'get', path: '/api/photos/:id', summary: 'A photo: processing status, EXIF verdict (match / mismatch / no_exif), variant links', tags: ['files'],
    params: z.object({ id: z.uuid() }),
    handler: async (_ctx, { params, principal }) => {
      const p = await findPhoto(db, principal.plantId, params.id);
      if (!p) throw new AppError('not_found', 'photo not found', { photo: params.id });
      return presentPhoto(p);
    },
  });

  /** Serves a variant; a photo still processing answers 503 with Retry-After, a failed one 409. */
  async function serveVariant(ctx: AppContext, plantId: string, fileId: string, kind: 'display' | 'thumb', cache: string) {
    const v = await findVariant(db, plantId, fileId, kind);
    if (!v) {
      const p = await findPhoto(db, plantId, fileId);
      if (!p) throw new AppError('not_found', 'photo not found', { photo: fileId });
      if (p.status === 'failed') throw new AppError('conflict', 'The photo could not be processed', { reason: 'photo_failed', failure: p.failure });
      ctx.set('Retry-After', '2');
      throw new AppError('unavailable', 'The photo is still being processed', { reason: 'photo_pending' });
    }
    ctx.type = v.mime;
    // Content-addressed: the URL stays, the bytes change only when re-stamped, so revalidate by ETag.
    ctx.set('Cache-Control', cache);
    ctx.set('ETag', `"${v.sha256}"`);
    if (ctx.get('if-none-match') === `"${v.sha256}"`) {
      ctx.status = 304;
      return undefined;
    }
    ctx.body = await deps.blobs.get(v.sha256);
    return undefined;
  }

  for (const kind of ['display', 'thumb'] as const) {
    api.route({
      method: 'get', path: `/api/files/:id/${kind}`, tags: ['files'], produces: 'image/jpeg',
      summary: kind === 'display' ? 'The watermarked display copy (≤1600 px, no EXIF)' : 'The thumbnail of the display copy (no EXIF)',
      params: z.object({ id: z.uuid() }),
      handler: (ctx, { params, principal }) => serveVariant(ctx, principal.plantId, params.id, kind, 'private, no-cache'),
    });
  }

  api.route({
    method: 'get', path: '/shared/photos/:id', tags: ['files'], produces: 'image/jpeg', auth: false,
    summary: 'A photo\'s display copy through a signed, expiring link (hazard ledger exports); never the original',
    params: z.object({ id: z.uuid() }),
    query: z.object({ t: z.string().min(1).max(2048) }),
    handler: (ctx, { params, query }) => {
      const link = verifyPhotoLink(deps.appSecret, query.t, params.id, deps.now());
      if (!link.ok) {
        const message = t('zh-CN', `photo_link.${link.reason}`);
        throw new AppError(link.reason === 'expired' ? 'invalid_token' : 'forbidden', message, { reason: link.reason, field: 'query.t' });
      }
      return serveVariant(ctx, link.plantId, params.id, 'display', 'private, max-age=3600');
    },
  });
}
