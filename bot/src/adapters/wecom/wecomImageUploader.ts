import { MediaUploader } from '../../cardImages';
import { WecomApiError } from './wecomErrors';
import type { WecomImage, WecomMessengerLog, WecomSendApi } from './wecomMessengerTypes';

/** Reuse a media_id for at most this long: WeCom drops temporary media after 3 days (doc 90253). */
export const WECOM_MEDIA_REUSE_MS = 3 * 86_400_000 - 3_600_000;

/** Card photos as WeCom temporary media (image messages sent just before a card or notice). */
export class WecomImageUploader extends MediaUploader {
  constructor(deps: { api: Pick<WecomSendApi, 'uploadMedia'>; loadImage(plantId: string, fileId: string): Promise<WecomImage | null>; log?: WecomMessengerLog; now: () => Date }) {
    super({
      platform: 'wecom',
      upload: (image) => deps.api.uploadMedia('image', image.bytes, image.filename, image.contentType),
      refusal: (err) => (err instanceof WecomApiError && !err.retryable ? { errcode: err.errcode, errmsg: err.errmsg } : null),
      loadImage: deps.loadImage,
      reuseMs: WECOM_MEDIA_REUSE_MS,
      log: deps.log,
      now: deps.now,
    });
  }
}
