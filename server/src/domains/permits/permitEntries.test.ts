import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authAs, sessionFor } from '../../../../testkit/sandboxLogin';
import { DB_KINDS } from '../../../../testkit/testDb';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { listEvidence } from '../../platform/evidence/evidenceChain';
import { insertActiveCse, statusOf, T0, testClock } from './permitTestKit';
import { permitsModule } from './permitsModule';

/** The confined-space entry log (GB 30871 6.8 c) over HTTP, and the completion it guards. */
describe.each(DB_KINDS)('confined-space entry log (%s)', (kind) => {
  let server: TestServer;
  let plantId: string;
  const clock = testClock();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ kind, modules: [permitsModule], now: clock.now, work: false });
    plantId = (await sessionFor(server, 'liqiang')).plantId;
    for (const k of ['liqiang', 'zhangwei', 'luogang', 'xulin', 'zhoujie']) ids[k] = (await sessionFor(server, k)).personId;
  });
  afterAll(async () => server.close());

  const log = async (who: string, id: string, body: object) => server.http().post(`/api/permits/${id}/entries`).set(await authAs(server, who)).send(body);

  it('the guardian logs people and tools in and out; completion waits until nobody and nothing is inside', async () => {
    clock.set(T0);
    const id = await insertActiveCse(server, plantId, ids);
    expect((await log('xulin', id, { kind: 'person', person: 'zhangwei', direction: 'in' })).status).toBe(201);
    expect((await log('xulin', id, { kind: 'tool', tool: '防爆扳手', count: 2, direction: 'in' })).status).toBe(201);
    const second = await log('xulin', id, { kind: 'person', person: 'luogang', direction: 'in' });
    expect(second.body.inside).toEqual({ people: [ids.zhangwei, ids.luogang], tools: [{ name: '防爆扳手', count: 2 }] });

    // The guardian may not report completion while the log shows people and tools inside.
    const early = await server.http().post(`/api/permits/${id}/complete`).set(await authAs(server, 'xulin')).send({});
    expect(early.status).toBe(422);
    expect(early.body.error.details).toMatchObject({ rule: 'entrants_inside', sourceRef: 'GB 30871-2022 6.8 c)' });
    expect(early.body.error.message).toBe('受限空间内仍有人员或工具未撤出：人员 张伟、罗刚；工具 防爆扳手×2。清点无误后才能完工。');
    expect(await statusOf(server, id)).toBe('active');

    for (const body of [{ kind: 'person', person: 'zhangwei', direction: 'out' }, { kind: 'person', person: 'luogang', direction: 'out' }, { kind: 'tool', tool: '防爆扳手', count: 2, direction: 'out' }]) {
      expect((await log('xulin', id, body)).status).toBe(201);
    }
    const view = await server.http().get(`/api/permits/${id}/entries`).set(await authAs(server, 'liqiang'));
    expect(view.body.inside).toEqual({ people: [], tools: [] });
    expect(view.body.entries.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await server.http().post(`/api/permits/${id}/complete`).set(await authAs(server, 'xulin')).send({})).status).toBe(200);
    const record = (await server.http().get(`/api/permits/${id}`).set(await authAs(server, 'liqiang'))).body;
    expect(record.entryLog.entries[0]).toMatchObject({ kind: 'person', direction: 'in', person: { name: '张伟' }, recordedBy: { name: '徐林' } });
    expect((await listEvidence(server.deps.db, plantId, 'permit', id)).filter((e) => e.kind === 'permit.entry')).toHaveLength(6);

    // The printed permit carries the log (poppler's pdftotext is installed by the test set-up).
    const pdf = await server.http().get(`/api/permits/${id}/pdf`).set(await authAs(server, 'liqiang')).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'anquan-entries-')), 'cse.pdf');
    writeFileSync(file, pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('受限空间人员、工具进出登记');
    expect(text).toMatch(/张伟\s+进入\s+\(徐林\)/);
    expect(text).toMatch(/防爆扳手×2\s+撤出/);
  });

  it('refuses, naming the rule and field, and writes nothing: guardian inside, a stranger, twice in, out before in, tools, not the guardian, bad body', async () => {
    clock.set(T0);
    const id = await insertActiveCse(server, plantId, ids);
    const refused = async (who: string, body: object, status: number, rule: string | null, field?: string) => {
      const r = await log(who, id, body);
      expect(r.status).toBe(status);
      if (rule) expect(r.body.error.details).toMatchObject({ rule, field });
      return r;
    };
    await refused('xulin', { kind: 'person', person: 'xulin', direction: 'in' }, 422, 'guardian_stays_outside', 'body.person');
    await refused('xulin', { kind: 'person', person: 'zhoujie', direction: 'in' }, 422, 'entrant_not_on_permit', 'body.person');
    await refused('xulin', { kind: 'person', person: 'zhangwei', direction: 'out' }, 422, 'entrant_not_inside', 'body.person');
    await refused('xulin', { kind: 'tool', tool: '照明灯', direction: 'out' }, 422, 'tool_not_inside', 'body.count');
    expect((await log('xulin', id, { kind: 'person', person: 'zhangwei', direction: 'in' })).status).toBe(201);
    await refused('xulin', { kind: 'person', person: 'zhangwei', direction: 'in' }, 422, 'entrant_already_inside', 'body.person');
    const notGuardian = await refused('zhangwei', { kind: 'person', person: 'luogang', direction: 'in' }, 403, null);
    expect(notGuardian.body.error.details.reason).toBe('not_guardian');
    const unknown = await refused('xulin', { kind: 'person', person: 'nobody', direction: 'in' }, 400, null);
    expect(unknown.body.error.details.fields[0].field).toBe('body.person');
    const bad = await refused('xulin', { kind: 'tool', tool: '扳手', count: 0, direction: 'in' }, 400, null);
    expect(bad.body.error.details.fields[0].field).toMatch(/count/);
    expect((await server.http().get(`/api/permits/${id}/entries`).set(await authAs(server, 'liqiang'))).body.entries).toHaveLength(1);
  });
});
