import { ACTIONS } from '../../../../cards/src/actions';
import { actionRef, button, card, field, finishCard } from '../../../../cards/src/model';
import { enqueueCardRefresh, enqueueDelivery } from '../delivery/delivery';
import type { ServerModule } from '../serverDeps';
import { authAs } from '../../../../testkit/sandboxLogin';
import { DB_KINDS } from '../../../../testkit/testDb';
import { startTestServer, TestServer } from '../../../../testkit/testServer';

/**
 * A tiny module that exercises the whole messaging path the domains use: a text message goes
 * through the router to a command (one transaction, deduped), the command enqueues a card, the
 * delivery job renders it into the Sandbox, a click comes back as an action, and the card is
 * refreshed in place.
 */
const echoModule: ServerModule = {
  name: 'echo',
  register(deps) {
    deps.commands.register('echo.note', {
      right: 'hazard.report',
      async run({ tx, principal, event }) {
        const id = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_dedupe')).rows[0].n;
        await tx.query(`INSERT INTO conversation_states (plant_id, person_id, kind, state, expires_at) VALUES ($1, $2, 'echo', $3, now() + interval '1 hour')
          ON CONFLICT (plant_id, person_id, kind) DO UPDATE SET state = EXCLUDED.state`, [principal.plantId, principal.personId, JSON.stringify({ text: event.text, done: false, id })]);
        await enqueueDelivery(tx, deps.jobs, principal.plantId, { personId: principal.personId!, platform: event.platform }, { type: 'card', kind: 'echo.card', subjectType: 'echo', subjectId: principal.personId! });
        await enqueueDelivery(tx, deps.jobs, principal.plantId, { groupKey: 'plant_safety' }, { type: 'notice', kind: 'echo.notice', subjectType: 'echo', subjectId: principal.personId! });
      },
    });
    deps.commands.register('echo.done', {
      async run({ tx, principal, event }) {
        await tx.query(`UPDATE conversation_states SET state = jsonb_set(state, '{done}', 'true') WHERE person_id = $1 AND kind = 'echo'`, [principal.personId]);
        await enqueueCardRefresh(tx, deps.jobs, principal.plantId, 'echo', event.action!.subjectId);
      },
    });
    deps.cards.register('echo.card', async (ctx) => {
      const st = (await ctx.q.query<{ state: { text: string; done: boolean } }>(`SELECT state FROM conversation_states WHERE person_id = $1 AND kind = 'echo'`, [ctx.subjectId])).rows[0].state;
      const c = card('echo.card', `回声：${st.text}`, { fields: [field('状态', st.done ? '完成' : '待处理')], buttons: [button('完成', actionRef(ACTIONS.noop, 'echo', ctx.subjectId, ctx.cardVersion), 'primary')] });
      return st.done ? finishCard(c, '已完成') : c;
    });
    deps.cards.register('echo.notice', async () => ({ title: '群通知', markdown: '**有人说话了**' }));
    deps.router.on('text', async (event, bus) => {
      await bus.execute(event, 'echo.note', {});
      return true;
    });
    deps.router.onAction(ACTIONS.noop, async (event, bus) => {
      await bus.execute(event, 'echo.done', {});
    });
  },
};

async function poll(s: TestServer, auth: Record<string, string>, until: (msgs: any[]) => boolean, after = 0): Promise<any[]> {
  const end = Date.now() + 10_000;
  let all: any[] = [];
  for (;;) {
    const r = await s.http().get(`/sandbox/api/poll?after=${after}`).set(auth).expect(200);
    all = r.body.messages;
    if (until(all)) return all;
    if (Date.now() > end) throw new Error(`timed out; saw ${JSON.stringify(all).slice(0, 500)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe.each(DB_KINDS)('Sandbox chat end to end on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ kind, modules: [echoModule] });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('routes a text to a command, delivers a card and a group notice, updates the card after a click', async () => {
    const auth = await authAs(s, 'zhangwei');
    const convs = await s.http().get('/sandbox/api/conversations').set(auth).expect(200);
    expect(convs.body[0].kind).toBe('dm');
    const sent = { kind: 'text', clientId: 'client-0001', text: '3号配电箱未上锁' };
    await s.http().post('/sandbox/api/messages').set(auth).send(sent).expect(202);
    // The same client id again (a double submit) is stored and handled once.
    const dup = await s.http().post('/sandbox/api/messages').set(auth).send(sent).expect(202);
    expect(dup.body.duplicate).toBe(true);
    const msgs = await poll(s, auth, (m) => m.some((x) => x.kind === 'card') && m.some((x) => x.kind === 'markdown'));
    expect(msgs.filter((m) => m.direction === 'in')).toHaveLength(1);
    const cardMsg = msgs.find((m) => m.kind === 'card');
    expect(cardMsg.body.title).toBe('回声：3号配电箱未上锁');
    expect(msgs.filter((m) => m.kind === 'card')).toHaveLength(1);
    const action = cardMsg.body.buttons[0].action;
    await s.http().post('/sandbox/api/actions').set(auth).send({ clientId: 'click-0001', messageId: cardMsg.id, action }).expect(202);
    const updated = await poll(s, auth, (m) => m.some((x) => x.id === cardMsg.id && x.version > 1), cardMsg.rev);
    const after = updated.find((m) => m.id === cardMsg.id);
    expect(after.body.status).toBe('已完成');
    expect(after.body.buttons ?? []).toHaveLength(0);
    const sentRows = await s.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sent_messages WHERE subject_type = 'echo'`);
    expect(sentRows.rows[0].n).toBe(2);
  });

  it('refuses a click on a card that is not in the person\'s chat, and malformed action strings', async () => {
    const other = await authAs(s, 'liqiang');
    const auth = await authAs(s, 'zhangwei');
    const msgs = await poll(s, auth, (m) => m.some((x) => x.kind === 'card'));
    const cardMsg = msgs.find((m) => m.kind === 'card');
    const r = await s.http().post('/sandbox/api/actions').set(other).send({ clientId: 'click-0002', messageId: cardMsg.id, action: cardMsg.body.buttons?.[0]?.action ?? 'x' }).expect(404);
    expect(r.body.error.code).toBe('not_found');
    const bad = await s.http().post('/sandbox/api/actions').set(auth).send({ clientId: 'click-0003', messageId: cardMsg.id, action: 'garbage' }).expect(400);
    expect(bad.body.error.message).toContain('body.action');
  });

  it('answers a person without the right with a short reply instead of running the command', async () => {
    const inspector = await authAs(s, 'lin_andi');
    await s.http().post('/sandbox/api/messages').set(inspector).send({ kind: 'text', clientId: 'client-insp-1', text: 'hello' }).expect(202);
    const msgs = await poll(s, inspector, (m) => m.some((x) => x.direction === 'out' && x.kind === 'text' && x.conversation.startsWith('dm:')));
    expect(msgs.find((x) => x.direction === 'out' && x.kind === 'text' && x.conversation.startsWith('dm:')).body.text).toContain('hazard.report');
  });
});
