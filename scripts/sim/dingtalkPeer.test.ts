import { multipartMedia } from '../../bot/src/cardImages';
import axios from 'axios';
import WebSocket from 'ws';
import { DingtalkPeer, start } from './dingtalkPeer';

/** The peer checked on its own, with a hand-written protocol client (no SDK). */

let peer: DingtalkPeer;
const http = axios.create({ validateStatus: () => true });
const open: WebSocket[] = [];

beforeEach(async () => {
  peer = await start({ clientId: 'ck', clientSecret: 'cs', robotCode: 'rc', ackWaitMs: 1000 });
});

afterEach(async () => {
  for (const ws of open.splice(0)) ws.terminate();
  await peer.stop();
});

const SUBS = [{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }, { type: 'CALLBACK', topic: '/v1.0/card/instances/callback' }, { type: 'EVENT', topic: '*' }];

async function register(body: Record<string, unknown> = {}, accept = 'application/json') {
  return http.post(peer.gatewayUrl, { clientId: 'ck', clientSecret: 'cs', subscriptions: SUBS, ua: 'test/1', ...body }, { headers: { Accept: accept } });
}

/** Connects with a fresh ticket; collects frames; answers per `onFrame`. */
async function connect(onFrame: (f: Record<string, any>, ws: WebSocket) => void = () => undefined): Promise<{ ws: WebSocket; frames: Array<Record<string, any>> }> {
  const { data } = await register();
  const ws = new WebSocket(`${data.endpoint}?ticket=${data.ticket}`);
  open.push(ws);
  const frames: Array<Record<string, any>> = [];
  ws.on('message', (m) => { const f = JSON.parse(m.toString()); frames.push(f); onFrame(f, ws); });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  return { ws, frames };
}

const ack = (ws: WebSocket, f: Record<string, any>, data: unknown, code = 200) =>
  ws.send(JSON.stringify({ code, headers: { contentType: 'application/json', messageId: f.headers.messageId }, message: code === 200 ? 'OK' : 'error', data: JSON.stringify(data) }));

async function until(pred: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('DingTalk peer: gateway', () => {
  it('answers XML without Accept: application/json, refuses bad credentials and subscriptions', async () => {
    const xml = await register({}, 'text/plain');
    expect(String(xml.headers['content-type'])).toContain('xml');
    expect((await register({ clientSecret: 'x' })).status).toBe(400);
    expect((await register({ subscriptions: [{ type: 'EVENT', topic: '/not/star' }] })).status).toBe(400);
    const ok = await register();
    expect(ok.data).toEqual({ endpoint: peer.wsUrl, ticket: expect.any(String) });
  });

  it('accepts a ticket once, refuses reuse and expired tickets', async () => {
    const { data } = await register();
    const dial = (ticket: string) => new Promise<number>((resolve) => {
      const ws = new WebSocket(`${peer.wsUrl}?ticket=${ticket}`);
      open.push(ws);
      ws.on('open', () => resolve(101));
      ws.on('unexpected-response', (_q, r) => { resolve(r.statusCode ?? 0); ws.terminate(); });
      ws.on('error', () => undefined);
    });
    expect(await dial(data.ticket)).toBe(101);
    expect(await dial(data.ticket)).toBe(401);
    const shortPeer = await start({ clientId: 'ck', clientSecret: 'cs', robotCode: 'rc', ticketTtlMs: 1 });
    const r = await http.post(shortPeer.gatewayUrl, { clientId: 'ck', clientSecret: 'cs', subscriptions: SUBS }, { headers: { Accept: 'application/json' } });
    await new Promise((res) => setTimeout(res, 10));
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${shortPeer.wsUrl}?ticket=${r.data.ticket}`);
      ws.on('open', () => { resolve(101); ws.terminate(); });
      ws.on('unexpected-response', (_q, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
      ws.on('error', () => undefined);
    });
    await shortPeer.stop();
    expect(status).toBe(401);
  });
});

describe('DingTalk peer: frames and acks', () => {
  it('pings on connect, records acks with latency and flags protocol violations', async () => {
    const { ws, frames } = await connect((f, sock) => {
      if (f.type === 'SYSTEM') sock.send(JSON.stringify({ code: 200, headers: f.headers, message: 'OK', data: f.data }));
    });
    await until(() => peer.state.stream.pings[0]?.echoed === true);
    const pending = peer.state.sendRobotText('zhangsan', '你好');
    await until(() => frames.some((f) => f.type === 'CALLBACK'));
    const cb = frames.find((f) => f.type === 'CALLBACK')!;
    expect(cb.headers).toMatchObject({ topic: '/v1.0/im/bot/messages/get', contentType: 'application/json', connectionId: 'conn-1' });
    expect(JSON.parse(cb.data)).toMatchObject({ senderStaffId: 'zhangsan', robotCode: 'rc', msgtype: 'text', text: { content: '你好' } });
    ack(ws, cb, { response: null });
    expect(await pending).toMatchObject({ code: 200, delivery: 1, data: { response: null } });
    ack(ws, cb, { response: null }); // second ack of the same delivery
    ws.send('garbage');
    ws.send(JSON.stringify({ code: 200, headers: { contentType: 'application/json', messageId: 'who' }, message: 'OK', data: '{}' }));
    await until(() => peer.state.stream.protocolErrors.length === 3);
    expect(peer.state.stream.protocolErrors.join('\n')).toMatch(/acked twice[\s\S]*not JSON[\s\S]*unknown messageId/);
  });

  it('redelivers unsettled frames (500, event LATER, queued while offline) on the next connection only', async () => {
    const first = await connect((f, sock) => {
      if (f.type === 'EVENT') ack(sock, f, { status: 'LATER', message: 'busy' });
      if (f.type === 'CALLBACK') ack(sock, f, { response: null }, 500);
    });
    const ev = await peer.state.sendEvent('user_add_org', { userId: ['u1'] });
    const cb = await peer.state.sendRobotText('lisi', 'x');
    expect([ev.code, cb.code]).toEqual([200, 500]);
    first.ws.terminate();
    await until(() => peer.state.stream.connections[0].closedAt !== undefined);
    const queued = peer.state.sendRobotText('wangwu', 'queued while offline');
    const second = await connect((f, sock) => {
      if (f.type === 'EVENT') ack(sock, f, { status: 'SUCCESS', message: 'ok' });
      if (f.type === 'CALLBACK') ack(sock, f, { response: null });
    });
    expect((await queued).connectionId).toBe('conn-2');
    await until(() => second.frames.filter((f) => f.type !== 'SYSTEM').length === 3);
    expect(peer.state.stream.frames.get(ev.messageId)).toMatchObject({ deliveries: 2, settled: true });
    expect(peer.state.stream.frames.get(cb.messageId)).toMatchObject({ deliveries: 2, settled: true });
    expect(second.frames.find((f) => f.type === 'EVENT')?.headers).toMatchObject({ eventType: 'user_add_org', topic: '*' });
  });

  it('sends disconnect, then closes after the grace period', async () => {
    await peer.stop();
    peer = await start({ clientId: 'ck', clientSecret: 'cs', robotCode: 'rc', disconnectGraceMs: 50 });
    const { ws, frames } = await connect();
    const closed = new Promise((r) => ws.once('close', r));
    peer.state.stream.sendDisconnect();
    await closed;
    expect(frames.find((f) => f.headers.topic === 'disconnect')).toMatchObject({ type: 'SYSTEM', data: '{"reason":"connection is expired"}' });
  });
});

describe('DingTalk peer: OpenAPI checks', () => {
  async function token(): Promise<string> {
    return (await http.post(`${peer.url}/v1.0/oauth2/accessToken`, { appKey: 'ck', appSecret: 'cs' })).data.accessToken;
  }

  it('returns the same token within its validity, a new one after expiry; gettoken too', async () => {
    const t1 = await token();
    expect(await token()).toBe(t1);
    expect((await http.get(`${peer.url}/gettoken`, { params: { appkey: 'ck', appsecret: 'cs' } })).data).toMatchObject({ errcode: 0, access_token: t1 });
    peer.state.expireTokens();
    expect(await token()).not.toBe(t1);
  });

  it('validates robot sends and card bodies like DingTalk', async () => {
    const headers = { 'x-acs-dingtalk-access-token': await token() };
    const post = (path: string, body: unknown) => http.post(`${peer.url}${path}`, body, { headers });
    const send = (extra: Record<string, unknown>) => post('/v1.0/robot/oToMessages/batchSend', { robotCode: 'rc', userIds: ['u'], msgKey: 'sampleText', msgParam: '{"content":"x"}', ...extra });
    expect((await send({})).status).toBe(200);
    expect((await send({ msgKey: 'sampleVideo' })).data.code).toBe('invalidParameter.msgKey');
    expect((await send({ userIds: Array.from({ length: 21 }, (_, i) => `u${i}`) })).data.code).toBe('invalidParameter.userIds');
    expect((await send({ msgParam: { content: 'x' } })).data.code).toBe('invalidParameter.msgParam');
    expect((await http.post(`${peer.url}/v1.0/robot/oToMessages/batchSend`, {}, { headers: { 'x-acs-dingtalk-access-token': 'forged' } })).data.code).toBe('InvalidAuthentication');
    const card = (extra: Record<string, unknown>) => post('/v1.0/card/instances/createAndDeliver', {
      cardTemplateId: 't.schema', outTrackId: `o-${Math.random()}`, cardData: { cardParamMap: { a: 'b' } }, openSpaceId: 'dtv1.card//IM_ROBOT.u', imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT' }, ...extra,
    });
    expect((await card({})).data.success).toBe(true);
    expect((await card({ cardData: { cardParamMap: { done: true } } })).data.code).toBe('invalidParameter.cardData');
    expect((await card({ openSpaceId: 'IM_ROBOT.u' })).data.code).toBe('invalidParameter.openSpaceId');
    expect((await card({ imRobotOpenDeliverModel: undefined })).data.code).toBe('invalidParameter.imRobotOpenDeliverModel');
    expect((await card({ openSpaceId: 'dtv1.card//IM_GROUP.cid' })).data.code).toBe('invalidParameter.imGroupOpenDeliverModel');
    await expect(peer.state.clickCard('missing', 'u', {})).rejects.toThrow('no card');
  });

  it('takes card images through oapi media/upload and refuses cards that name an unknown one', async () => {
    const access_token = await token();
    const upload = (filename: string, size: number, type = 'image') => {
      const form = multipartMedia(Buffer.alloc(size, 1), filename, 'image/jpeg');
      return http.post(`${peer.url}/media/upload`, form.body, { params: { access_token, type }, headers: { 'content-type': form.contentType } });
    };
    const ok = (await upload('a.jpg', 100)).data;
    expect(ok).toMatchObject({ errcode: 0, type: 'image' });
    expect(ok.media_id).toMatch(/^@lADP/);
    expect(peer.state.media.get(ok.media_id)?.bytes.length).toBe(100);
    expect((await upload('a.jpg', 100, 'voice')).data.errcode).toBe(40005);
    expect((await upload('a.jpg', 3)).data.errcode).toBe(40006);
    expect((await upload('a.jpg', 1024 * 1024 + 1)).data.errcode).toBe(40006);
    expect((await upload('a.exe', 100)).data.errcode).toBe(40004);
    expect((await http.post(`${peer.url}/media/upload`, Buffer.alloc(0), { params: { access_token: 'forged', type: 'image' } })).data.errcode).toBe(40014);
    const headers = { 'x-acs-dingtalk-access-token': access_token };
    const card = (image: string) => http.post(`${peer.url}/v1.0/card/instances/createAndDeliver`, {
      cardTemplateId: 't.schema', outTrackId: `o-${Math.random()}`, cardData: { cardParamMap: { has_image: 'true', image } }, openSpaceId: 'dtv1.card//IM_ROBOT.u', imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT' },
    }, { headers });
    expect((await card(ok.media_id)).data.success).toBe(true);
    expect((await card('https://example.com/p.jpg')).data.code).toBe('invalidParameter.cardData');
  });

  it('serves a sent picture through messageFiles/download', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const pushed = peer.state.sendRobotPicture('zhangsan', bytes, { openConversationId: 'cidG' });
    const frame = peer.state.stream.frames.get([...peer.state.stream.frames.keys()][0])!;
    const data = JSON.parse(frame.data);
    expect(data).toMatchObject({ msgtype: 'picture', conversationType: '2', conversationId: 'cidG' });
    const { data: dl } = await http.post(`${peer.url}/v1.0/robot/messageFiles/download`, { downloadCode: data.content.downloadCode, robotCode: 'rc' }, { headers: { 'x-acs-dingtalk-access-token': await token() } });
    const file = await http.get(dl.downloadUrl, { responseType: 'arraybuffer' });
    expect(Buffer.from(file.data)).toEqual(bytes);
    await expect(pushed).rejects.toThrow('no ack'); // nobody is connected
  });
});
