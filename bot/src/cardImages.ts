/**
 * Card pictures for messengers that take images only as uploaded media (WeCom media/upload,
 * DingTalk media/upload): the plant's server is often not reachable from the internet, so a photo
 * is never linked; its bytes go to the platform and messages carry the media id.
 */

/** An image ready to upload. */
export interface MessengerImage {
  bytes: Buffer;
  filename: string;
  contentType: string;
}

/** Reads a stored photo or chart of a plant, sized for a platform; null when missing or unusable. */
export type ImageLoader = (plantId: string, fileId: string) => Promise<MessengerImage | null>;

/** Logger the uploader writes to. */
export interface UploaderLog {
  warn(obj: object, msg: string): void;
}

/** Builds a multipart/form-data body with one file part named `media`, as both platforms' media/upload expect. */
export function multipartMedia(buffer: Buffer, filename: string, contentType: string): { body: Buffer; contentType: string } {
  const boundary = `----anquan${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
  const safeName = filename.replace(/["\r\n\\]/g, '_');
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="${safeName}"; filelength=${buffer.length}\r\n` +
    `Content-Type: ${contentType}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head, 'utf8'), buffer, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Uploads card images once and reuses the media id for `reuseMs`. A missing image or a permanent
 * refusal (`refusal(err)` says why) sends the message without it and logs the reason; retryable
 * failures throw, so the delivery job tries again later.
 */
export class MediaUploader {
  private readonly cache = new Map<string, { mediaId: string; uploadedAt: number }>();
  private static readonly MAX_CACHED = 2_000;

  constructor(
    private readonly deps: {
      platform: string;
      upload(image: MessengerImage): Promise<string>;
      /** Details of a refusal that retrying will not change; null for errors worth retrying. */
      refusal(err: unknown): Record<string, unknown> | null;
      loadImage: ImageLoader;
      reuseMs: number;
      log?: UploaderLog;
      now: () => Date;
    },
  ) {}

  /** The media id of a stored image, or null when it is missing or refused for good. */
  async mediaIdFor(plantId: string, fileId: string): Promise<string | null> {
    const key = `${plantId}:${fileId}`;
    const now = this.deps.now().getTime();
    const cached = this.cache.get(key);
    if (cached && now - cached.uploadedAt < this.deps.reuseMs) return cached.mediaId;
    const image = await this.deps.loadImage(plantId, fileId);
    if (!image) {
      this.deps.log?.warn({ plantId, fileId, platform: this.deps.platform }, 'card image not found or not convertible; sent without it');
      return null;
    }
    let mediaId: string;
    try {
      mediaId = await this.deps.upload(image);
    } catch (err) {
      const refusal = this.deps.refusal(err);
      if (refusal) {
        this.deps.log?.warn({ plantId, fileId, platform: this.deps.platform, ...refusal }, 'the platform refused the card image; sent without it');
        return null;
      }
      throw err;
    }
    if (this.cache.size >= MediaUploader.MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { mediaId, uploadedAt: now });
    return mediaId;
  }
}
