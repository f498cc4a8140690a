import decodeHeic from 'heic-decode';
import sharp, { type Sharp } from 'sharp';
import type { PhotoFailure, PhotoMime } from './photoTypes';
import { blendBandInPlace, watermarkSvg } from './photoWatermark';

/** Sizes and limits of the variants. */
export interface RenderOptions {
  /** Largest pixel count decoded (decompression-bomb guard, checked again here). */
  maxPixels: number;
  /** Longest edge of the display copy. */
  displayMaxPx?: number;
  /** Longest edge of the thumbnail (made from the display copy). */
  thumbMaxPx?: number;
  /** Watermark lines; none = no band (benchmarks, tests). */
  watermark?: readonly string[];
}

/** The two variants, EXIF-free JPEGs, and their sizes. */
export interface RenderedPhoto {
  display: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  thumbWidth: number;
  thumbHeight: number;
}

/** Processing refused the image for good (no retry will help); the original stays as evidence. */
export class PhotoRejected extends Error {
  constructor(readonly code: PhotoFailure, message: string) {
    super(message);
  }
}

interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

/** Decodes once, auto-rotates per EXIF and shrinks to the display size, as 8-bit RGB. */
async function decodeToDisplay(bytes: Buffer, mime: PhotoMime, maxPixels: number, edge: number): Promise<RawImage> {
  let img: Sharp;
  if (mime === 'image/heic') {
    // sharp's prebuilt libvips has no HEVC decoder; libheif in WASM does it. libheif applies the
    // container's rotation itself (HEIF ignores the EXIF orientation tag by specification).
    const images = await decodeHeic.all({ buffer: bytes });
    try {
      const first = images[0];
      if (!first) throw new PhotoRejected('image_corrupt', 'HEIC file holds no image');
      if (first.width * first.height > maxPixels) throw new PhotoRejected('too_many_pixels', 'HEIC image exceeds the pixel limit');
      const { data, width, height } = await first.decode();
      img = sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 } });
    } finally {
      images.dispose();
    }
  } else {
    img = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate();
  }
  const { data, info } = await img
    .resize(edge, edge, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function classify(err: unknown): never {
  if (err instanceof PhotoRejected) throw err;
  const msg = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(msg)) throw new PhotoRejected('too_many_pixels', msg);
  if (/unsupported image format|not a HEIC|no decoder|compression format/i.test(msg)) throw new PhotoRejected('unsupported_image', msg);
  throw new PhotoRejected('image_corrupt', msg);
}

/**
 * The photo pipeline's pixel work: decode once (auto-rotated), stamp the watermark band on a
 * copy at most `displayMaxPx` on its long edge, and make the thumbnail from that copy. Both
 * outputs are fresh JPEGs without any EXIF (GPS and device data never leave the original).
 */
export async function renderPhoto(bytes: Buffer, mime: PhotoMime, opts: RenderOptions): Promise<RenderedPhoto> {
  const edge = opts.displayMaxPx ?? 1600;
  const thumbEdge = opts.thumbMaxPx ?? 320;
  let base: RawImage;
  try {
    base = await decodeToDisplay(bytes, mime, opts.maxPixels, edge);
  } catch (err) {
    classify(err);
  }
  const { data, width, height } = base;
  if (opts.watermark?.length) {
    const { svg } = watermarkSvg(opts.watermark, width);
    const band = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    blendBandInPlace(data, width, height, band.data, band.info.width, band.info.height);
  }
  const raw = { raw: { width, height, channels: 3 as const } };
  const [display, thumb] = await Promise.all([
    sharp(data, raw).jpeg({ quality: 82 }).toBuffer(),
    sharp(data, raw).resize(thumbEdge, thumbEdge, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 72 }).toBuffer({ resolveWithObject: true }),
  ]);
  return { display, thumb: thumb.data, width, height, thumbWidth: thumb.info.width, thumbHeight: thumb.info.height };
}
