import { launchBrowser, type TestBrowser } from '../../../../testkit/browser';
import { authAs, sessionFor } from '../../../../testkit/sandboxLogin';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { insertActiveCse, statusOf, T0, testClock } from './permitTestKit';
import { permitsModule } from './permitsModule';
import { freePort } from '../../../../scripts/lib/freePort';

jest.setTimeout(90_000);


/** The guardian's entry-log page at the manhole, in Chromium: tap people and tools in and out. */
describe('confined-space entry log page (Chromium)', () => {
  let server: TestServer;
  let browser: TestBrowser;
  const clock = testClock();
  const ids: Record<string, string> = {};
  let plantId: string;

  beforeAll(async () => {
    const port = await freePort();
    [server, browser] = await Promise.all([
      startTestServer({ listen: true, env: { PORT: String(port), PUBLIC_URL: `http://localhost:${port}` }, modules: [permitsModule], now: clock.now, work: false }),
      launchBrowser(),
    ]);
    plantId = (await sessionFor(server, 'liqiang')).plantId;
    for (const k of ['liqiang', 'zhangwei', 'luogang', 'xulin']) ids[k] = (await sessionFor(server, k)).personId;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('logs 张伟 and a tool in, shows who is inside, refuses the guardian going in, and logs everyone out', async () => {
    clock.set(T0);
    const id = await insertActiveCse(server, plantId, ids);
    const token = (await sessionFor(server, 'xulin')).token;
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/m/permits/${id}/entries#session=${token}`);
    await page.getByRole('heading', { name: '进出登记' }).waitFor();
    const row = (name: string) => page.locator('#people li', { hasText: name });

    await row('张伟').getByRole('button', { name: '进入' }).click();
    await page.locator('#result', { hasText: '已登记 #1' }).waitFor();
    await page.getByPlaceholder('工具名称，如 防爆扳手').fill('防爆扳手');
    await page.getByLabel('数量').fill('2');
    await page.getByRole('button', { name: '带入' }).click();
    await page.locator('#inside', { hasText: '当前在内：张伟、防爆扳手×2' }).waitFor();

    // Taking out more tools than went in is refused with the rule's message; nothing is logged.
    await page.getByLabel('数量').fill('3');
    await page.getByRole('button', { name: '带出' }).click();
    await page.locator('#error', { hasText: '“防爆扳手”登记在内 2 件，不能撤出 3 件。' }).waitFor();

    // Completion is refused while the log shows people and tools inside.
    const early = await server.http().post(`/api/permits/${id}/complete`).set(await authAs(server, 'xulin')).send({});
    expect(early.body.error.details.rule).toBe('entrants_inside');

    await row('张伟').getByRole('button', { name: '撤出' }).click();
    await page.locator('#result', { hasText: '已登记 #3' }).waitFor();
    await page.getByLabel('数量').fill('2');
    await page.getByRole('button', { name: '带出' }).click();
    await page.locator('#inside', { hasText: '当前在内：无人员、无工具' }).waitFor();
    expect((await server.http().post(`/api/permits/${id}/complete`).set(await authAs(server, 'xulin')).send({})).status).toBe(200);
    expect(await statusOf(server, id)).toBe('completed');
    expect(errors).toEqual([]);
    await page.close();
  });
});
