import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { authAs, sessionFor } from '../../../../testkit/sandboxLogin';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { permitsModule } from './permitsModule';
import { issuePermitQrToken } from './permitQrToken';
import { activate, approvedHotWork, at, seedCertificates, T0, testClock } from './permitTestKit';

const has = (tool: string) => ['/usr/bin', '/usr/local/bin'].some((d) => existsSync(join(d, tool)));

/** The closed permit prints as a PDF in the form layout, with Chinese text, QR, signature times and hashes. */
describe('permit PDF', () => {
  let server: TestServer;
  let dir: string;
  const clock = testClock();

  beforeAll(async () => {
    server = await startTestServer({ kind: 'pglite', modules: [permitsModule], now: clock.now, work: false });
    await seedCertificates(server);
    dir = mkdtempSync(join(tmpdir(), 'permit-pdf-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders a closed hot-work permit: a PDF with pages, the form text, and a page 1 that is not blank', async () => {
    clock.set(T0);
    const { plantId } = await sessionFor(server, 'liqiang');
    const id = await approvedHotWork(server, T0);
    await activate(server, id, clock.now(), issuePermitQrToken(server.deps.appSecret, { plantId, permitId: id, now: clock.now(), expiresAt: new Date(at(T0, 240)) }));
    clock.advanceMin(90);
    const post = async (who: string, action: string) => server.http().post(`/api/permits/${id}/${action}`).set(await authAs(server, who)).send({});
    expect((await post('xulin', 'complete')).status).toBe(200);
    expect((await post('wangfang', 'accept')).status).toBe(200);

    const res = await server.http().get(`/api/permits/${id}/pdf`).set(await authAs(server, 'chenjing')).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, 'permit.pdf');
    writeFileSync(file, pdf);

    if (has('pdfinfo')) {
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
      expect(pages).toBeGreaterThanOrEqual(1);
    }
    if (has('pdftotext')) {
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const record = (await server.http().get(`/api/permits/${id}`).set(await authAs(server, 'chenjing'))).body;
      expect(text).toContain('动火安全作业票');
      expect(text).toContain(record.code);
      expect(text).toContain('岗位当班班长验票');
      expect(text).toContain('现场');
      expect(text).toContain('远程');
      expect(text).toContain('2027-03-09 10:00');
      expect(text.replace(/\s/g, '')).toContain(record.evidence[record.evidence.length - 1].hash);
    }
    if (has('pdftoppm')) {
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, join(dir, 'page')]);
      const png = readFileSync(join(dir, 'page-1.png'));
      const stats = await sharp(png).stats();
      // A blank page has no spread; the form has text, lines, the level band and the QR code.
      expect(Math.min(...stats.channels.map((c) => c.stdev))).toBeGreaterThan(10);
    }
  });
});
