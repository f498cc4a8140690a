import { t } from '../../../lib/t';
import { outbox } from '../../../outbox/wxOutbox';
import type { OutboxItem } from '../../../outbox/outboxCore';
import { getConsent } from '../../../services/privacy/getConsent';
import { BindingRequiredError, currentSession, login } from '../../../services/session';
import { NetworkError } from '../../../services/transport';

const CONSENT_KEY = 'anquan.consent';

/** Home: sign-in (and the one-time WeChat binding), the three entries, the outbox status. */
Component({
  data: {
    labels: {
      report: t('miniprogram.home.report'), tasks: t('miniprogram.home.tasks'), permits: t('miniprogram.home.permits'),
      bindTitle: t('miniprogram.home.bind_title'), bindPlaceholder: t('miniprogram.home.bind_placeholder'), bindSubmit: t('miniprogram.home.bind_submit'),
      retry: t('miniprogram.outbox.retry'), discard: t('miniprogram.outbox.discard'),
    },
    greeting: '',
    needBinding: false,
    bindHint: '',
    bindCode: '',
    waiting: '',
    failed: [] as Array<{ id: string; label: string; message: string }>,
  },
  pageLifetimes: {
    show() {
      void this.start();
    },
  },
  methods: {
    async start() {
      await this.signIn();
      await this.refreshOutbox();
    },
    async signIn(bindCode?: string) {
      try {
        const s = currentSession() ?? (await login(bindCode));
        this.setData({ greeting: t('miniprogram.home.signed_in', { name: s.person.name }), needBinding: false });
        await this.checkConsent();
      } catch (err) {
        if (err instanceof BindingRequiredError) this.setData({ needBinding: true, bindHint: t('miniprogram.bind.required') });
        else if (err instanceof NetworkError) this.setData({ greeting: t('miniprogram.error.network') });
        else wx.showToast({ title: t('miniprogram.error.generic', { message: (err as Error).message }), icon: 'none' });
      }
    },
    /** First use: the privacy notice (PIPL), until the current version was answered. */
    async checkConsent() {
      if (wx.getStorageSync(CONSENT_KEY)) return;
      try {
        const c = await getConsent();
        if (!c.needed) {
          wx.setStorageSync(CONSENT_KEY, c.currentVersion);
          return;
        }
      } catch (err) {
        console.warn('home: consent state unknown, showing the notice', err);
      }
      wx.navigateTo({ url: '/pages/privacy/notice/index' });
    },
    onBindInput(e: WechatMiniprogram.Input) {
      this.setData({ bindCode: e.detail.value });
    },
    async bind() {
      await this.signIn(this.data.bindCode.trim());
      if (!this.data.needBinding) await outbox().flush({ force: true });
    },
    async refreshOutbox() {
      const items: OutboxItem[] = await outbox().items();
      const queued = items.filter((i) => i.state === 'queued').length;
      this.setData({
        waiting: queued ? t('miniprogram.outbox.waiting', { count: queued }) : '',
        failed: items.filter((i) => i.state === 'failed').map((i) => ({ id: i.id, label: i.label ?? i.kind, message: i.lastError?.message ?? '' })),
      });
    },
    async retry(e: WechatMiniprogram.TouchEvent) {
      await outbox().retry(String(e.currentTarget.dataset.id));
      await outbox().flush({ force: true });
      await this.refreshOutbox();
    },
    async discard(e: WechatMiniprogram.TouchEvent) {
      await outbox().discard(String(e.currentTarget.dataset.id));
      await this.refreshOutbox();
    },
    go(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: String(e.currentTarget.dataset.url) });
    },
  },
});
