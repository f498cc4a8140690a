import sharp from 'sharp';
import type { WecomImage } from '../../../../bot/src/adapters/wecom/wecomMessengerTypes';
import type { Queryable } from '../../platform/db/db';
import { findFile } from '../../platform/files/fileService';
import type { BlobStore } from '../../platform/files/fileStore';
import type { Logger } from '../../platform/log';

/** WeCom takes JPG/PNG media; the group robot at most 2 MB. Photos above are re-encoded. */
const MAX_BYTES = 2 * 1024 * 1024;
const MAX_EDGE = 1920;

/**
 * Reads a stored photo for WeCom: JPEG/PNG up to 2 MB pass unchanged; WebP, HEIC and large
 * photos become a JPEG (orientation applied, longest edge 1920 px). The original stays the evidence.
 */
export function wecomImageLoader(q: Queryable, blobs: BlobStore, log: Logger) {
  return async (plantId: string, fileId: string): Promise<WecomImage | null> => {
    const file = await findFile(q, plantId, fileId);
    if (!file) return null;
    const bytes = await blobs.get(file.sha256);
    if ((file.mime === 'image/jpeg' || file.mime === 'image/png') && bytes.length <= MAX_BYTES) {
      return { bytes, filename: `${fileId}.${file.mime === 'image/png' ? 'png' : 'jpg'}`, contentType: file.mime };
    }
    try {
      const jpeg = await sharp(bytes).rotate().resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
      return { bytes: jpeg, filename: `${fileId}.jpg`, contentType: 'image/jpeg' };
    } catch (err) {
      log.warn({ err, plantId, fileId, mime: file.mime }, 'photo could not be converted for WeCom');
      return null;
    }
  };
}
