import { t } from '../../../../cards/src/i18n/catalogue';
import { hazardsModule } from '../../domains/hazards/hazardsModule';
import { launchBrowser, type TestBrowser } from '../../../../testkit/browser';
import { sessionFor } from '../../../../testkit/sandboxLogin';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { photosModule } from '../files/photosModule';
import { testJpeg } from '../files/photoTestImages';
import { SANDBOX_COOKIE } from '../http/authenticator';
import { h5Module } from './h5Module';

/**
 * The H5 report page in Debian Chromium, opened like a link from the Sandbox (same-origin
 * Sandbox cookie), with a fake geolocation in the synthesis hall and a test JPEG: the privacy
 * notice, area pre-selection, two-tap category, offline queueing, and the report in the API.
 */
describe('H5 /m/report in Chromium', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let me: { token: string; personId: string; plantId: string };

  beforeAll(async () => {
    server = await startTestServer({ modules: [hazardsModule, photosModule, h5Module], listen: true });
    me = await sessionFor(server, 'zhangwei');
    browser = await launchBrowser({ viewport: { width: 390, height: 844 } });
    await browser.context.grantPermissions(['geolocation'], { origin: server.url! });
    // GPS (WGS-84) in the synthesis hall, whose fence the plant draws in GCJ-02.
    await browser.context.setGeolocation({ latitude: 31.9046, longitude: 118.7980, accuracy: 5 });
    await browser.context.addCookies([{ name: SANDBOX_COOKIE, value: me.token, url: server.url! }]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a report with a photo goes up (after a spell offline) and shows in the API', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/m/report`);
    await page.click('#privacy-accept');

    await page.setInputFiles('#photo-input', { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: await testJpeg(1200, 900, {}, 21) });
    await page.waitForFunction(() => (globalThis as any).document.getElementById('area').value === 'synthesis');
    expect(await page.textContent('#fix')).toContain('WGS-84');

    await page.click('.group:has-text("电气安全")');
    await page.click('.leaf[data-key="elec_box_unlocked"]');
    await page.fill('#description', '合成车间配电箱门未上锁（H5）');

    await browser.context.setOffline(true);
    await page.click('#submit');
    await page.waitForSelector('#result:not([hidden])');
    await page.waitForFunction(() => (globalThis as any).document.getElementById('outbox').dataset.waiting === '1');

    await browser.context.setOffline(false);
    await page.waitForFunction(() => (globalThis as any).document.getElementById('outbox').dataset.waiting === '0', undefined, { timeout: 20_000 });
    expect(errors).toEqual([]);

    const auth = { Authorization: `Bearer ${me.token}` };
    const list = await server.http().get(`/api/hazards?reporterId=${me.personId}`).set(auth).expect(200);
    const mine = list.body.items.filter((h: { description: string }) => h.description === '合成车间配电箱门未上锁（H5）');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ area: { key: 'synthesis' }, category: { key: 'elec_box_unlocked' }, location: { datum: 'WGS-84' } });
    const one = await server.http().get(`/api/hazards/${mine[0].id}`).set(auth).expect(200);
    const before = one.body.photos.filter((p: { role: string }) => p.role === 'before');
    expect(before).toHaveLength(1);
    const photo = await server.http().get(`/api/photos/${before[0].fileId}`).set(auth).expect(200);
    expect(photo.body).toMatchObject({ areaKey: 'synthesis', fix: { datum: 'WGS-84' } });
    const consent = await server.http().get('/api/consents/me').set(auth).expect(200);
    expect(consent.body).toMatchObject({ needed: false, latest: { granted: true } });
    await page.close();
  }, 90_000);

  test('/m/tasks lists the report with the server\'s status name', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/m/tasks`);
    await page.waitForSelector('#reported .task');
    const list = await server.http().get(`/api/hazards?reporterId=${me.personId}`).set({ Authorization: `Bearer ${me.token}` }).expect(200);
    const status = list.body.items[0].status as string;
    expect(await page.textContent('#reported .status')).toBe(t('zh-CN', `hazards.status.${status}`));
    await page.close();
  }, 30_000);

  test('/m/hazards/:id (opened from the task list) shows the hazard, its photo behind the login and its history', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/m/tasks`);
    await page.click('#reported .task');
    await page.waitForURL(/\/m\/hazards\/[0-9a-f-]{36}$/);
    await page.locator('#description', { hasText: '合成车间配电箱门未上锁（H5）' }).waitFor();
    expect(await page.textContent('#summary')).toContain('一般隐患');
    // The photo is fetched with the session and shown from a blob: URL (an <img> cannot send the token).
    await page.waitForSelector('#before img.photo');
    const src = await page.getAttribute('#before img.photo', 'src');
    expect(src).toMatch(/^blob:/);
    await page.waitForFunction(() => (globalThis as any).document.querySelector('#before img.photo').naturalWidth > 0);
    expect(await page.textContent('#timeline')).toContain('上报');
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  test('the plant manager records a major hazard\'s five elements on its page', async () => {
    const auth = { Authorization: `Bearer ${me.token}` };
    const mine = (await server.http().get(`/api/hazards?reporterId=${me.personId}`).set(auth).expect(200)).body.items[0];
    const officer = await sessionFor(server, 'zhaolei');
    const graded = await server.http().post(`/api/hazards/${mine.id}/grade`).set({ Authorization: `Bearer ${officer.token}` }).send({ grade: 'major', expectedVersion: mine.version });
    expect(graded.status).toBe(200);
    const manager = await sessionFor(server, 'liuyang');
    await browser.context.addCookies([{ name: SANDBOX_COOKIE, value: manager.token, url: server.url! }]);
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}/m/hazards/${mine.id}`);
      await page.locator('#l-elements', { hasText: '尚缺 5 项' }).waitFor();
      await page.fill('#measures', '更换防爆配电箱门锁，加装门磁报警');
      await page.selectOption('#responsible', { label: '周杰 · 电仪车间' });
      await page.fill('#funds', '3500');
      await page.fill('#el-deadline', '2026-12-31');
      await page.fill('#plan', '触电应急处置方案（EP-07）');
      await page.click('#save-elements');
      await page.locator('#l-elements', { hasText: /^重大隐患“五落实”$/ }).waitFor();
      const one = (await server.http().get(`/api/hazards/${mine.id}`).set({ Authorization: `Bearer ${manager.token}` }).expect(200)).body;
      expect(one.major.missing).toEqual([]);
      expect(one.major.elements).toMatchObject({ measures: '更换防爆配电箱门锁，加装门磁报警', fundsYuan: 3500, emergencyPlan: '触电应急处置方案（EP-07）' });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await browser.context.addCookies([{ name: SANDBOX_COOKIE, value: me.token, url: server.url! }]);
    }
  }, 30_000);

  test('the pages and assets are served with a strict CSP; unknown assets are 404', async () => {
    const r = await server.http().get('/m/report').expect(200);
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    await server.http().get('/m/assets/../../env.ts').expect(404);
    await server.http().get('/m/assets/secret.js').expect(404);
    const cfg = await server.http().get('/m/config.js').expect(200);
    expect(cfg.text).toContain('miniprogram.report.title');
  });
});
