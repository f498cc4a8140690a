import type { Locator, Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../../../../testkit/browser';
import { authAs, sessionFor } from '../../../../testkit/sandboxLogin';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { permitsModule } from './permitsModule';
import { at, hotWorkApplication, passingGasTest, seedCertificates, T0, testClock, wastewaterWgs } from './permitTestKit';
import { freePort } from '../../../../scripts/lib/freePort';


/**
 * Issue 6 "Done means", in Chromium against the Sandbox: apply → approvals (one on site with a given
 * position through the H5 page, one remote from the card) → shift check from the card → QR check-in
 * on the H5 page → interruption → resume after a re-test → hold placed and released → complete →
 * accept → PDF, with the compliance rate. The applicant's and analysts' steps use the API.
 */
describe('special-work permit in the Sandbox (Chromium)', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let sandbox: Page;
  let plantId: string;
  const clock = testClock();
  const errors: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    [server, browser] = await Promise.all([
      startTestServer({ listen: true, env: { PORT: String(port), PUBLIC_URL: `http://localhost:${port}` }, modules: [permitsModule], now: clock.now, work: true }),
      launchBrowser(),
    ]);
    plantId = (await sessionFor(server, 'liqiang')).plantId;
    await seedCertificates(server);
    const origin = server.url as string;
    await browser.context.grantPermissions(['geolocation'], { origin });
    const here = wastewaterWgs();
    await browser.context.setGeolocation({ latitude: here.lat, longitude: here.lng, accuracy: 8 });
    sandbox = await browser.context.newPage();
    sandbox.on('pageerror', (err) => errors.push(err.message));
    await sandbox.goto(`${origin}/sandbox`);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const api = async (who: string, method: 'get' | 'post', path: string, body: object = {}) => {
    const req = method === 'get' ? server.http().get(path) : server.http().post(path).send(body);
    return req.set(await authAs(server, who));
  };
  /** Switches the Sandbox to a person (this also sets the Sandbox cookie the H5 pages log in with). */
  const actAs = async (who: string) => {
    const p = (await server.deps.directory.personByKey(plantId, who))!;
    await sandbox.getByLabel('选择人员').selectOption(`${plantId}|${p.id}`);
    await sandbox.locator('#whoami strong', { hasText: p.name }).waitFor();
  };
  const cardOf = (title: RegExp): Locator => sandbox.getByRole('article', { name: title }).last();
  /** Opens a link of a card in a new tab (the H5 page), runs `work` there and closes it. */
  const openLink = async (link: Locator, work: (page: Page) => Promise<void>) => {
    const href = await link.getAttribute('href');
    expect(href).toMatch(new RegExp(`^${server.url}/m/permits/`));
    const page = await browser.context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(href!);
    await work(page);
    await page.close();
  };

  it('runs the whole permit with the Sandbox, the H5 pages and the API', async () => {
    clock.set(T0);
    // Apply and submit (the applicant's form is an API call here).
    const created = await api('liqiang', 'post', '/api/permits', hotWorkApplication(T0, 4, { gasTests: [passingGasTest(at(T0, -10), 'pre-1')] }));
    expect(created.status).toBe(201);
    const { id, code } = created.body.permit;
    expect((await api('liqiang', 'post', `/api/permits/${id}/submit`)).status).toBe(200);

    // Step 1, on site: the approval card's button opens the H5 page, which sends the browser's position.
    await actAs('zhaolei');
    const ask1 = cardOf(new RegExp(`作业票审批`));
    await ask1.getByText(code).first().waitFor({ timeout: 15_000 });
    await openLink(ask1.getByRole('link', { name: '到现场审批' }), async (page) => {
      await page.locator('#permit-summary dd', { hasText: code }).waitFor();
      await page.getByRole('button', { name: '获取当前位置并审批' }).click();
      await page.getByRole('status').filter({ hasText: '已在现场签字' }).waitFor();
      await page.screenshot({ path: '/tmp/permit-h5-approve.png' });
    });
    await ask1.getByText(/已现场签字/).waitFor({ timeout: 15_000 });

    // Step 2, remote from the card (the demo plant allows it for 二级 hot work).
    await actAs('wangfang');
    const ask2 = cardOf(/作业票审批/);
    await ask2.getByText(code).first().waitFor({ timeout: 15_000 });
    await ask2.getByRole('button', { name: '远程批准' }).click();
    await ask2.getByText(/已远程签字/).waitFor({ timeout: 15_000 });

    // The shift leader checks the permit before ignition, from the card.
    await actAs('zhengtao');
    const shift = cardOf(/动火前验票/);
    await shift.getByRole('button', { name: '验票' }).click({ timeout: 15_000 });
    await shift.getByText(/已验票/).waitFor({ timeout: 15_000 });

    // A fresh gas test, then the guardian scans the QR and checks in on the H5 page.
    clock.advanceMin(5);
    expect((await api('zhaolei', 'post', `/api/permits/${id}/gas-tests`, passingGasTest(clock.now().toISOString(), 'pre-2'))).status).toBe(200);
    await actAs('xulin');
    const qr = cardOf(/签到二维码/);
    const img = qr.getByRole('img');
    await img.waitFor({ timeout: 15_000 });
    // The QR really loaded from /api/files with the Sandbox cookie.
    for (let i = 0; i < 40 && (await img.evaluate((e) => (e as unknown as { naturalWidth: number }).naturalWidth)) < 100; i++) await sandbox.waitForTimeout(250);
    expect(await img.evaluate((e) => (e as unknown as { naturalWidth: number }).naturalWidth)).toBe(360);
    await openLink(qr.getByRole('link', { name: '打开签到页' }), async (page) => {
      await page.getByRole('button', { name: '获取当前位置并签到' }).click();
      await page.getByRole('status').filter({ hasText: '签到成功' }).waitFor();
      await page.screenshot({ path: '/tmp/permit-h5-checkin.png' });
    });
    expect((await api('xulin', 'get', `/api/permits/${id}`)).body.status).toBe('active');

    // Interruption, then resume after the re-test the 61-minute gap requires.
    expect((await api('xulin', 'post', `/api/permits/${id}/interrupt`, { reason: '午休' })).status).toBe(200);
    await cardOf(/作业中断/).waitFor({ timeout: 15_000 });
    clock.advanceMin(61);
    expect((await api('xulin', 'post', `/api/permits/${id}/resume`)).body.error.details.rule).toBe('gas_retest_required');
    expect((await api('zhaolei', 'post', `/api/permits/${id}/gas-tests`, passingGasTest(clock.now().toISOString(), 'retest-1'))).status).toBe(200);
    expect((await api('xulin', 'post', `/api/permits/${id}/resume`)).status).toBe(200);
    await cardOf(/作业恢复/).waitFor({ timeout: 15_000 });

    // A hold suspends the work until it is released and the conditions (and gas) are re-checked.
    const hold = await api('zhaolei', 'post', '/api/permits/holds', { scope: { permitIds: [id] }, reason: '相邻装置检修排放' });
    expect(hold.status).toBe(201);
    await cardOf(/作业暂停/).getByText('相邻装置检修排放').waitFor({ timeout: 15_000 });
    clock.advanceMin(20);
    expect((await api('zhaolei', 'post', `/api/permits/holds/${hold.body.holdId}/release`)).body.releasedPermitIds).toEqual([id]);
    await cardOf(/暂停已全部解除/).waitFor({ timeout: 15_000 });
    clock.advanceMin(2);
    expect((await api('zhaolei', 'post', `/api/permits/${id}/gas-tests`, passingGasTest(clock.now().toISOString(), 'retest-2'))).status).toBe(200);
    expect((await api('xulin', 'post', `/api/permits/${id}/resume`, { conditionsReconfirmed: true })).status).toBe(200);

    // Complete, accept; the closed summary shows the compliance rate and links the PDF.
    clock.advanceMin(60);
    expect((await api('xulin', 'post', `/api/permits/${id}/complete`)).status).toBe(200);
    expect((await api('wangfang', 'post', `/api/permits/${id}/accept`)).status).toBe(200);
    await actAs('liqiang');
    const closed = cardOf(/作业票已验收关闭/);
    await closed.getByText('过程合规率 100%（8/8 个必经环节）。').waitFor({ timeout: 15_000 });
    await sandbox.screenshot({ path: '/tmp/permit-sandbox-closed.png' });
    const pdfHref = await closed.getByRole('link', { name: '下载作业票（PDF）' }).getAttribute('href');
    const pdf = await sandbox.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    const compliance = await api('chenjing', 'get', `/api/permits/${id}/compliance`);
    expect(compliance.body).toMatchObject({ rate: 1, missed: [] });
    const record = (await api('chenjing', 'get', `/api/permits/${id}`)).body;
    expect(record.chain.map((s: { signatures: Array<{ mode: string }> }) => s.signatures[0].mode)).toEqual(['onsite', 'remote']);
    expect(record.chain[0].signatures[0].location.datum).toBe('WGS-84');
    expect(record.checkIns[0].location.datum).toBe('WGS-84');
    expect(errors).toEqual([]);
  }, 180_000);
});
