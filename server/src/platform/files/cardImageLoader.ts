import sharp from 'sharp';
import type { ImageLoader } from '../../../../bot/src/cardImages';
import type { Queryable } from '../db/db';
import type { Logger } from '../log';
import { findFile } from './fileService';
import type { BlobStore } from './fileStore';
import { findVariant } from './photoRepo';

/**
 * Reads a stored image for a chat platform: a photo's watermarked display copy when the photo
 * pipeline made one (no EXIF: the original's GPS stays in the plant), else the stored file (trend
 * charts, photos from before the pipeline). JPEG/PNG within the platform's size pass unchanged;
 * anything else becomes a JPEG (orientation applied, longest edge `maxEdge`). The original stays
 * the evidence.
 */
export function cardImageLoader(q: Queryable, blobs: BlobStore, log: Logger, limits: { platform: string; maxBytes: number; maxEdge: number }): ImageLoader {
  return async (plantId, fileId) => {
    const display = await findVariant(q, plantId, fileId, 'display');
    const file = display ? { sha256: display.sha256, mime: display.mime } : await findFile(q, plantId, fileId);
    if (!file) return null;
    const bytes = await blobs.get(file.sha256);
    if ((file.mime === 'image/jpeg' || file.mime === 'image/png') && bytes.length <= limits.maxBytes) {
      return { bytes, filename: `${fileId}.${file.mime === 'image/png' ? 'png' : 'jpg'}`, contentType: file.mime };
    }
    try {
      const jpeg = await sharp(bytes).rotate().resize({ width: limits.maxEdge, height: limits.maxEdge, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
      return { bytes: jpeg, filename: `${fileId}.jpg`, contentType: 'image/jpeg' };
    } catch (err) {
      log.warn({ err, plantId, fileId, mime: file.mime, platform: limits.platform }, 'image could not be converted for the chat platform');
      return null;
    }
  };
}
