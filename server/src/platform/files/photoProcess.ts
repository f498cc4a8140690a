import type { Locale } from '../../../../cards/src/i18n/messageTypes';
import { readExifFacts } from './photoExif';
import { checkExif } from './photoExifCheck';
import { renderPhoto, type RenderedPhoto } from './photoPipeline';
import type { ExifCheck, ExifFacts, PhotoContext, PhotoMime } from './photoTypes';
import { watermarkLines } from './photoWatermark';

/** Everything one pipeline run produces from an original and its context. */
export interface ProcessedPhoto {
  exif: ExifFacts;
  exifCheck: ExifCheck;
  watermark: [string, string];
  rendered: RenderedPhoto;
}

/**
 * One pipeline run without storage: EXIF facts, the report-vs-EXIF verdict, the watermark text,
 * and the rendered variants (the pixels are decoded once). The job and the benchmark share it.
 * Throws PhotoRejected for images that can never be processed.
 */
export async function processPhoto(
  bytes: Buffer,
  mime: PhotoMime,
  context: PhotoContext,
  opts: { timezone: string; locale: Locale; maxPixels: number },
): Promise<ProcessedPhoto> {
  const watermark = watermarkLines(context, opts);
  // EXIF parsing reads only the file's head; it overlaps with the decode in libuv's pool.
  const [exif, rendered] = await Promise.all([readExifFacts(bytes, opts.timezone), renderPhoto(bytes, mime, { maxPixels: opts.maxPixels, watermark })]);
  const exifCheck = checkExif(exif, { capturedAt: new Date(context.capturedAt), fix: context.fix ?? null });
  return { exif, exifCheck, watermark, rendered };
}
