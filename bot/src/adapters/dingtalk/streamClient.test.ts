import WebSocket from 'ws';
import { DingtalkPeer, start } from '../../../../scripts/sim/dingtalkPeer';
import { DingtalkApi } from './dingtalkApi';
import { DingtalkLogger, FrameHandler, InboundFrame, StreamState, TOPIC_CARD_CALLBACK } from './dingtalkTypes';
import { parseCardCallback } from './parseCardCallback';
import { parseRobotMessage } from './parseRobotMessage';
import { DingtalkStreamClient } from './streamClient';
import { StreamClientOptions } from './streamClientOptions';

type Entry = { level: string; obj: Record<string, unknown>; msg?: string };
function recordingLogger(): { logger: DingtalkLogger; entries: Entry[] } {
  const entries: Entry[] = [];
  const at = (level: string) => (obj: object, msg?: string) => { entries.push({ level, obj: obj as Record<string, unknown>, msg }); };
  return { entries, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

async function until(pred: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let peer: DingtalkPeer;
let client: DingtalkStreamClient | undefined;
let log: ReturnType<typeof recordingLogger>;

beforeEach(async () => {
  peer = await start({ clientId: 'ck', clientSecret: 'cs', robotCode: 'rc', disconnectGraceMs: 3000 });
  log = recordingLogger();
});

afterEach(async () => {
  await client?.stop(0);
  client = undefined;
  await peer.stop();
});

function connectClient(handler: FrameHandler, extra: Partial<StreamClientOptions> = {}): Promise<void> {
  client = new DingtalkStreamClient({
    clientId: 'ck', clientSecret: 'cs', gatewayUrl: peer.gatewayUrl, tokenUrl: `${peer.url}/gettoken`, logger: log.logger,
    backoffInitialMs: 20, backoffMaxMs: 200, keepAliveMs: 0, ackTimeoutMs: 1000, drainMs: 500, ...extra,
  });
  client.onFrame(handler);
  return client.connect();
}

const peerErrors = () => peer.state.stream.protocolErrors.filter((e) => !e.includes('did not subscribe'));

describe('DingtalkStreamClient against the DingTalk peer', () => {
  it('registers our topics, echoes the ping and acks a robot message with {response:null}', async () => {
    const seen: InboundFrame[] = [];
    await connectClient(async (f) => { seen.push(f); });
    expect(client!.status()).toMatchObject({ state: 'connected', connections: 1, failedAttempts: 0 });
    expect(peer.state.stream.registrations[0].subscriptions).toEqual([
      { type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' },
      { type: 'CALLBACK', topic: '/v1.0/card/instances/callback' },
    ]);
    await until(() => peer.state.stream.pings[0]?.echoed === true);

    const ack = await peer.state.sendRobotText('zhangsan', '  三号罐区有泄漏');
    expect(ack).toMatchObject({ code: 200, message: 'OK', data: { response: null }, delivery: 1 });
    expect(seen.map((f) => f.messageId)).toEqual([ack.messageId]);
    const msg = parseRobotMessage(seen[0].data);
    expect(msg.ok && msg.value).toMatchObject({ senderStaffId: 'zhangsan', conversationType: '1', content: { kind: 'text', text: '三号罐区有泄漏' } });
    expect(peerErrors()).toEqual([]);
  });

  it('answers a card callback with the response data, which DingTalk applies in place', async () => {
    const api = new DingtalkApi({ baseUrl: peer.url, oapiBaseUrl: peer.url, clientId: 'ck', clientSecret: 'cs', robotCode: 'rc' });
    await api.createAndDeliverCard({ cardTemplateId: 'tpl.schema', outTrackId: 'permit-1-v1', target: { type: 'user', userId: 'zhangsan' }, cardData: { status: '待审批' } });
    await connectClient(async (f) => {
      if (f.topic !== TOPIC_CARD_CALLBACK) return null;
      const click = parseCardCallback(f.data);
      if (!click.ok) throw new Error(click.reason);
      return {
        cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
        cardData: { cardParamMap: { status: click.value.params.action === 'approve' ? '已同意' : '已拒绝' } },
        userPrivateData: { cardParamMap: { clicked: 'true' } },
      };
    });
    const { ack, response } = await peer.state.clickCard('permit-1-v1', 'lisi', { action: 'approve' });
    expect(ack.code).toBe(200);
    expect(response).toEqual({
      cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
      cardData: { cardParamMap: { status: '已同意' } },
      userPrivateData: { cardParamMap: { clicked: 'true' } },
    });
    expect(peer.state.cards.get('permit-1-v1')).toMatchObject({ cardData: { status: '已同意' }, privateData: { lisi: { clicked: 'true' } }, callbackUpdates: 1 });
    expect(peerErrors()).toEqual([]);
  });

  it('reconnects after a drop with a NEW ticket; the old ticket is refused', async () => {
    await connectClient(async () => null);
    const states: StreamState[] = [];
    client!.on('status', (s: { state: StreamState }) => states.push(s.state));
    const firstTicket = peer.state.stream.registrations[0].ticket;

    peer.state.stream.dropConnections();
    await peer.state.stream.waitForConnections(2);
    await until(() => client!.status().state === 'connected');
    expect(states).toContain('reconnecting');
    expect(client!.status().connections).toBe(2);
    expect(peer.state.stream.registrations).toHaveLength(2);
    expect(peer.state.stream.registrations[1].ticket).not.toBe(firstTicket);

    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${peer.wsUrl}?ticket=${firstTicket}`);
      ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
      ws.on('open', () => { resolve(101); ws.close(); });
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
    expect(peer.state.stream.refusedTickets).toContain(firstTicket);
    expect((await peer.state.sendRobotText('lisi', '复位')).code).toBe(200);
  });

  it('on a server disconnect notice opens the replacement before the old socket is closed', async () => {
    await connectClient(async () => null);
    const t0 = Date.now();
    peer.state.stream.sendDisconnect('connection is expired');
    await peer.state.stream.waitForConnections(2, 2000);
    expect(Date.now() - t0).toBeLessThan(2000); // well inside the peer's 3 s grace
    await until(() => peer.state.stream.connections[0].closedAt !== undefined, 2000);
    const ack = await peer.state.sendRobotText('lisi', '新连接');
    expect(ack).toMatchObject({ code: 200, connectionId: 'conn-2' });
    expect(client!.status().state).toBe('connected');
  });

  it('surfaces a frame redelivered after a reconnect twice, with the same messageId', async () => {
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    await connectClient(async (f) => {
      seen.push(f.messageId);
      if (seen.length === 1) await gate; // the first delivery is still being handled when the link drops
    });
    const acked = peer.state.sendRobotText('zhangsan', '泄漏');
    await until(() => seen.length === 1);
    peer.state.stream.dropConnections();
    const ack = await acked;
    expect(ack).toMatchObject({ code: 200, delivery: 2, connectionId: 'conn-2' });
    expect(seen).toEqual([ack.messageId, ack.messageId]);
    release();
    await until(() => log.entries.some((e) => e.msg === 'dingtalk stream: ack lost, socket already closed'));
    expect(peer.state.stream.frames.get(ack.messageId)?.acks).toHaveLength(1);
  });

  it('logs and ignores a non-JSON frame and keeps serving the connection', async () => {
    await connectClient(async () => null);
    peer.state.stream.sendRaw('this is not json {');
    await until(() => log.entries.some((e) => e.level === 'warn' && e.obj.reason === 'not_json'));
    expect((await peer.state.sendRobotText('zhangsan', '还在吗')).code).toBe(200);
    expect(client!.status().connections).toBe(1);
  });

  it('acks an unknown callback topic with 404 and an unsubscribed event with SUCCESS "ignored"', async () => {
    const seen: InboundFrame[] = [];
    await connectClient(async (f) => { seen.push(f); });
    expect((await peer.state.stream.push('CALLBACK', '/v1.0/graph/api/invoke', { q: 1 })).code).toBe(404);
    expect((await peer.state.sendEvent('user_add_org', { userId: ['u1'] })).data).toEqual({ status: 'SUCCESS', message: 'ignored' });
    expect(seen).toEqual([]);
  });

  it('passes subscribed events to the handler and acks SUCCESS, or LATER when it fails', async () => {
    await connectClient(async (f) => {
      if (JSON.parse(f.data).fail) throw new Error('db down');
    }, { subscribeEvents: true });
    expect(peer.state.stream.registrations[0].subscriptions[0]).toEqual({ type: 'EVENT', topic: '*' });
    expect((await peer.state.sendEvent('user_add_org', { userId: ['u1'] })).data).toEqual({ status: 'SUCCESS', message: 'OK' });
    expect((await peer.state.sendEvent('user_add_org', { fail: true })).data).toEqual({ status: 'LATER', message: 'handler failed' });
  });

  it('acks 500 when the handler throws and a neutral 200 when it is too slow, never twice', async () => {
    let slowDone: Promise<unknown> = Promise.resolve();
    await connectClient(async (f) => {
      const text = JSON.parse(f.data).text.content as string;
      if (text === 'fail') throw new Error('db down');
      if (text === 'slow') {
        slowDone = sleep(400);
        await slowDone;
        return { cardData: { cardParamMap: { late: 'yes' } } };
      }
      return null;
    }, { ackTimeoutMs: 100 });
    const failed = await peer.state.sendRobotText('u1', 'fail');
    expect(failed).toMatchObject({ code: 500, message: 'internal error' });
    expect(peer.state.stream.frames.get(failed.messageId)?.settled).toBe(false);
    const slow = await peer.state.sendRobotText('u1', 'slow');
    expect(slow).toMatchObject({ code: 200, data: { response: null } });
    expect(slow.latencyMs).toBeLessThan(350);
    await slowDone;
    await sleep(50);
    expect(peer.state.stream.frames.get(slow.messageId)?.acks).toHaveLength(1);
    expect(peerErrors()).toEqual([]);
  });

  it('reads "error" with the reason when registration is refused, and keeps retrying with back-off', async () => {
    await connectClient(async () => null, { clientSecret: 'wrong' });
    expect(client!.status()).toMatchObject({ state: 'error', connections: 0 });
    expect(client!.status().lastError).toContain('HTTP 400');
    // The peer records the request before the client has read its answer and logged the failure.
    await until(() => log.entries.filter((e) => e.msg === 'dingtalk stream: connect failed').length >= 3);
    expect(peer.state.requests.filter((r) => r.route === 'gateway').length).toBeGreaterThanOrEqual(3);
    expect(log.entries.filter((e) => e.msg === 'dingtalk stream: connect failed').map((e) => e.obj.retryInMs).slice(0, 3)).toEqual([20, 40, 80]);
  });

  it('stop() closes the socket and does not reconnect; getAccessToken uses the configured token URL', async () => {
    await connectClient(async () => null);
    expect(await client!.getAccessToken()).toMatch(/^tok-/);
    await client!.stop();
    expect(client!.status().state).toBe('stopped');
    await until(() => peer.state.stream.connections[0].closedAt !== undefined);
    await sleep(100);
    expect(peer.state.stream.registrations).toHaveLength(1);
  });
});
