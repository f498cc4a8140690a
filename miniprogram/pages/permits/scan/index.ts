import { t } from '../../../lib/t';
import { newClientId } from '../../../outbox/outboxCore';
import { ApiError } from '../../../services/apiError';
import { checkInPermit } from '../../../services/permits/checkInPermit';
import { parseCheckInQr } from '../../../services/permits/permitTypes';
import { NetworkError } from '../../../services/transport';

/**
 * 作业票 scan: the guardian scans the permit's check-in QR at the work site; the check-in carries
 * the QR token and the position (the server checks both). Check-in records the moment and the
 * place, so it is sent at once rather than queued.
 */
Component({
  data: {
    labels: { scan: t('miniprogram.permits.scan') },
    message: '',
    error: '',
    permitId: '',
  },
  methods: {
    async scan() {
      this.setData({ message: '', error: '' });
      const r = await wx.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      const qr = parseCheckInQr(r.result);
      if (!qr) {
        this.setData({ error: t('miniprogram.permits.not_permit_qr') });
        return;
      }
      this.setData({ permitId: qr.permitId });
      try {
        const loc = await wx.getLocation({ type: 'wgs84', isHighAccuracy: true, highAccuracyExpireTime: 4000 });
        const res = await checkInPermit(
          qr.permitId,
          { qrToken: qr.token, location: { lat: loc.latitude, lng: loc.longitude, datum: 'WGS-84', accuracyM: loc.accuracy } },
          newClientId(Date.now(), Math.random),
        );
        this.setData({ message: t('miniprogram.permits.checked_in', { code: res.permit.code }) });
      } catch (err) {
        if (err instanceof NetworkError) this.setData({ error: t('miniprogram.permits.need_network') });
        else if (err instanceof ApiError) this.setData({ error: err.message });
        else this.setData({ error: t('miniprogram.error.generic', { message: (err as Error).message }) });
      }
    },
    approve() {
      if (this.data.permitId) wx.navigateTo({ url: `/pages/permits/approve/index?id=${this.data.permitId}` });
    },
  },
});
