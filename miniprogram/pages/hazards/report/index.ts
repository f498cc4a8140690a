import { t } from '../../../lib/t';
import { queueCapture } from '../../../outbox/wxOutbox';
import { getReference } from '../../../services/reference/getReference';
import { categoryGroups, preselectArea, reportPayload, validateReport, type AreaOption, type CategoryGroup, type ReportDraft } from './reportLogic';

const labels = () => ({
  title: t('miniprogram.report.title'), photos: t('miniprogram.report.photos'), area: t('miniprogram.report.area'),
  category: t('miniprogram.report.category'), description: t('miniprogram.report.description'), submit: t('miniprogram.report.submit'),
  locating: t('miniprogram.report.locating'), offSite: t('miniprogram.report.off_site'), noFix: t('miniprogram.report.no_fix'),
  placeholder: t('miniprogram.report.placeholder'), back: t('miniprogram.report.back'),
});

/**
 * 上报隐患: one to nine photos, the location (area pre-selected by geofence, changeable), the
 * category in two taps, one line of text. The report goes into the outbox, so it also works with
 * no signal and goes up by itself later.
 */
Component({
  data: {
    labels: labels(),
    photos: [] as string[],
    fix: null as ReportDraft['fix'],
    offSite: false,
    areas: [] as AreaOption[],
    areaIndex: -1,
    groups: [] as CategoryGroup[],
    groupIndex: -1,
    categoryKey: '' as string,
    categoryName: '',
    description: '',
    capturedAt: '',
    problems: [] as string[],
    busy: false,
  },
  lifetimes: {
    attached() {
      void this.loadReference();
    },
  },
  methods: {
    async loadReference() {
      try {
        const ref = await getReference();
        if (ref) this.setData({ areas: ref.areas as AreaOption[], groups: categoryGroups(ref.categories) });
      } catch (err) {
        console.warn('report: no reference data yet', err);
        wx.showToast({ title: t('miniprogram.report.no_reference'), icon: 'none' });
      }
    },
    /** Takes photos with the camera (or album) and reads the position at the same moment. */
    async capture() {
      const left = 9 - this.data.photos.length;
      if (left <= 0) return;
      const media = await wx.chooseMedia({ count: left, mediaType: ['image'], sourceType: ['camera', 'album'], sizeType: ['compressed'] });
      const photos = [...this.data.photos, ...media.tempFiles.map((f) => f.tempFilePath)].slice(0, 9);
      this.setData({ photos, capturedAt: this.data.capturedAt || new Date().toISOString() });
      await this.locate();
    },
    /** WGS-84 where the platform allows it; the fix keeps its datum all the way to the server. */
    async locate() {
      try {
        const loc = await wx.getLocation({ type: 'wgs84', isHighAccuracy: true, highAccuracyExpireTime: 4000 });
        const fix = { lat: loc.latitude, lng: loc.longitude, datum: 'WGS-84' as const, accuracyM: loc.accuracy };
        const pre = preselectArea(this.data.areas, fix);
        const areaIndex = pre.areaKey ? this.data.areas.findIndex((a) => a.key === pre.areaKey) : this.data.areaIndex;
        this.setData({ fix, offSite: pre.offSite, areaIndex });
      } catch (err) {
        console.warn('report: no location', err);
        this.setData({ fix: null });
      }
    },
    removePhoto(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ photos: this.data.photos.filter((_, k) => k !== i) });
    },
    pickArea(e: WechatMiniprogram.PickerChange) {
      this.setData({ areaIndex: Number(e.detail.value) });
    },
    pickGroup(e: WechatMiniprogram.TouchEvent) {
      this.setData({ groupIndex: Number(e.currentTarget.dataset.index), categoryKey: '', categoryName: '' });
    },
    pickLeaf(e: WechatMiniprogram.TouchEvent) {
      this.setData({ categoryKey: String(e.currentTarget.dataset.key), categoryName: String(e.currentTarget.dataset.name) });
    },
    onText(e: WechatMiniprogram.Input) {
      this.setData({ description: e.detail.value });
    },
    draft(): ReportDraft {
      const area = this.data.areas[this.data.areaIndex];
      return {
        photos: this.data.photos, fix: this.data.fix, areaKey: area?.key ?? null, categoryKey: this.data.categoryKey || null,
        description: this.data.description, capturedAt: this.data.capturedAt || null,
      };
    },
    /** Queues the report; it is sent now if there is signal, later if not. */
    async submit() {
      const d = this.draft();
      const problems = validateReport(d).map((k) => t(k));
      this.setData({ problems });
      if (problems.length || this.data.busy) return;
      this.setData({ busy: true });
      try {
        const area = this.data.areas[this.data.areaIndex];
        const r = await queueCapture({
          kind: 'hazard.report', payload: reportPayload(d), tempPhotoPaths: d.photos, capturedAt: d.capturedAt ?? new Date().toISOString(),
          fix: d.fix, label: `${area?.name ?? ''} · ${this.data.categoryName}`,
        });
        if (r.message) {
          wx.showModal({ title: t('miniprogram.outbox.full_title'), content: r.message, showCancel: false });
          return;
        }
        wx.showToast({ title: t('miniprogram.report.queued'), icon: 'success' });
        this.setData({ photos: [], description: '', categoryKey: '', categoryName: '', groupIndex: -1, capturedAt: '' });
      } catch (err) {
        console.error('report: could not queue', err);
        wx.showToast({ title: t('miniprogram.report.queue_failed'), icon: 'none' });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
