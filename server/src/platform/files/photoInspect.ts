import sharp from 'sharp';
import { AppError } from '../errors';
import { jpegIsComplete } from './photoJpegCheck';
import type { PhotoMime } from './photoTypes';

/** Header facts of an upload, read without decoding the pixels. */
export interface PhotoHeader {
  width: number;
  height: number;
}

/**
 * Cheap checks on the request path, before anything is stored: the header must parse, the pixel
 * count must stay under `maxPixels` (a 50 kB PNG can declare 40 000 × 40 000 pixels — a
 * decompression bomb), and a JPEG must be complete. The pixels are decoded later, in the job.
 */
export async function inspectPhoto(bytes: Buffer, mime: PhotoMime, maxPixels: number): Promise<PhotoHeader> {
  let width = 0;
  let height = 0;
  try {
    // Reads the header only (HEIC included: libheif parses the container without the HEVC codec).
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    width = meta.width ?? 0;
    height = meta.height ?? 0;
  } catch {
    throw new AppError('unsupported_media_type', 'The image header cannot be read', { reason: 'unreadable' });
  }
  if (!width || !height) throw new AppError('unsupported_media_type', 'The image has no dimensions', { reason: 'unreadable' });
  if (width * height > maxPixels) {
    throw new AppError('payload_too_large', `Image has ${width}×${height} pixels; at most ${maxPixels} are accepted`, {
      reason: 'too_many_pixels', width, height, maxPixels,
    });
  }
  if (mime === 'image/jpeg' && !jpegIsComplete(bytes)) {
    throw new AppError('unsupported_media_type', 'The JPEG is truncated or damaged', { reason: 'truncated' });
  }
  return { width, height };
}
