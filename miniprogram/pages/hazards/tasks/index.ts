import { t } from '../../../lib/t';
import { listMyHazards } from '../../../services/hazards/listMyHazards';
import { ensureSession } from '../../../services/session';
import { taskRows, type TaskRow } from './tasksLogic';

const CACHE = 'anquan.tasks';

/** 我的任务: hazards to rectify (open, assigned to me) and the ones I reported, with their status. */
Component({
  data: {
    labels: { assigned: t('miniprogram.tasks.assigned'), reported: t('miniprogram.tasks.reported'), empty: t('miniprogram.tasks.empty'), overdue: t('miniprogram.tasks.overdue'), rectify: t('miniprogram.tasks.rectify') },
    assigned: [] as TaskRow[],
    reported: [] as TaskRow[],
    offline: '',
  },
  pageLifetimes: {
    show() {
      void this.load();
    },
  },
  methods: {
    async load() {
      try {
        const s = await ensureSession();
        const mine = await listMyHazards(s.person.id);
        const data = { assigned: taskRows(mine.assigned, s.person.id), reported: taskRows(mine.reported, s.person.id) };
        wx.setStorageSync(CACHE, data);
        this.setData({ ...data, offline: '' });
      } catch (err) {
        console.warn('tasks: showing cached list', err);
        const cached = wx.getStorageSync(CACHE) as { assigned: TaskRow[]; reported: TaskRow[] } | '';
        this.setData({ ...(cached || { assigned: [], reported: [] }), offline: t('miniprogram.tasks.offline') });
      }
    },
    rectify(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/hazards/rectify/index?id=${String(e.currentTarget.dataset.id)}` });
    },
  },
});
