import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type { BotEvent, Messenger, Target } from '../../../../bot/src/messenger';
import { ACTIONS } from '../../../../cards/src/actions';
import { finishCard, notice } from '../../../../cards/src/model';
import { HAZARD_ID, dailyNotice, draftAreaCategoryCard, hazardAssignmentCard } from '../../../../cards/src/render/sampleCards';
import { launchBrowser, TestBrowser } from '../../../../testkit/browser';
import { startTestServer, TestServer } from '../../../../testkit/testServer';

/** Waits for a condition checked in the test process (listener calls, rows). */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Sandbox page (Chromium)', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let sandbox: Messenger;
  let plantId: string;
  let dm: Target;
  const pageErrors: string[] = [];
  const clicks: BotEvent[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ listen: true, env: { PORT: '0' } }), launchBrowser()]);
    const { deps } = server;
    sandbox = deps.messengers.get('sandbox')!;
    plantId = (await deps.directory.plantIds())[0];
    const me = (await deps.directory.personByKey(plantId, 'zhangwei'))!;
    dm = { kind: 'person', plantId, platform: 'sandbox', personId: me.id, userId: me.key, locale: 'zh-CN' };
    // A stand-in bot: echoes text, finishes the assignment card in place, records select submissions.
    deps.router.on('text', async (e) => {
      await sandbox.send(dm, { type: 'text', text: `收到：${e.text}` }, { deliveryId: 'echo' });
      return true;
    });
    deps.router.onAction(ACTIONS.hazard_accept, async (e) => {
      clicks.push(e);
      await sandbox.update(e.sentRef!, finishCard(hazardAssignmentCard(), '已接受 · 张伟 10:32'));
    });
    deps.router.onAction(ACTIONS.hazard_draft_submit, async (e) => {
      clicks.push(e);
    });
    page = await browser.context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the page with the banner and a person picker grouped by department', async () => {
    await page.goto(`${server.url}/sandbox`);
    await page.locator('#banner-text', { hasText: '沙盒模式' }).waitFor();
    const groups = await page.locator('#person optgroup').evaluateAll((els) => els.map((e) => (e as unknown as { label: string }).label));
    expect(groups).toEqual(expect.arrayContaining(['合成车间', '安全环保部']));
    expect(await page.locator('#person option', { hasText: '张伟 · 员工' }).count()).toBe(1);
    expect((await server.http().get('/sandbox/nope.js')).status).toBe(404);
  });

  it('acts as a person and sends text, a photo and a location', async () => {
    const me = (await server.deps.directory.personByKey(plantId, 'zhangwei'))!;
    await page.getByLabel('选择人员').selectOption(`${plantId}|${me.id}`);
    await page.getByRole('heading', { name: '安全助手' }).waitFor();
    await page.getByRole('button', { name: /全厂安全通知群/ }).waitFor();

    await page.getByLabel('消息内容').fill('二号罐区呼吸阀锈死');
    await page.getByLabel('消息内容').press('Enter');
    await page.locator('.msg-in .bubble.text', { hasText: '二号罐区呼吸阀锈死' }).waitFor();
    await page.locator('.msg-out .bubble.text', { hasText: '收到：二号罐区呼吸阀锈死' }).waitFor();
    expect(await page.getByLabel('消息内容').inputValue()).toBe('');

    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 60, b: 40 } } }).jpeg().toBuffer();
    await page.getByLabel('选择照片').setInputFiles({ name: 'valve.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    // The thumbnail really loaded from /api/files (the page's cookie session is accepted there).
    const thumb = page.locator('.msg-in .bubble.image img');
    await thumb.waitFor();
    await until('the thumbnail to load', () => thumb.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth === 64));

    await page.getByRole('button', { name: '位置' }).click();
    await page.getByLabel('预设位置').selectOption({ label: '罐区' });
    await page.getByRole('button', { name: '发送位置' }).click();
    await page.locator('.msg-in .location', { hasText: '31.90300, 118.80625 (GCJ-02)' }).waitFor();
    await page.locator('.msg-in .location', { hasText: '罐区' }).waitFor();
    await page.screenshot({ path: '/tmp/sandbox-page-chat.png' });

    await page.getByLabel('纬度').fill('95');
    await page.getByRole('button', { name: '发送位置' }).click();
    await page.getByRole('alert').filter({ hasText: 'lat' }).waitFor();
  });

  it('clicks a card button and shows the card finished in place', async () => {
    const sent = await sandbox.send(dm, { type: 'card', card: hazardAssignmentCard() }, { deliveryId: 'card-1' });
    const card = page.getByRole('article', { name: /隐患整改任务 YH-20261124-0001/ });
    await card.waitFor();
    await card.getByText('较大隐患').waitFor();
    expect(await card.locator('.card-text strong', { hasText: '现象' }).count()).toBe(1);
    expect(await card.locator('.card-text li').count()).toBe(2);
    expect(await card.getByRole('link', { name: '查看隐患详情' }).getAttribute('target')).toBe('_blank');

    await card.getByRole('button', { name: '接受任务' }).click();
    await until('the accept click', () => clicks.length === 1);
    expect(clicks[0].action).toEqual({ action: ACTIONS.hazard_accept, subjectType: 'hazard', subjectId: HAZARD_ID, cardVersion: 3 });
    expect(clicks[0].sentRef).toEqual({ platform: 'sandbox', ref: sent.ref });

    await card.getByText('已接受 · 张伟 10:32').waitFor();
    expect(await card.getByRole('button', { name: '接受任务' }).count()).toBe(0);
    expect(await page.getByRole('article', { name: /隐患整改任务/ }).count()).toBe(1);
  });

  it('submits a select card with the chosen options', async () => {
    await sandbox.send(dm, { type: 'card', card: draftAreaCategoryCard() }, { deliveryId: 'card-2' });
    const card = page.getByRole('article', { name: '补充隐患信息' });
    await card.getByRole('radio', { name: '泵房' }).check();
    await card.getByRole('radio', { name: '设备设施' }).check();
    await card.getByRole('button', { name: '提交' }).click();
    await until('the submit click', () => clicks.length === 2);
    expect(clicks[1].action?.action).toBe(ACTIONS.hazard_draft_submit);
    expect(clicks[1].selections).toEqual({ area: ['pump_room'], category: ['equipment'] });
  });

  it('shows group notices with an unread badge, rendering markdown without running markup', async () => {
    const group = (await server.deps.db.query<{ id: string }>(`SELECT id FROM groups WHERE plant_id = $1 AND key = 'plant_safety'`, [plantId])).rows[0];
    const target: Target = { kind: 'group', plantId, platform: 'sandbox', groupId: group.id, locale: 'zh-CN' };
    await sandbox.send(target, { type: 'notice', notice: dailyNotice() }, { deliveryId: 'n-1' });
    const hostile = notice('测试 <b>标签</b>', '**加粗** <img src=x onerror="window.__pwned=1">\n- 一\n- 二\n[坏链接](javascript:alert(1))');
    await sandbox.send(target, { type: 'notice', notice: hostile }, { deliveryId: 'n-2' });

    const conv = page.getByRole('button', { name: /全厂安全通知群/ });
    await conv.locator('.badge', { hasText: '2' }).waitFor();
    await conv.click();
    await page.getByRole('heading', { name: '全厂安全通知群' }).waitFor();
    const daily = page.getByRole('article', { name: '今日隐患日报 2026-11-24' });
    expect(await daily.locator('strong').allTextContents()).toEqual(['3', '5', '1']);
    await daily.locator('.photo-missing', { hasText: '趋势图' }).waitFor();

    const bad = page.getByRole('article', { name: '测试 <b>标签</b>' });
    await bad.getByText('<img src=x onerror="window.__pwned=1">', { exact: false }).waitFor();
    expect(await bad.locator('b, img').count()).toBe(0);
    expect(await bad.getByRole('link').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.getByLabel('消息内容').isDisabled()).toBe(true);
    expect(await conv.locator('.badge').count()).toBe(0);
  });

  it('switches to English and looks right', async () => {
    await page.getByRole('button', { name: /安全助手/ }).click();
    // Choices made on a card survive redrawing the chat.
    expect(await page.getByRole('article', { name: '补充隐患信息' }).getByRole('radio', { name: '泵房' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#banner-text', { hasText: 'Sandbox mode' }).waitFor();
    await page.getByLabel('Message', { exact: true }).waitFor();
    await page.screenshot({ path: '/tmp/sandbox-page-en.png' });
    await page.getByRole('button', { name: '中文' }).click();
    await page.locator('#banner-text', { hasText: '沙盒模式' }).waitFor();
    await page.screenshot({ path: '/tmp/sandbox-page.png' });
    expect(pageErrors).toEqual([]);
  });
});
