import { authAs, sessionFor } from '../../../../testkit/sandboxLogin';
import { DB_KINDS } from '../../../../testkit/testDb';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { permitsModule } from './permitsModule';
import { hotWorkApplication, seedCertificates, statusOf, T0, testClock } from './permitTestKit';

interface SandboxCardBody {
  kind: string;
  title: string;
  text: string | null;
  status: string | null;
  buttons: Array<{ label: string; action: string | null; url: string | null }>;
}

/** The permit cards driven like a user in the Sandbox: remote approval, and rejection with the reason asked in chat. */
describe.each(DB_KINDS)('permit cards in the Sandbox (%s)', (kind) => {
  let server: TestServer;
  const clock = testClock();
  let n = 0;

  beforeAll(async () => {
    server = await startTestServer({ kind, modules: [permitsModule], now: clock.now, work: true });
    await seedCertificates(server);
  });
  afterAll(async () => server.close());

  const until = async <T>(get: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 80; i++) {
      const v = await get();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const messages = async (who: string) => {
    const { personId } = await sessionFor(server, who);
    return (await server.deps.db.query<{ id: number; kind: string; body: SandboxCardBody & { text?: string } }>(
      'SELECT id, kind, body FROM sandbox_messages WHERE conversation = $1 ORDER BY id', [`dm:${personId}`],
    )).rows;
  };
  const card = (who: string, cardKind: string, permitCode: string) => until(async () => (await messages(who)).find((m) => m.kind === 'card' && m.body.kind === cardKind && JSON.stringify(m.body).includes(permitCode)), `${cardKind} for ${who}`);
  const click = async (who: string, messageId: number, action: string) =>
    server.http().post('/sandbox/api/actions').set(await authAs(server, who)).send({ clientId: `click-${++n}-${Date.now()}`, messageId, action });
  const say = async (who: string, text: string) =>
    server.http().post('/sandbox/api/messages').set(await authAs(server, who)).send({ kind: 'text', clientId: `say-${++n}-${Date.now()}`, text });

  it('approves from the card where the plant allows it, and rejects with a reason typed in chat', async () => {
    clock.set(T0);
    const created = await server.http().post('/api/permits').set(await authAs(server, 'liqiang')).send(hotWorkApplication(T0));
    const { id, code } = created.body.permit;
    expect((await server.http().post(`/api/permits/${id}/submit`).set(await authAs(server, 'liqiang')).send({})).status).toBe(200);

    const first = await card('zhaolei', 'permit.approval', code);
    expect(first.body.buttons.map((b) => b.label)).toEqual(['到现场审批', '远程批准', '驳回']);
    expect(first.body.buttons[0].url).toMatch(new RegExp(`/m/permits/${id}/approve$`));
    const remote = first.body.buttons.find((b) => b.label === '远程批准')!;
    expect((await click('zhaolei', first.id, remote.action!)).status).toBe(202);
    await until(async () => ((await statusOf(server, id)) === 'approving' ? true : undefined), 'the remote signature');
    // The card in the approver's chat turns into a status line; the applicant hears of the step.
    await until(async () => ((await messages('zhaolei')).find((m) => m.id === first.id)?.body.status?.startsWith('已远程签字') ? true : undefined), 'the card to update');
    await card('liqiang', 'permit.step_result', code);

    const second = await card('wangfang', 'permit.approval', code);
    const reject = second.body.buttons.find((b) => b.label === '驳回')!;
    await click('wangfang', second.id, reject.action!);
    await until(async () => (await messages('wangfang')).find((m) => m.kind === 'text' && (m.body.text ?? '').includes('驳回作业票')), 'the reason question');
    expect((await say('wangfang', '动火点周边可燃物未清理')).status).toBe(202);
    await until(async () => ((await statusOf(server, id)) === 'rejected' ? true : undefined), 'the rejection');
    const record = await server.http().get(`/api/permits/${id}`).set(await authAs(server, 'liqiang'));
    expect(record.body.ended).toMatchObject({ code: 'rejected', params: { reason: '动火点周边可燃物未清理' } });
    const told = await until(async () => (await messages('liqiang')).find((m) => m.kind === 'card' && m.body.kind === 'permit.step_result' && (m.body.text ?? '').includes('驳回')), 'the applicant to hear');
    expect(told.body.text).toContain('动火点周边可燃物未清理');
  });

  it('refuses a click by someone outside the chain with a chat reply, and changes nothing', async () => {
    clock.set(T0);
    const created = await server.http().post('/api/permits').set(await authAs(server, 'liqiang')).send(hotWorkApplication(T0));
    const { id, code } = created.body.permit;
    await server.http().post(`/api/permits/${id}/submit`).set(await authAs(server, 'liqiang')).send({});
    const c = await card('chenjing', 'permit.approval', code);
    await server.http().post(`/api/permits/${id}/approve`).set(await authAs(server, 'zhaolei')).send({ mode: 'remote' });
    // chenjing (safety_dept) was eligible for step 1, which zhaolei has signed meanwhile: the stale click is refused.
    await click('chenjing', c.id, c.body.buttons.find((b) => b.label === '远程批准')!.action!);
    await until(async () => (await messages('chenjing')).find((m) => m.kind === 'text' && (m.body.text ?? '').includes('审批环节')), 'the refusal reply');
    expect(await statusOf(server, id)).toBe('approving');
  });
});
