import { createHash, randomBytes } from 'node:crypto';
import { start, WecomPeer } from '../../../../scripts/sim/wecomPeer';
import { RESEND_REQUIRED_ERRCODES, WecomApi } from './wecomApi';
import { LOCAL_ERRCODES, WecomApiError, WecomMediaNotFoundError, WecomRetryableError } from './wecomErrors';
import type { WecomAppchatMessage, WecomTemplateCard } from './wecomTypes';

const CORP = 'wwapi00000000001';
const AGENT = 1000007;
const SECRET = 'api-test-secret-ABCDEF';

let peer: WecomPeer;

beforeEach(async () => {
  peer = await start({
    corpId: CORP,
    agentId: AGENT,
    secret: SECRET,
    departments: [
      { id: 1, name: '总公司', parentid: 0, order: 1 },
      { id: 2, name: '安环部', parentid: 1, order: 2 },
    ],
    users: [
      { userid: 'wangwu', name: '王五', department: [1] },
      { userid: 'zhaoliu', name: '赵六', department: [2] },
    ],
  });
});

afterEach(async () => {
  await peer.stop();
});

/** A client whose clock moves together with the peer's. */
function client(extra: Partial<ConstructorParameters<typeof WecomApi>[0]> = {}) {
  let offset = 0;
  const sleeps: number[] = [];
  const api = new WecomApi({
    baseUrl: peer.url,
    corpId: CORP,
    agentId: AGENT,
    secret: SECRET,
    now: () => new Date(Date.now() + offset),
    sleep: async (ms) => {
      sleeps.push(ms);
      offset += ms;
      peer.state.advanceClock(ms);
    },
    ...extra,
  });
  const advance = (ms: number) => {
    offset += ms;
    peer.state.advanceClock(ms);
  };
  return { api, advance, sleeps };
}

const gettokens = () => peer.state.countRequests('/cgi-bin/gettoken');

const buttonCard = (taskId: string): WecomTemplateCard => ({
  card_type: 'button_interaction',
  task_id: taskId,
  main_title: { title: '请审批 YH-20261124-0001' },
  button_list: [
    { text: '批准', style: 1, key: 'approve' },
    { text: '驳回', style: 2, key: 'reject' },
  ],
});

async function caught(p: Promise<unknown>): Promise<WecomApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WecomApiError) return e;
    throw e;
  }
  throw new Error('expected a WecomApiError');
}

describe('access token', () => {
  it('is fetched once and reused', async () => {
    const { api } = client();
    for (let i = 0; i < 5; i += 1) await api.sendText({ touser: ['wangwu'], content: `第${i}条` });
    expect(gettokens()).toBe(1);
    expect(peer.state.messages).toHaveLength(5);
  });

  it('is fetched once for many concurrent callers', async () => {
    const { api } = client();
    await Promise.all(Array.from({ length: 12 }, (_, i) => api.sendText({ touser: ['wangwu'], content: String(i) })));
    expect(gettokens()).toBe(1);
    expect(api.tokenFetchCount).toBe(1);
  });

  it('is refreshed before it expires on the clock', async () => {
    const { api, advance } = client();
    await api.sendText({ touser: ['wangwu'], content: 'a' });
    advance((7200 - 300 + 1) * 1000);
    await api.sendText({ touser: ['wangwu'], content: 'b' });
    expect(gettokens()).toBe(2);
  });

  it('after WeCom revokes tokens, concurrent callers share one refresh and each retries once', async () => {
    const { api } = client();
    await api.sendText({ touser: ['wangwu'], content: 'warm-up' });
    peer.state.revokeTokens();
    await Promise.all(Array.from({ length: 8 }, (_, i) => api.sendText({ touser: ['wangwu'], content: String(i) })));
    expect(gettokens()).toBe(2);
    expect(peer.state.messages).toHaveLength(9);
  });

  it('retries once on 42001, but not twice', async () => {
    const { api } = client();
    peer.state.inject({ path: '/cgi-bin/message/send', errcode: 42001 });
    await expect(api.sendText({ touser: ['wangwu'], content: 'x' })).resolves.toMatchObject({ msgid: expect.any(String) });
    expect(gettokens()).toBe(2);
    peer.state.inject({ path: '/cgi-bin/message/send', errcode: 42001, times: 2 });
    const err = await caught(api.sendText({ touser: ['wangwu'], content: 'y' }));
    expect(err.errcode).toBe(42001);
    expect(err.retryable).toBe(false);
  });

  it('a wrong secret fails with 40001 and never leaks the secret', async () => {
    const { api } = client({ secret: 'wrong-secret-XYZ' });
    const err = await caught(api.sendText({ touser: ['wangwu'], content: 'x' }));
    expect(err).toMatchObject({ errcode: 40001, path: '/cgi-bin/gettoken' });
    expect(`${err.message} ${JSON.stringify(err)} ${String(err.stack)}`).not.toContain('wrong-secret-XYZ');
  });
});

describe('messages and cards', () => {
  it('returns msgid, responseCode and refused recipients', async () => {
    const { api } = client();
    const text = await api.sendMarkdown({ touser: ['wangwu', 'ghost'], content: '**隐患** 已登记' });
    expect(text).toEqual({ msgid: expect.any(String), responseCode: undefined, invalidUsers: ['ghost'] });
    const card = await api.sendTemplateCard({ touser: ['zhaoliu'], card: buttonCard('hz-1-v1') });
    expect(card.responseCode).toEqual(expect.any(String));
    expect(peer.state.messagesTo('zhaoliu')[0].body).toMatchObject({ msgtype: 'template_card', agentid: AGENT, template_card: { task_id: 'hz-1-v1' } });
  });

  it('surfaces WeCom’s card errors as typed errors', async () => {
    const { api } = client();
    await api.sendTemplateCard({ touser: ['zhaoliu'], card: buttonCard('dup') });
    const err = await caught(api.sendTemplateCard({ touser: ['zhaoliu'], card: buttonCard('dup') }));
    expect(err).toMatchObject({ errcode: 42014, path: '/cgi-bin/message/send', retryable: false });
  });

  it('updateTemplateCard: updated once, then resend_required (spent), and after 72 h (expired)', async () => {
    const { api, advance } = client();
    const sent = await api.sendTemplateCard({ touser: ['zhaoliu'], card: buttonCard('hz-2-v1') });
    const update = { responseCode: sent.responseCode!, userids: ['zhaoliu'], button: { replaceName: '已批准' } };
    expect(await api.updateTemplateCard(update)).toBe('updated');
    expect(await api.updateTemplateCard(update)).toBe('resend_required');
    expect(peer.state.updates[0].body).toMatchObject({ response_code: sent.responseCode, button: { replace_name: '已批准' }, agentid: AGENT });

    const later = await api.sendTemplateCard({ touser: ['zhaoliu'], card: buttonCard('hz-3-v1') });
    advance(73 * 3600 * 1000);
    expect(await api.updateTemplateCard({ responseCode: later.responseCode!, atall: true, templateCard: { ...buttonCard('hz-3-v1'), main_title: { title: '已处理' } } })).toBe('resend_required');
    expect(RESEND_REQUIRED_ERRCODES.has(42022)).toBe(true);
  });

  it('updateTemplateCard with a click’s response code replaces the card', async () => {
    const { api } = client();
    await api.sendTemplateCard({ touser: ['zhaoliu'], card: buttonCard('hz-4-v1') });
    const click = peer.state.buildCallback({ kind: 'template_card_event', from: 'zhaoliu', taskId: 'hz-4-v1', eventKey: 'approve' });
    const replaced = { ...buttonCard('hz-4-v1'), main_title: { title: '赵六已批准' } };
    expect(await api.updateTemplateCard({ responseCode: click.responseCode!, userids: ['zhaoliu'], templateCard: replaced })).toBe('updated');
    expect(peer.state.updates[0]).toMatchObject({ responseCodeSource: 'callback', taskId: 'hz-4-v1' });
  });

  it('updateTemplateCard refuses ambiguous input and unknown codes', async () => {
    const { api } = client();
    expect((await caught(api.updateTemplateCard({ responseCode: 'x', userids: ['a'] }))).errcode).toBe(LOCAL_ERRCODES.refused_locally);
    expect((await caught(api.updateTemplateCard({ responseCode: 'never-issued', userids: ['zhaoliu'], button: { replaceName: 'x' } }))).errcode).toBe(40058);
  });
});

describe('appchat', () => {
  it('posts notices to app chats and refuses template cards before calling WeCom', async () => {
    const { api } = client();
    peer.state.createAppChat({ chatid: 'ehs-group', userlist: ['wangwu', 'zhaoliu'] });
    await api.appchatSend('ehs-group', { msgtype: 'markdown', markdown: { content: '今日隐患 3 条' } });
    expect(peer.state.appchatMessages).toHaveLength(1);
    const card = { msgtype: 'template_card', template_card: buttonCard('g1') } as unknown as WecomAppchatMessage;
    expect((await caught(api.appchatSend('ehs-group', card))).errcode).toBe(LOCAL_ERRCODES.refused_locally);
    expect(peer.state.countRequests('/cgi-bin/appchat/send')).toBe(1);
    expect((await caught(api.appchatSend('not-ours', { msgtype: 'text', text: { content: 'x' } }))).errcode).toBe(86003);
  });
});

describe('group robot', () => {
  it('queues beyond 20 a minute instead of hitting 45009', async () => {
    const { api, sleeps } = client();
    await Promise.all(Array.from({ length: 25 }, (_, i) => api.robotWebhookSend('robot-key-1', { msgtype: 'text', text: { content: `通知${i}` } })));
    expect(peer.state.robotMessages).toHaveLength(25);
    expect(peer.state.robotMessages.map((m) => (m.body.text as { content: string }).content)).toEqual(Array.from({ length: 25 }, (_, i) => `通知${i}`));
    // One wait for the window to open; then maybe a few ms more as the earlier sends' slots free up.
    expect(sleeps[0]).toBeGreaterThan(59_000);
    const total = sleeps.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(61_000);
  });

  it('maps 45009 to a retryable error with a back-off, without the key in it', async () => {
    const { api } = client();
    peer.state.inject({ path: '/cgi-bin/webhook/send', errcode: 45009 });
    const err = await caught(api.robotWebhookSend('secret-robot-key', { msgtype: 'text', text: { content: 'x' } }));
    expect(err).toBeInstanceOf(WecomRetryableError);
    expect((err as WecomRetryableError).retryAfterMs).toBe(60_000);
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain('secret-robot-key');
  });
});

describe('frequency limits and transport faults', () => {
  it.each([
    [45009, 60_000],
    [45033, 2_000],
    [45047, 60_000],
    [-1, 1_000],
  ])('errcode %i → retryable after %i ms', async (errcode, backoff) => {
    const { api } = client();
    peer.state.inject({ path: '/cgi-bin/message/send', errcode });
    const err = await caught(api.sendText({ touser: ['wangwu'], content: 'x' }));
    expect(err).toBeInstanceOf(WecomRetryableError);
    expect(err).toMatchObject({ errcode, retryable: true, retryAfterMs: backoff });
  });

  it('HTTP 5xx and a dead server are retryable; no token appears in the error', async () => {
    const { api } = client();
    await api.sendText({ touser: ['wangwu'], content: 'warm-up' });
    const token = [...peer.state.tokens.keys()][0];
    peer.state.inject({ path: '/cgi-bin/message/send', status: 502 });
    const e502 = await caught(api.sendText({ touser: ['wangwu'], content: 'x' }));
    expect(e502).toMatchObject({ retryable: true, status: 502, errcode: LOCAL_ERRCODES.http_status });
    expect(`${e502.message} ${JSON.stringify(e502)}`).not.toContain(token);
    await peer.stop();
    const down = await caught(api.sendText({ touser: ['wangwu'], content: 'y' }));
    expect(down).toMatchObject({ retryable: true, errcode: LOCAL_ERRCODES.network });
    expect(`${down.message} ${JSON.stringify(down)}`).not.toContain(token);
    peer = await start({ corpId: CORP, agentId: AGENT, secret: SECRET });
  });
});

describe('media', () => {
  it('round-trips a photo byte for byte', async () => {
    const { api } = client();
    const photo = randomBytes(200 * 1024);
    const mediaId = await api.uploadMedia('image', photo, '现场照片.jpg', 'image/jpeg');
    const got = await api.getMedia(mediaId);
    expect(createHash('sha256').update(got.buffer).digest('hex')).toBe(createHash('sha256').update(photo).digest('hex'));
    expect(got.contentType).toBe('image/jpeg');
    expect(got.filename).toBe('现场照片.jpg');
  });

  it('an unknown MediaId is a typed error', async () => {
    const { api } = client();
    const err = await caught(api.getMedia('no-such-media'));
    expect(err).toBeInstanceOf(WecomMediaNotFoundError);
    expect(err.errcode).toBe(40007);
  });

  it('a photo a member sent can be fetched', async () => {
    const { api } = client();
    const photo = randomBytes(5000);
    const cb = peer.state.buildCallback({ kind: 'image', from: 'wangwu', image: photo });
    const mediaId = cb.plaintext.match(/<MediaId><!\[CDATA\[([^\]]+)]]>/)![1];
    expect((await api.getMedia(mediaId)).buffer.equals(photo)).toBe(true);
  });
});

describe('identity and directory', () => {
  it('jscode2session exchanges a code once; unknown codes fail with 40029', async () => {
    const { api } = client();
    const code = peer.state.issueLoginCode('zhaoliu');
    expect(await api.jscode2session(code)).toEqual({ corpId: CORP, userId: 'zhaoliu', sessionKey: expect.any(String) });
    const reused = await caught(api.jscode2session(code));
    expect(reused).toMatchObject({ errcode: 40029, retryable: false, path: '/cgi-bin/miniprogram/jscode2session' });
    expect((await caught(api.jscode2session('forged'))).errcode).toBe(40029);
  });

  it('getUserInfoByCode returns the UserID', async () => {
    const { api } = client();
    expect(await api.getUserInfoByCode(peer.state.issueLoginCode('wangwu'))).toBe('wangwu');
    expect((await caught(api.getUserInfoByCode('forged'))).errcode).toBe(40029);
  });

  it('lists departments and members', async () => {
    const { api } = client();
    expect(await api.listDepartments()).toEqual([
      { id: 1, name: '总公司', parentId: 0, order: 1 },
      { id: 2, name: '安环部', parentId: 1, order: 2 },
    ]);
    expect(await api.listUsers(1)).toEqual([{ userId: 'wangwu', name: '王五', departmentIds: [1] }]);
    expect((await api.listUsers(1, { fetchChild: true })).map((u) => u.userId)).toEqual(['wangwu', 'zhaoliu']);
    expect((await caught(api.listUsers(42))).errcode).toBe(60123);
  });
});
