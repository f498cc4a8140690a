import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, TestServer } from '../../../../testkit/testServer';

const PAGE_DIR = join(__dirname, 'page');

describe('Sandbox page files and directory', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ work: false });
  });
  afterAll(() => server.close());

  it('serves the page with a content security policy', async () => {
    const res = await server.http().get('/sandbox').expect(200);
    expect(res.type).toBe('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.text).toContain('/sandbox/app.js');
  });

  it('serves every file of the page folder, and every module the scripts import', async () => {
    const files = readdirSync(PAGE_DIR).filter((f) => f !== 'index.html');
    const imported = files
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => [...readFileSync(join(PAGE_DIR, f), 'utf8').matchAll(/from '\.\/([\w.]+)'/g)].map((m) => m[1]));
    for (const f of new Set([...files, ...imported])) {
      const res = await server.http().get(`/sandbox/${f}`);
      expect([f, res.status]).toEqual([f, 200]);
      expect(res.type).toBe(f.endsWith('.css') ? 'text/css' : 'application/javascript');
    }
  });

  it('answers 404 for anything else under /sandbox', async () => {
    for (const f of ['nope.js', 'constructor', '__proto__', '..%2Fsandbox.ts']) {
      const res = await server.http().get(`/sandbox/${f}`);
      expect([f, res.status, res.body.error?.code]).toEqual([f, 404, 'not_found']);
    }
  });

  it('lists people with titles, department and role names for the picker', async () => {
    const res = await server.http().get('/sandbox/api/people').expect(200);
    expect(res.body.banner['zh-CN']).toContain('沙盒模式');
    const plant = res.body.plants[0];
    expect(plant.departments).toEqual(expect.arrayContaining([{ key: 'synthesis_ws', name: '合成车间' }]));
    expect(plant.roles).toEqual(expect.arrayContaining([{ key: 'worker', name: '员工' }]));
    expect(plant.people).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'zhangwei', title: '合成车间操作工', departmentKey: 'synthesis_ws', roles: ['worker'] })]));
  });
});
