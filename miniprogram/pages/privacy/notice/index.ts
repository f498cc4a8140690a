import { t } from '../../../lib/t';
import { outbox, queueCapture } from '../../../outbox/wxOutbox';

/** Version of the notice text; the server keeps the answer with it (PRIVACY_NOTICE_VERSION). */
export const NOTICE_VERSION = '2026-11-v1';
const CONSENT_KEY = 'anquan.consent';

/**
 * The short privacy notice shown on first use (PIPL): location and photos. The answer is recorded
 * on the server through the outbox, so it is not lost when the first use is offline.
 */
Component({
  data: {
    labels: { title: t('miniprogram.privacy.title'), body: t('miniprogram.privacy.body'), accept: t('miniprogram.privacy.accept'), decline: t('miniprogram.privacy.decline') },
  },
  methods: {
    async answer(granted: boolean) {
      await queueCapture({
        kind: 'consent', payload: { noticeVersion: NOTICE_VERSION, purposes: ['location', 'photos'], granted, channel: 'miniprogram' },
        tempPhotoPaths: [], capturedAt: new Date().toISOString(), fix: null,
      });
      if (granted) {
        wx.setStorageSync(CONSENT_KEY, NOTICE_VERSION);
        wx.navigateBack({ delta: 1 });
      } else {
        wx.showModal({ title: t('miniprogram.privacy.title'), content: t('miniprogram.privacy.declined'), showCancel: false });
      }
      await outbox().flush();
    },
    accept() {
      return this.answer(true);
    },
    decline() {
      return this.answer(false);
    },
  },
});
