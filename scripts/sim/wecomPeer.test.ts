import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { decryptPayload, encryptReply, verifySignature } from '../../bot/src/adapters/wecom/wecomCrypto';
import { parseEnvelope, parseMessage } from '../../bot/src/adapters/wecom/wecomXml';
import { start, WecomPeer } from './wecomPeer';

const CORP = 'wwpeer0000000001';
const AGENT = 1000002;
const SECRET = 'peer-secret-value';
const http = axios.create({ validateStatus: () => true });

let peer: WecomPeer;

beforeEach(async () => {
  peer = await start({
    corpId: CORP,
    agentId: AGENT,
    secret: SECRET,
    tokenLifetimeSeconds: 60,
    departments: [
      { id: 1, name: '总公司', parentid: 0, order: 1 },
      { id: 2, name: '生产部', parentid: 1, order: 2 },
      { id: 3, name: '一车间', parentid: 2, order: 3 },
    ],
    users: [
      { userid: 'zhangsan', name: '张三', department: [2] },
      { userid: 'lisi', name: '李四', department: [3] },
    ],
  });
});

afterEach(async () => {
  await peer.stop();
});

async function token(): Promise<string> {
  const res = await http.get(`${peer.url}/cgi-bin/gettoken`, { params: { corpid: CORP, corpsecret: SECRET } });
  return res.data.access_token as string;
}

async function post(path: string, body: unknown, params: Record<string, string> = {}) {
  const access_token = await token();
  return (await http.post(`${peer.url}${path}`, body, { params: { access_token, ...params } })).data as Record<string, unknown>;
}

const notice = (over: Record<string, unknown> = {}) => ({
  card_type: 'text_notice',
  main_title: { title: '隐患已登记', desc: 'YH-20261124-0001' },
  card_action: { type: 1, url: 'https://example.invalid/h/1' },
  ...over,
});
const buttons = (taskId: string, over: Record<string, unknown> = {}) => ({
  card_type: 'button_interaction',
  task_id: taskId,
  main_title: { title: '请审批动火作业票' },
  button_list: [
    { text: '批准', style: 1, key: 'approve' },
    { text: '驳回', style: 2, key: 'reject' },
  ],
  ...over,
});
const sendCard = (card: unknown, touser = 'zhangsan') => post('/cgi-bin/message/send', { touser, msgtype: 'template_card', agentid: AGENT, template_card: card });

describe('gettoken and access tokens', () => {
  it('issues a token for the right secret and refuses others', async () => {
    const ok = (await http.get(`${peer.url}/cgi-bin/gettoken`, { params: { corpid: CORP, corpsecret: SECRET } })).data;
    expect(ok).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 60 });
    expect(String(ok.access_token).length).toBeGreaterThan(32);
    const wrong = (await http.get(`${peer.url}/cgi-bin/gettoken`, { params: { corpid: CORP, corpsecret: 'nope' } })).data;
    expect(wrong.errcode).toBe(40001);
    expect(wrong.errmsg).toMatch(/more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40001$/);
    expect((await http.get(`${peer.url}/cgi-bin/gettoken`, { params: { corpid: 'other', corpsecret: SECRET } })).data.errcode).toBe(40013);
  });

  it('answers 41001 without a token, 40014 for an unknown one, 42001 after expiry', async () => {
    const body = { touser: 'zhangsan', msgtype: 'text', agentid: AGENT, text: { content: 'hi' } };
    expect((await http.post(`${peer.url}/cgi-bin/message/send`, body)).data.errcode).toBe(41001);
    expect((await http.post(`${peer.url}/cgi-bin/message/send`, body, { params: { access_token: 'forged' } })).data.errcode).toBe(40014);
    const t = await token();
    expect((await http.post(`${peer.url}/cgi-bin/message/send`, body, { params: { access_token: t } })).data.errcode).toBe(0);
    peer.state.advanceClock(61_000);
    expect((await http.post(`${peer.url}/cgi-bin/message/send`, body, { params: { access_token: t } })).data.errcode).toBe(42001);
  });
});

describe('message/send', () => {
  it('returns msgid, and a response_code only for interactive cards', async () => {
    const n = await sendCard(notice());
    expect(n).toMatchObject({ errcode: 0, invaliduser: '' });
    expect(n.msgid).toEqual(expect.any(String));
    expect(n.response_code).toBeUndefined();
    const b = await sendCard(buttons('hz-0001-v1'));
    expect(b.response_code).toEqual(expect.any(String));
    expect(peer.state.messagesTo('zhangsan')).toHaveLength(2);
  });

  it.each([
    ['unknown card_type', notice({ card_type: 'fancy' }), 40058],
    ['task_id with a space', buttons('hz 1'), 42014],
    ['task_id over 128 bytes', buttons('x'.repeat(129)), 42014],
    ['interactive card without task_id', buttons('x', { task_id: undefined }), 42014],
    ['action_menu without task_id', notice({ action_menu: { desc: 'm', action_list: [{ text: '静音', key: 'mute' }] } }), 42014],
    ['text_notice without card_action', notice({ card_action: undefined }), 42045],
    ['card_action type 1 without url', notice({ card_action: { type: 1 } }), 42045],
    ['seven buttons', buttons('b7', { button_list: Array.from({ length: 7 }, (_, i) => ({ text: `b${i}`, key: `k${i}` })) }), 40058],
    ['button key over 1024 bytes', buttons('bk', { button_list: [{ text: 'a', key: 'k'.repeat(1025) }] }), 40058],
    ['callback button without key', buttons('bn', { button_list: [{ text: 'a' }] }), 40058],
    ['missing main_title', buttons('mt', { main_title: undefined }), 40058],
    ['seven horizontal items', notice({ horizontal_content_list: Array.from({ length: 7 }, () => ({ keyname: 'k', value: 'v' })) }), 40058],
    ['vote without submit_button', { card_type: 'vote_interaction', task_id: 'v1', main_title: { title: 't' }, checkbox: { question_key: 'q', option_list: [{ id: 'a', text: 'A' }] } }, 40058],
    ['vote with 21 options', { card_type: 'vote_interaction', task_id: 'v2', main_title: { title: 't' }, submit_button: { text: '提交', key: 's' }, checkbox: { question_key: 'q', option_list: Array.from({ length: 21 }, (_, i) => ({ id: `o${i}`, text: 'x' })) } }, 40058],
    ['multiple with 4 selects', { card_type: 'multiple_interaction', task_id: 'm1', main_title: { title: 't' }, submit_button: { text: '提交', key: 's' }, select_list: Array.from({ length: 4 }, (_, i) => ({ question_key: `q${i}`, option_list: [{ id: 'a', text: 'A' }] })) }, 40058],
    ['news_notice without image', { card_type: 'news_notice', main_title: { title: 't' }, card_action: { type: 1, url: 'https://e.invalid' } }, 40058],
  ])('refuses %s', async (_name, card, errcode) => {
    expect((await sendCard(card)).errcode).toBe(errcode);
    expect(peer.state.messages).toHaveLength(0);
  });

  it('accepts a 128-byte task_id with every allowed character, and each task_id once', async () => {
    const id = `${'Aa0_-@'.repeat(21)}xy`;
    expect(id).toHaveLength(128);
    expect((await sendCard(buttons(id))).errcode).toBe(0);
    expect((await sendCard(buttons(id))).errcode).toBe(42014);
  });

  it('accepts well-formed vote and multiple cards', async () => {
    const vote = { card_type: 'vote_interaction', task_id: 'vote1', main_title: { title: '选择整改人' }, submit_button: { text: '提交', key: 'submit' }, checkbox: { question_key: 'q1', mode: 1, option_list: [{ id: 'a', text: '张三' }, { id: 'b', text: '李四' }] } };
    expect((await sendCard(vote)).errcode).toBe(0);
    const multi = { card_type: 'multiple_interaction', task_id: 'multi1', main_title: { title: '评估' }, submit_button: { text: '提交', key: 'submit' }, select_list: [{ question_key: 'level', option_list: [{ id: 'major', text: '重大' }] }] };
    expect((await sendCard(multi)).errcode).toBe(0);
  });

  it('checks agentid, msgtype, recipients and the directory', async () => {
    expect((await post('/cgi-bin/message/send', { touser: 'zhangsan', msgtype: 'text', agentid: 1, text: { content: 'x' } })).errcode).toBe(40056);
    expect((await post('/cgi-bin/message/send', { touser: 'zhangsan', msgtype: 'voodoo', agentid: AGENT })).errcode).toBe(40008);
    expect((await post('/cgi-bin/message/send', { msgtype: 'text', agentid: AGENT, text: { content: 'x' } })).errcode).toBe(82001);
    expect((await post('/cgi-bin/message/send', { touser: 'ghost', msgtype: 'text', agentid: AGENT, text: { content: 'x' } })).errcode).toBe(81013);
    expect((await post('/cgi-bin/message/send', { touser: 'zhangsan', msgtype: 'text', agentid: AGENT, text: { content: '' } })).errcode).toBe(44004);
    const partial = await post('/cgi-bin/message/send', { touser: 'zhangsan|ghost', msgtype: 'text', agentid: AGENT, text: { content: 'x' } });
    expect(partial).toMatchObject({ errcode: 0, invaliduser: 'ghost' });
    expect(peer.state.messages.at(-1)?.touser).toEqual(['zhangsan']);
  });

  it('answers 47001 for a body that is not JSON', async () => {
    const t = await token();
    const res = await http.post(`${peer.url}/cgi-bin/message/send`, '{oops', { params: { access_token: t }, headers: { 'Content-Type': 'application/json' }, transformRequest: [(d) => d] });
    expect(res.data.errcode).toBe(47001);
  });
});

describe('appchat/send', () => {
  it('only posts to chats the app created, and never template cards', async () => {
    peer.state.createAppChat({ chatid: 'chat-safety', userlist: ['zhangsan', 'lisi'] });
    expect((await post('/cgi-bin/appchat/send', { chatid: 'chat-other', msgtype: 'text', text: { content: 'x' } })).errcode).toBe(86003);
    expect((await post('/cgi-bin/appchat/send', { chatid: 'chat-safety', msgtype: 'template_card', template_card: notice() })).errcode).toBe(40008);
    expect((await post('/cgi-bin/appchat/send', { chatid: 'chat-safety', msgtype: 'markdown', markdown: { content: '**新隐患**' } })).errcode).toBe(0);
    expect(peer.state.appchatMessages).toHaveLength(1);
    expect(peer.state.appchatMessages[0].touser).toEqual(['zhangsan', 'lisi']);
  });
});

describe('update_template_card', () => {
  it('accepts a response_code once', async () => {
    const sent = await sendCard(buttons('hz-2-v1'));
    const update = { userids: ['zhangsan'], agentid: AGENT, response_code: sent.response_code, button: { replace_name: '已批准' } };
    expect((await post('/cgi-bin/message/update_template_card', update)).errcode).toBe(0);
    const again = await post('/cgi-bin/message/update_template_card', update);
    expect(again.errcode).toBe(42022);
    expect(again.errmsg).toMatch(/^response_code has been used/);
    expect(peer.state.updates).toEqual([expect.objectContaining({ taskId: 'hz-2-v1', responseCodeSource: 'send' })]);
  });

  it('refuses a code older than 72 h on the peer clock, and unknown codes', async () => {
    const sent = await sendCard(buttons('hz-3-v1'));
    peer.state.advanceClock(72 * 3600 * 1000 + 1000);
    const update = { userids: ['zhangsan'], agentid: AGENT, response_code: sent.response_code, button: { replace_name: '已过期' } };
    const expired = await post('/cgi-bin/message/update_template_card', update);
    expect(expired.errcode).toBe(42022);
    expect(expired.errmsg).toMatch(/^response_code expired/);
    expect((await post('/cgi-bin/message/update_template_card', { ...update, response_code: 'made-up' })).errcode).toBe(40058);
  });

  it('replaces a whole card but keeps its task_id', async () => {
    const sent = await sendCard(buttons('hz-4-v1'));
    const replaced = buttons('hz-4-v1', { main_title: { title: '已由张三批准' } });
    const wrongTask = { userids: ['zhangsan'], agentid: AGENT, response_code: sent.response_code, template_card: buttons('hz-4-v2') };
    expect((await post('/cgi-bin/message/update_template_card', wrongTask)).errcode).toBe(42014);
    const ok = await post('/cgi-bin/message/update_template_card', { ...wrongTask, template_card: replaced });
    expect(ok.errcode).toBe(0);
  });
});

describe('media', () => {
  it('round-trips bytes and answers 40007 for unknown or expired media', async () => {
    const t = await token();
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
    const form = new FormData();
    form.append('media', new Blob([bytes], { type: 'image/png' }), 'photo.png');
    const up = (await http.post(`${peer.url}/cgi-bin/media/upload`, form, { params: { access_token: t, type: 'image' } })).data;
    expect(up).toMatchObject({ errcode: 0, type: 'image', media_id: expect.any(String), created_at: expect.stringMatching(/^\d+$/) });
    const got = await http.get(`${peer.url}/cgi-bin/media/get`, { params: { access_token: t, media_id: up.media_id }, responseType: 'arraybuffer' });
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.from(got.data).equals(bytes)).toBe(true);
    const unknown = await http.get(`${peer.url}/cgi-bin/media/get`, { params: { access_token: t, media_id: 'nope' } });
    expect(unknown.data.errcode).toBe(40007);
    peer.state.advanceClock(3 * 86400 * 1000 + 1000);
    const t2 = await token();
    expect((await http.get(`${peer.url}/cgi-bin/media/get`, { params: { access_token: t2, media_id: up.media_id } })).data.errcode).toBe(40007);
  });

  it('refuses a bad type, an empty upload and a non-image extension', async () => {
    const t = await token();
    const form = (name: string, size: number) => {
      const f = new FormData();
      f.append('media', new Blob([Buffer.alloc(size, 1)]), name);
      return f;
    };
    expect((await http.post(`${peer.url}/cgi-bin/media/upload`, form('a.jpg', 100), { params: { access_token: t, type: 'gif' } })).data.errcode).toBe(40005);
    expect((await http.post(`${peer.url}/cgi-bin/media/upload`, form('a.jpg', 0), { params: { access_token: t, type: 'image' } })).data.errcode).toBe(44001);
    expect((await http.post(`${peer.url}/cgi-bin/media/upload`, form('a.exe', 100), { params: { access_token: t, type: 'image' } })).data.errcode).toBe(40004);
  });
});

describe('group robot webhook', () => {
  it('accepts 20 messages a minute per key, then answers 45009', async () => {
    const send = (key: string) => http.post(`${peer.url}/cgi-bin/webhook/send`, { msgtype: 'text', text: { content: 'x' } }, { params: { key } }).then((r) => r.data.errcode);
    for (let i = 0; i < 20; i += 1) expect(await send('robot-a')).toBe(0);
    expect(await send('robot-a')).toBe(45009);
    expect(await send('robot-b')).toBe(0);
    peer.state.advanceClock(60_001);
    expect(await send('robot-a')).toBe(0);
    expect(peer.state.robotMessages).toHaveLength(22);
  });

  it('refuses interactive cards (a robot cannot receive clicks)', async () => {
    const res = await http.post(`${peer.url}/cgi-bin/webhook/send`, { msgtype: 'template_card', template_card: buttons('r1') }, { params: { key: 'k' } });
    expect(res.data.errcode).toBe(40058);
  });
});

describe('login codes and directory', () => {
  it('jscode2session and auth/getuserinfo consume a code once', async () => {
    const t = await token();
    const code = peer.state.issueLoginCode('zhangsan');
    const get = (path: string, params: Record<string, string>) => http.get(`${peer.url}${path}`, { params: { access_token: t, ...params } }).then((r) => r.data);
    expect(await get('/cgi-bin/miniprogram/jscode2session', { js_code: code, grant_type: 'authorization_code' })).toMatchObject({ errcode: 0, corpid: CORP, userid: 'zhangsan', session_key: expect.any(String) });
    expect((await get('/cgi-bin/miniprogram/jscode2session', { js_code: code, grant_type: 'authorization_code' })).errcode).toBe(40029);
    expect((await get('/cgi-bin/miniprogram/jscode2session', { js_code: 'unknown', grant_type: 'authorization_code' })).errcode).toBe(40029);
    const oauth = peer.state.issueLoginCode('lisi');
    expect(await get('/cgi-bin/auth/getuserinfo', { code: oauth })).toMatchObject({ errcode: 0, userid: 'lisi' });
    const late = peer.state.issueLoginCode('lisi');
    peer.state.advanceClock(301_000);
    const t2 = await token();
    expect((await http.get(`${peer.url}/cgi-bin/auth/getuserinfo`, { params: { access_token: t2, code: late } })).data.errcode).toBe(40029);
  });

  it('lists departments and members', async () => {
    const t = await token();
    const get = (path: string, params: Record<string, string>) => http.get(`${peer.url}${path}`, { params: { access_token: t, ...params } }).then((r) => r.data);
    expect((await get('/cgi-bin/department/list', {})).department).toHaveLength(3);
    expect((await get('/cgi-bin/department/list', { id: '2' })).department.map((d: { id: number }) => d.id)).toEqual([2, 3]);
    expect((await get('/cgi-bin/department/list', { id: '99' })).errcode).toBe(60123);
    expect((await get('/cgi-bin/user/simplelist', { department_id: '2', fetch_child: '0' })).userlist.map((u: { userid: string }) => u.userid)).toEqual(['zhangsan']);
    expect((await get('/cgi-bin/user/simplelist', { department_id: '1', fetch_child: '1' })).userlist).toHaveLength(2);
    expect((await get('/cgi-bin/user/list', { department_id: '3' })).userlist[0]).toMatchObject({ userid: 'lisi', name: '李四', main_department: 3 });
  });
});

describe('error injection', () => {
  it('fails the next N requests of a path with an errcode or an HTTP status', async () => {
    peer.state.inject({ path: '/cgi-bin/message/send', errcode: 45009, times: 2 });
    peer.state.inject({ path: '/cgi-bin/department/list', status: 503 });
    const body = { touser: 'zhangsan', msgtype: 'text', agentid: AGENT, text: { content: 'x' } };
    expect((await post('/cgi-bin/message/send', body)).errcode).toBe(45009);
    expect((await post('/cgi-bin/message/send', body)).errcode).toBe(45009);
    expect((await post('/cgi-bin/message/send', body)).errcode).toBe(0);
    const t = await token();
    expect((await http.get(`${peer.url}/cgi-bin/department/list`, { params: { access_token: t } })).status).toBe(503);
    expect((await http.get(`${peer.url}/cgi-bin/department/list`, { params: { access_token: t } })).status).toBe(200);
  });
});

describe('callbacks built by the peer, opened by the adapter’s own crypto and parser', () => {
  function open(req: ReturnType<WecomPeer['state']['buildCallback']>) {
    const env = parseEnvelope(req.body);
    const query = new URLSearchParams(req.queryString);
    expect(verifySignature({ token: peer.state.crypto.token, timestamp: query.get('timestamp')!, nonce: query.get('nonce')!, encrypt: env.encrypt, signature: query.get('msg_signature')! })).toBe(true);
    const plain = decryptPayload(peer.state.crypto.encodingAesKey, env.encrypt, CORP);
    expect(plain).toBe(req.plaintext);
    return parseMessage(plain);
  }

  it('text, location and image', async () => {
    expect(open(peer.state.buildCallback({ kind: 'text', from: 'zhangsan', content: '3号罐区 法兰泄漏 <急>' }))).toMatchObject({ kind: 'text', fromUserName: 'zhangsan', content: '3号罐区 法兰泄漏 <急>', agentId: String(AGENT) });
    expect(open(peer.state.buildCallback({ kind: 'location', from: 'lisi', latitude: 31.2304, longitude: 121.4737, label: '上海' }))).toMatchObject({ kind: 'location', latitude: 31.2304, longitude: 121.4737, label: '上海' });
    const photo = Buffer.from('jpeg-bytes-here');
    const img = open(peer.state.buildCallback({ kind: 'image', from: 'zhangsan', image: photo }));
    if (img.kind !== 'image') throw new Error('expected image');
    const t = await token();
    const got = await http.get(`${peer.url}/cgi-bin/media/get`, { params: { access_token: t, media_id: img.mediaId }, responseType: 'arraybuffer' });
    expect(Buffer.from(got.data).equals(photo)).toBe(true);
  });

  it('a card click carries a fresh response_code usable once, independent of the send one', async () => {
    const sent = await sendCard(buttons('hz-9-v1'));
    const click = peer.state.buildCallback({ kind: 'template_card_event', from: 'zhangsan', taskId: 'hz-9-v1', eventKey: 'approve', selectedItems: [{ questionKey: 'q', optionIds: ['a', 'b'] }] });
    const msg = open(click);
    expect(msg).toMatchObject({ kind: 'template_card_event', taskId: 'hz-9-v1', eventKey: 'approve', cardType: 'button_interaction', responseCode: click.responseCode, selectedItems: [{ questionKey: 'q', optionIds: ['a', 'b'] }] });
    expect(click.responseCode).not.toBe(sent.response_code);
    const update = (code: unknown) => post('/cgi-bin/message/update_template_card', { userids: ['zhangsan'], agentid: AGENT, response_code: code, button: { replace_name: '已批准' } });
    expect((await update(click.responseCode)).errcode).toBe(0);
    expect((await update(sent.response_code)).errcode).toBe(0);
    expect((await update(click.responseCode)).errcode).toBe(42022);
  });

  it('URL check: the echostr survives URL encoding and decrypts to the echo', () => {
    const check = peer.state.buildUrlCheck('1616140317555161061');
    const q = new URLSearchParams(check.queryString);
    expect(verifySignature({ token: peer.state.crypto.token, timestamp: q.get('timestamp')!, nonce: q.get('nonce')!, encrypt: q.get('echostr')!, signature: q.get('msg_signature')! })).toBe(true);
    expect(decryptPayload(peer.state.crypto.encodingAesKey, q.get('echostr')!, CORP)).toBe('1616140317555161061');
  });

  it('reads a passive reply made by the adapter’s encryptReply, and refuses a forged one', () => {
    const reply = encryptReply({ token: peer.state.crypto.token, encodingAesKey: peer.state.crypto.encodingAesKey, receiveId: CORP, message: '<xml><MsgType>update_button</MsgType></xml>', timestamp: '1700000000', nonce: 'n1' });
    expect(peer.state.openPassiveReply(reply.xml)).toBe('<xml><MsgType>update_button</MsgType></xml>');
    expect(peer.state.openPassiveReply('')).toBe('');
    expect(() => peer.state.openPassiveReply(reply.xml.replace(reply.signature, '0'.repeat(40)))).toThrow('signature mismatch');
  });

  it('delivers a callback to an app URL as a POST with the signed query', async () => {
    const seen: Array<{ url: string; body: string; type: string | undefined }> = [];
    const app = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', body, type: req.headers['content-type'] });
        res.end('');
      });
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', () => r()));
    try {
      const cb = peer.state.buildCallback({ kind: 'text', from: 'zhangsan', content: 'hi' });
      const res = await peer.state.deliverCallback(cb, `http://127.0.0.1:${(app.address() as AddressInfo).port}/wecom/callback`);
      expect(res).toEqual({ status: 200, body: '' });
      expect(seen).toEqual([{ url: `/wecom/callback?${cb.queryString}`, body: cb.body, type: 'text/xml' }]);
    } finally {
      await new Promise<void>((r) => app.close(() => r()));
    }
  });
});
