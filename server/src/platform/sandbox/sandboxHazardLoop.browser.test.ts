import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { hazardsModule } from '../../domains/hazards/hazardsModule';
import { launchBrowser, TestBrowser } from '../../../../testkit/browser';
import { authAs, sessionFor } from '../../../../testkit/sandboxLogin';
import { startTestServer, TestServer } from '../../../../testkit/testServer';

/**
 * The hazard closed loop driven only through the Sandbox page, the way a demo goes: a worker reports
 * with location, photo and text, submits the draft card; the assignee accepts and sends the after-photo;
 * the reviewer approves; the evidence chain then verifies.
 */

function photo(r: number, g: number, b: number): Promise<Buffer> {
  return sharp({ create: { width: 80, height: 60, channels: 3, background: { r, g, b } } }).jpeg().toBuffer();
}

/** Waits for a value computed in the test process (database rows written by jobs). */
async function until<T>(what: string, probe: () => Promise<T | null | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Sandbox page: the hazard loop (Chromium)', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer({ listen: true, env: { PORT: '0' }, modules: [hazardsModule] }), launchBrowser()]);
    page = await browser.context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Acts as a demo person through the picker. */
  async function actAs(key: string): Promise<void> {
    const s = await sessionFor(server, key);
    await page.getByLabel('选择人员').selectOption(`${s.plantId}|${s.personId}`);
    await page.getByRole('heading', { name: '安全助手' }).waitFor();
  }

  /** Waits for a bot text reply in the open chat and returns it. */
  async function botSays(pattern: RegExp): Promise<string> {
    const bubble = page.locator('.msg-out .bubble.text', { hasText: pattern }).last();
    await bubble.waitFor({ timeout: 15_000 });
    return (await bubble.textContent()) ?? '';
  }

  it('reports, rectifies and closes a hazard through the page; the chain verifies', async () => {
    await page.goto(`${server.url}/sandbox`);
    await actAs('zhangwei');

    // Report: location inside 合成车间, a photo, then one line of text.
    await page.getByRole('button', { name: '位置' }).click();
    await page.getByLabel('预设位置').selectOption({ label: '合成车间' });
    await page.getByRole('button', { name: '发送位置' }).click();
    await botSays(/合成车间/);
    await page.getByLabel('选择照片').setInputFiles({ name: 'leak.jpg', mimeType: 'image/jpeg', buffer: await photo(180, 70, 40) });
    await botSays(/描述隐患/);
    await page.getByLabel('消息内容').fill('反应釜R-101法兰泄漏，地面有物料');
    await page.getByLabel('消息内容').press('Enter');

    const draft = page.getByRole('article', { name: '隐患上报草稿' });
    await draft.waitFor({ timeout: 15_000 });
    expect(await draft.getByRole('radio', { name: '合成车间' }).isChecked()).toBe(true);
    await draft.getByRole('radio', { name: /法兰或阀门泄漏/ }).check();
    await page.screenshot({ path: '/tmp/sandbox-hazard-draft.png' });
    await draft.getByRole('button', { name: '提交' }).click();
    const reported = await botSays(/隐患已上报/);
    const code = /YH-\d{8}-\d{4}/.exec(reported)?.[0] as string;
    expect(code).toBeDefined();
    await draft.getByText(`已上报 · ${code}`).waitFor({ timeout: 15_000 });
    expect(reported).toContain('李强');

    // Rectify: the team leader accepts, says it is done and sends the after-photo.
    await actAs('liqiang');
    const task = page.getByRole('article', { name: new RegExp(`隐患整改任务 ${code}`) });
    await task.waitFor({ timeout: 15_000 });
    await task.getByRole('button', { name: '接受任务' }).click();
    await botSays(new RegExp(`已接受 ${code}`));
    await task.getByRole('button', { name: '已整改' }).click();
    await botSays(/整改后的现场照片/);
    await page.getByLabel('选择照片').setInputFiles({ name: 'fixed.jpg', mimeType: 'image/jpeg', buffer: await photo(60, 160, 90) });
    await botSays(new RegExp(`已提交 ${code} 的整改`));

    // Verify: whoever received the verification card approves it.
    const reviewerId = await until('the verification card', async () => {
      const r = await server.deps.db.query<{ conversation: string }>(
        `SELECT conversation FROM sandbox_messages WHERE kind = 'card' AND body->>'kind' = 'hazard.verification' AND body->>'title' LIKE $1 ORDER BY id LIMIT 1`,
        [`%${code}%`],
      );
      return r.rows[0]?.conversation.replace(/^dm:/, '');
    });
    const reviewer = (await server.deps.directory.person((await sessionFor(server, 'zhangwei')).plantId, reviewerId))!;
    await actAs(reviewer.key);
    const check = page.getByRole('article', { name: new RegExp(`隐患整改待验收 ${code}`) });
    await check.waitFor({ timeout: 15_000 });
    await check.getByRole('button', { name: '验收通过' }).click();
    await botSays(new RegExp(`已验收通过 ${code}`));
    await page.screenshot({ path: '/tmp/sandbox-hazard-loop.png' });

    const list = await server.http().get('/api/hazards').query({ status: 'closed' }).set(await authAs(server, 'chenjing')).expect(200);
    expect(list.body.items.map((h: { code: string }) => h.code)).toContain(code);
    const verify = await server.http().get('/api/audit/verify').set(await authAs(server, 'chenjing')).expect(200);
    expect(verify.body).toEqual(expect.objectContaining({ ok: true, complete: true }));
    expect(verify.body.checked).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
