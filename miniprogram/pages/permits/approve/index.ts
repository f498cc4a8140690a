import { t } from '../../../lib/t';
import { newClientId } from '../../../outbox/outboxCore';
import { ApiError } from '../../../services/apiError';
import { approvePermit } from '../../../services/permits/approvePermit';
import { getPermit } from '../../../services/permits/getPermit';
import type { PermitView } from '../../../services/permits/permitTypes';
import { NetworkError } from '../../../services/transport';

/** On-site approval: the approver signs the current step where the work happens (position checked by the server). */
Component({
  data: {
    labels: { approve: t('miniprogram.permits.approve') },
    permitId: '',
    permit: null as PermitView | null,
    status: '',
    comment: '',
    message: '',
    error: '',
  },
  methods: {
    async onLoad(query: Record<string, string>) {
      this.setData({ permitId: query.id ?? '' });
      await this.load();
    },
    async load() {
      try {
        const permit = await getPermit(this.data.permitId);
        this.setData({ permit, status: t('miniprogram.permits.status', { status: t(`permits.status.${permit.status}`) }) });
      } catch (err) {
        this.setData({ error: err instanceof NetworkError ? t('miniprogram.error.network') : (err as Error).message });
      }
    },
    onComment(e: WechatMiniprogram.Input) {
      this.setData({ comment: e.detail.value });
    },
    async approve() {
      this.setData({ message: '', error: '' });
      try {
        const loc = await wx.getLocation({ type: 'wgs84', isHighAccuracy: true, highAccuracyExpireTime: 4000 });
        const res = await approvePermit(
          this.data.permitId,
          { mode: 'onsite', location: { lat: loc.latitude, lng: loc.longitude, datum: 'WGS-84', accuracyM: loc.accuracy }, ...(this.data.comment ? { comment: this.data.comment } : {}) },
          newClientId(Date.now(), Math.random),
        );
        this.setData({ permit: res.permit, message: t('miniprogram.permits.approved', { code: res.permit.code }), status: t('miniprogram.permits.status', { status: t(`permits.status.${res.permit.status}`) }) });
      } catch (err) {
        if (err instanceof NetworkError) this.setData({ error: t('miniprogram.error.network') });
        else if (err instanceof ApiError) this.setData({ error: err.message });
        else this.setData({ error: t('miniprogram.error.generic', { message: (err as Error).message }) });
      }
    },
  },
});
