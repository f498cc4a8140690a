import { t } from '../../../lib/t';
import { queueCapture } from '../../../outbox/wxOutbox';
import { getHazard } from '../../../services/hazards/getHazard';
import { downloadDisplay } from '../../../services/photos/downloadDisplay';
import { ensureSession } from '../../../services/session';
import { RECTIFIABLE } from '../tasks/tasksLogic';

/**
 * 整改: the camera view with the "before" photo laid over it, faint, so the "after" photo is
 * taken from the same angle; then the rectification goes through the outbox.
 */
Component({
  data: {
    labels: { hint: t('miniprogram.rectify.overlay_hint'), shoot: t('miniprogram.rectify.shoot'), note: t('miniprogram.rectify.note'), submit: t('miniprogram.rectify.submit') },
    hazardId: '',
    code: '',
    before: '',
    overlayOpacity: 0.35,
    after: [] as string[],
    note: '',
    allowed: true,
  },
  methods: {
    async onLoad(query: Record<string, string>) {
      this.setData({ hazardId: query.id ?? '' });
      await this.loadHazard();
    },
    async loadHazard() {
      try {
        const [s, h] = await Promise.all([ensureSession(), getHazard(this.data.hazardId)]);
        const allowed = RECTIFIABLE.includes(h.status) && h.assignee?.id === s.person.id;
        this.setData({ code: h.code, allowed });
        if (!allowed) wx.showToast({ title: t('miniprogram.rectify.not_yours'), icon: 'none' });
        const before = (h.photos ?? []).find((p) => p.role === 'before');
        if (before) this.setData({ before: await downloadDisplay(before.fileId) });
      } catch (err) {
        console.warn('rectify: hazard or before photo unavailable', err);
      }
    },
    shoot() {
      wx.createCameraContext().takePhoto({
        quality: 'high',
        success: (r) => this.setData({ after: [...this.data.after, r.tempImagePath].slice(0, 9) }),
        fail: (e) => wx.showToast({ title: t('miniprogram.error.generic', { message: e.errMsg }), icon: 'none' }),
      });
    },
    onNote(e: WechatMiniprogram.Input) {
      this.setData({ note: e.detail.value });
    },
    async submit() {
      if (!this.data.after.length) {
        wx.showToast({ title: t('miniprogram.rectify.need_photo'), icon: 'none' });
        return;
      }
      let fix = null;
      try {
        const loc = await wx.getLocation({ type: 'wgs84' });
        fix = { lat: loc.latitude, lng: loc.longitude, datum: 'WGS-84' as const, accuracyM: loc.accuracy };
      } catch (err) {
        console.warn('rectify: no location', err);
      }
      const r = await queueCapture({
        kind: 'hazard.rectify', payload: { hazardId: this.data.hazardId, ...(this.data.note ? { note: this.data.note } : {}) },
        tempPhotoPaths: this.data.after, capturedAt: new Date().toISOString(), fix, label: this.data.code,
      });
      if (r.message) {
        wx.showModal({ title: t('miniprogram.outbox.full_title'), content: r.message, showCancel: false });
        return;
      }
      wx.showToast({ title: t('miniprogram.rectify.queued'), icon: 'success' });
      this.setData({ after: [], note: '' });
    },
  },
});
