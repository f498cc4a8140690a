import { encrypt, getSignature } from '@wecom/crypto';
import { encodeActionRef } from '../../../../cards/src/actionRef';
import { ACTIONS } from '../../../../cards/src/actions';
import { sealCallback } from '../../../../scripts/sim/wecomPeerCallbacks';
import { DB_KINDS } from '../../../../testkit/testDb';
import { CORP, startWecomHarness, TEST_SUBJECT, waitFor, type WecomHarness } from './wecomTestHarness';

/** Rows that any accepted callback leaves behind: a dedupe key and a job. */
async function sideEffects(h: WecomHarness): Promise<{ dedupe: number; jobs: number }> {
  const d = await h.server.deps.db.query<{ n: number }>("SELECT count(*)::int AS n FROM inbound_dedupe WHERE platform = 'wecom'");
  const j = await h.server.deps.db.query<{ n: number }>("SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'wecom-inbound'");
  return { dedupe: d.rows[0].n, jobs: j.rows[0].n };
}

const NO_DETAIL = (code: string) => ({ error: { code, message: expect.not.stringMatching(/signature|decrypt|corp|entity|xml|aes/i) } });

jest.setTimeout(60_000);

describe('callback URL check (GET)', () => {
  let h: WecomHarness;
  beforeAll(async () => {
    h = await startWecomHarness();
  });
  afterAll(() => h.close());

  it('answers the decrypted echostr bare (no quotes, no newline)', async () => {
    const check = h.peer.state.buildUrlCheck('5927782489442352469');
    const res = await h.server.http().get(`/wecom/callback?${check.queryString}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('5927782489442352469');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('refuses a wrong signature with 401 and no detail', async () => {
    const check = h.peer.state.buildUrlCheck();
    const q = new URLSearchParams(check.queryString);
    q.set('msg_signature', '0'.repeat(40));
    const res = await h.server.http().get(`/wecom/callback?${q}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NO_DETAIL('unauthenticated'));
  });
});

describe('callback POST: bad input is refused with no side effect', () => {
  let h: WecomHarness;
  beforeAll(async () => {
    h = await startWecomHarness();
  });
  afterAll(() => h.close());

  const sealed = (plaintext: string, corp = CORP) => {
    const ts = String(Math.floor(Date.now() / 1000));
    const c = h.peer.state.crypto;
    const enc = encrypt(c.encodingAesKey, plaintext, corp);
    const query = new URLSearchParams({ msg_signature: getSignature(c.token, ts, '77', enc), timestamp: ts, nonce: '77' });
    return { queryString: query.toString(), body: `<xml><ToUserName><![CDATA[${corp}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`, contentType: 'text/xml' as const };
  };
  const post = (queryString: string, body: string) => h.server.http().post(`/wecom/callback?${queryString}`).set('Content-Type', 'text/xml').send(body);

  it.each([
    ['a wrong signature', 401, 'unauthenticated', () => {
      const req = h.peer.state.buildCallback({ kind: 'text', from: 'zhangwei', content: 'hi' });
      const q = new URLSearchParams(req.queryString);
      q.set('msg_signature', 'a'.repeat(40));
      return { queryString: q.toString(), body: req.body };
    }],
    ['a stale timestamp', 401, 'unauthenticated', () => h.peer.state.buildCallback({ kind: 'text', from: 'zhangwei', content: 'hi', timestamp: String(Math.floor(Date.now() / 1000) - 3600) })],
    ['a body that is not XML', 400, 'validation_failed', () => ({ queryString: h.peer.state.buildCallback({ kind: 'text', from: 'zhangwei', content: 'x' }).queryString, body: '{"hello": "json"}' })],
    ['an XML entity bomb', 400, 'validation_failed', () => ({
      queryString: h.peer.state.buildCallback({ kind: 'text', from: 'zhangwei', content: 'x' }).queryString,
      body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><xml><Encrypt>&c;</Encrypt></xml>',
    })],
    ['an undecryptable payload', 403, 'forbidden', () => {
      const ts = String(Math.floor(Date.now() / 1000));
      const enc = Buffer.alloc(48, 7).toString('base64');
      const q = new URLSearchParams({ msg_signature: getSignature(h.peer.state.crypto.token, ts, '5', enc), timestamp: ts, nonce: '5' });
      return { queryString: q.toString(), body: `<xml><Encrypt><![CDATA[${enc}]]></Encrypt></xml>` };
    }],
    ['another corp id', 403, 'forbidden', () =>
      sealed('<xml><FromUserName>zhangwei</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>99</MsgId></xml>', 'wwANOTHERCORP0001')],
  ])('%s → %i', async (_name, status, code, build) => {
    const before = await sideEffects(h);
    const req = build();
    const res = await post(req.queryString, req.body);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(NO_DETAIL(code));
    expect(await sideEffects(h)).toEqual(before);
  });

  it('refuses an oversized body with 413 before parsing it', async () => {
    const req = h.peer.state.buildCallback({ kind: 'text', from: 'zhangwei', content: 'x' });
    const res = await post(req.queryString, `<xml>${'a'.repeat(70_000)}</xml>`);
    expect(res.status).toBe(413);
  });

  it('unknown message types get the short help reply, not an error', async () => {
    const xml = `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><FromUserName><![CDATA[zhangwei]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m1]]></MediaId><Format><![CDATA[amr]]></Format><MsgId>8100000000000000001</MsgId><AgentID>1000002</AgentID></xml>`;
    const req = sealCallback(xml, h.peer.state.crypto, String(Math.floor(Date.now() / 1000)), '123');
    const res = await post(req.queryString, req.body);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const help = await waitFor(() => h.peer.state.messagesTo('zhangwei').find((m) => (m.body.text as { content?: string } | undefined)?.content?.includes('安全生产助手')));
    expect(help.body.msgtype).toBe('text');
    expect(h.rec.events).toHaveLength(0);
  });
});

describe.each(DB_KINDS)('exactly-once effect on %s', (kind) => {
  let h: WecomHarness;
  beforeAll(async () => {
    h = await startWecomHarness({ kind });
  });
  afterAll(() => h.close());

  it('the same text callback three times concurrently → one event', async () => {
    const req = h.peer.state.buildCallback({ kind: 'text', from: 'zhangwei', content: '3号配电箱未上锁' });
    const answers = await Promise.all([h.post(req), h.post(req), h.post(req)]);
    expect(answers.map((a) => [a.status, a.text])).toEqual([[200, ''], [200, ''], [200, '']]);
    await waitFor(() => h.rec.events.length >= 1);
    await new Promise((r) => setTimeout(r, 1200));
    expect(h.rec.events).toHaveLength(1);
    expect(h.rec.events[0]).toMatchObject({ platform: 'wecom', kind: 'text', text: '3号配电箱未上锁', dedupeKey: req.msgId });
    expect(await sideEffects(h)).toEqual({ dedupe: 1, jobs: 1 });
  });

  it('the same card click three times concurrently (WeCom retries) → one command, one evidence event', async () => {
    const subjectId = `click-${kind}`;
    const key = encodeActionRef({ action: ACTIONS.noop, subjectType: TEST_SUBJECT, subjectId, cardVersion: 1 });
    const req = h.peer.state.buildCallback({ kind: 'template_card_event', from: 'zhaolei', taskId: `${key}@n1`, eventKey: key });
    const answers = await Promise.all([h.post(req), h.post(req), h.post(req)]);
    expect(answers.every((a) => a.status === 200 && a.text === '')).toBe(true);
    const evidence = () => h.server.deps.db.query("SELECT 1 FROM evidence_events WHERE kind = 'wxtest.clicked' AND subject_id = $1", [subjectId]);
    await waitFor(async () => (await evidence()).rowCount === 1);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await evidence()).rowCount).toBe(1);
    expect(h.rec.events.filter((e) => e.kind === 'action')).toHaveLength(1);
  });
});
