import { WecomApiError } from './wecomErrors';
import type { WecomImage, WecomMessengerLog, WecomSendApi } from './wecomMessengerTypes';

/**
 * Uploads card photos as WeCom temporary media. The plant's server is often not reachable from the
 * internet, so a photo is never linked: its bytes go to WeCom (media/upload) and messages carry the
 * media_id. Temporary media live 3 days (doc 90253); ids are reused until shortly before that.
 */
export class WecomImageUploader {
  private readonly cache = new Map<string, { mediaId: string; uploadedAt: number }>();
  /** Reuse a media_id for at most this long: WeCom drops temporary media after 3 days. */
  static readonly REUSE_MS = 3 * 86_400_000 - 3_600_000;
  private static readonly MAX_CACHED = 2_000;

  constructor(
    private readonly deps: {
      api: Pick<WecomSendApi, 'uploadMedia'>;
      loadImage(plantId: string, fileId: string): Promise<WecomImage | null>;
      log?: WecomMessengerLog;
      now: () => Date;
    },
  ) {}

  /**
   * The media_id of a stored photo, or null when the photo is missing or WeCom refuses it for good
   * (the message then goes out without it, and the log says why). Retryable failures throw, so
   * the delivery job tries again later.
   */
  async mediaIdFor(plantId: string, fileId: string): Promise<string | null> {
    const key = `${plantId}:${fileId}`;
    const now = this.deps.now().getTime();
    const cached = this.cache.get(key);
    if (cached && now - cached.uploadedAt < WecomImageUploader.REUSE_MS) return cached.mediaId;
    const image = await this.deps.loadImage(plantId, fileId);
    if (!image) {
      this.deps.log?.warn({ plantId, fileId }, 'card photo not found or not convertible; sent without it');
      return null;
    }
    let mediaId: string;
    try {
      mediaId = await this.deps.api.uploadMedia('image', image.bytes, image.filename, image.contentType);
    } catch (err) {
      if (err instanceof WecomApiError && !err.retryable) {
        this.deps.log?.warn({ plantId, fileId, errcode: err.errcode, errmsg: err.errmsg }, 'WeCom refused the card photo; sent without it');
        return null;
      }
      throw err;
    }
    if (this.cache.size >= WecomImageUploader.MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { mediaId, uploadedAt: now });
    return mediaId;
  }
}
