import { createHash, randomUUID } from 'node:crypto';
import { ACTIONS } from '../../../../cards/src/actions';
import { actionRef } from '../../../../cards/src/model';
import { encodeActionRef } from '../../../../cards/src/actionRef';
import { enqueueDelivery } from '../../platform/delivery/delivery';
import { DingtalkRig, RIG_APP, startDingtalkRig, until } from './dingtalkTestRig';
import { effects, outTrackIdOf, ProbeState, probeModule, sendProbeCard } from './dingtalkProbe';

const probe: ProbeState = { events: [], gate: null };
let rig: DingtalkRig;
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), Buffer.alloc(64, 7), Buffer.from([0xff, 0xd9])]);

beforeAll(async () => {
  rig = await startDingtalkRig({ modules: [probeModule(probe)] });
});
afterAll(async () => {
  await rig?.close();
});
beforeEach(() => {
  probe.events.length = 0;
  probe.gate = null;
});

const deps = () => rig.server.deps;
const sentTexts = (userId: string) => rig.peer.state.robotMessages.filter((m) => m.kind === 'oto' && m.userIds?.includes(userId)).map((m) => String(m.msgParam.content ?? m.msgParam.text ?? ''));
const peerProtocolErrors = () => rig.peer.state.stream.protocolErrors.filter((e) => !e.includes('did not subscribe'));
const clickParams = (subjectId: string, action: typeof ACTIONS.noop | typeof ACTIONS.permit_ack = ACTIONS.noop, version = 1) => ({ ref: encodeActionRef(actionRef(action, 'probe', subjectId, version)) });

async function deliveredCard(subjectId: string): Promise<string> {
  let id: string | null = null;
  await until(async () => (id = await outTrackIdOf(deps(), subjectId)) !== null, 8000, 'card delivered');
  return id as unknown as string;
}

describe('DingTalk module: stream, robot messages', () => {
  it('connects on the leader, shows the state in /readyz and routes a robot text to the listeners once', async () => {
    const ready = await rig.server.http().get('/readyz');
    expect(ready.body.components.dingtalk).toMatchObject({ ok: true, state: 'connected', detail: { cardTemplate: true } });
    const ack = await rig.peer.state.sendRobotText('dt_zhangwei', '  三号罐区法兰渗漏');
    expect(ack).toMatchObject({ code: 200, data: { response: null } });
    await until(() => probe.events.length === 1, 5000, 'event');
    expect(probe.events[0]).toMatchObject({ platform: 'dingtalk', kind: 'text', text: '三号罐区法兰渗漏', sender: { platformUserId: 'dt_zhangwei' } });
    expect(probe.events[0].dedupeKey).toMatch(/^robot:msg/);
    // The listener sees the event before its command commits the effect.
    await until(async () => (await effects(deps(), 'probe.noted')) >= 1, 5000, 'the effect');
    expect(await effects(deps(), 'probe.noted')).toBe(1);
    expect(peerProtocolErrors()).toEqual([]);
  });

  it('downloads a picture by downloadCode, stores and hashes it like any photo, and passes an image event', async () => {
    const ack = await rig.peer.state.sendRobotPicture('dt_zhangwei', JPEG);
    expect(ack.code).toBe(200);
    await until(() => probe.events.some((e) => e.kind === 'image'), 5000, 'image event');
    const ev = probe.events.find((e) => e.kind === 'image');
    expect(ev?.image?.fileId).toEqual(expect.any(String));
    const file = await deps().db.query<{ sha256: string; size: string; mime: string; uploaded_by: string }>('SELECT sha256, size, mime, uploaded_by FROM files WHERE id = $1', [ev!.image!.fileId]);
    expect(file.rows[0]).toMatchObject({ sha256: createHash('sha256').update(JPEG).digest('hex'), mime: 'image/jpeg', uploaded_by: ev!.sender.personId });
    expect(Number(file.rows[0].size)).toBe(JPEG.length);
  });

  it('a failing downloadCode: no crash, no image event, the sender is asked to resend, a log line says so', async () => {
    rig.peer.state.injectFault('download', 'serverError', 1);
    const ack = await rig.peer.state.sendRobotPicture('dt_xulin', JPEG);
    expect(ack.code).toBe(200);
    const line = await rig.waitForLog('picture download (downloadCode) failed');
    expect(probe.events).toEqual([]);
    expect(line).toMatchObject({ level: 'warn', err: expect.stringContaining('ServiceUnavailable') });
    await until(() => sentTexts('dt_xulin').some((t) => t.includes('图片未能接收')), 8000, 'resend reply');
  });

  it('a frame redelivered after a reconnect, or sent twice, has no second effect', async () => {
    const before = await effects(deps(), 'probe.noted');
    const connectionsBefore = rig.peer.state.stream.connections.length;
    const ack = await rig.peer.state.sendRobotText('dt_zhangwei', '重复投递');
    expect(ack).toMatchObject({ code: 200, delivery: 1 });
    await until(async () => (await effects(deps(), 'probe.noted')) === before + 1, 5000, 'processed');
    // The ack is lost on the way: the gateway delivers the same frame again on the next connection.
    const frame = rig.peer.state.stream.frames.get(ack.messageId)!;
    frame.settled = false;
    rig.peer.state.stream.dropConnections();
    await rig.peer.state.stream.waitForConnections(connectionsBefore + 1, 8000);
    await until(() => frame.acks.length === 2, 5000, 'second ack');
    expect(frame.acks[1]).toMatchObject({ code: 200, delivery: 2 });
    expect(rig.peer.state.stream.registrations.length).toBeGreaterThanOrEqual(2);
    // The same message (same msgId) in a new frame.
    expect((await rig.peer.state.stream.push('CALLBACK', '/v1.0/im/bot/messages/get', frame.data)).code).toBe(200);
    expect(rig.logs.filter((l) => l.msg?.includes('duplicate frame (redelivery)') && l.dedupeKey === `robot:${JSON.parse(frame.data).msgId}`)).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await effects(deps(), 'probe.noted')).toBe(before + 1);
    expect(probe.events).toHaveLength(1);
  });

  it('a frame stored but never processed (crash) is picked up by the sweep', async () => {
    const before = await effects(deps(), 'probe.noted');
    const data = JSON.stringify({ msgId: `m-${randomUUID()}`, msgtype: 'text', text: { content: '崩溃前收到' }, senderStaffId: 'dt_zhangwei', conversationId: 'c', conversationType: '1' });
    await deps().db.query(
      "INSERT INTO dingtalk_inbox (dedupe_key, topic, message_id, data, next_attempt_at) VALUES ($1, '/v1.0/im/bot/messages/get', 'frame-x', $2, now() - interval '1 second')",
      [`robot:${JSON.parse(data).msgId}`, data],
    );
    await until(async () => (await effects(deps(), 'probe.noted')) === before + 1, 5000, 'sweep');
    expect(probe.events.map((e) => e.text)).toEqual(['崩溃前收到']);
    await rig.waitForLog('retrying frames left unprocessed');
    // The frame is marked processed only after its effect was committed.
    const processed = async () =>
      (await deps().db.query<{ processed: boolean }>('SELECT processed_at IS NOT NULL AS processed FROM dingtalk_inbox WHERE data = $1', [data])).rows[0].processed;
    await until(processed, 5000, 'the frame marked processed');
    expect(await processed()).toBe(true);
  });

  it('a frame that is not JSON and an unknown topic: logged, acked or ignored, the connection keeps serving', async () => {
    rig.peer.state.stream.sendRaw('{ not json');
    await rig.waitForLog('unreadable frame ignored');
    const unknown = await rig.peer.state.stream.push('CALLBACK', '/v1.0/graph/api/invoke', { q: 1 });
    expect(unknown.code).toBe(404);
    await rig.waitForLog('callback for an unknown topic');
    const garbled = await rig.peer.state.stream.push('CALLBACK', '/v1.0/im/bot/messages/get', { msgtype: 'text' });
    expect(garbled.code).toBe(200);
    expect((await rig.waitForLog('robot message unreadable')).reason).toBe('missing_msg_id');
    expect((await rig.peer.state.sendRobotText('dt_zhangwei', '还在')).code).toBe(200);
    await until(() => probe.events.length === 1, 5000, 'event');
    expect(probe.events.map((e) => e.text)).toEqual(['还在']);
  });

  it('an unknown sender gets a clear reply and the admins a notice (once per hour)', async () => {
    await rig.peer.state.sendRobotText('stranger01', '你好');
    await rig.peer.state.sendRobotText('stranger01', '在吗');
    await until(() => sentTexts('stranger01').length === 2, 5000, 'two replies');
    expect(probe.events).toEqual([]);
    expect(sentTexts('stranger01')[0]).toContain('尚未在本厂的人员名单中登记');
    await until(() => sentTexts('dt_majun').some((t) => t.includes('stranger01')), 8000, 'admin notice');
    await new Promise((r) => setTimeout(r, 800));
    expect(sentTexts('dt_majun').filter((t) => t.includes('stranger01'))).toHaveLength(1);
    expect((await rig.waitForLog('not a person of any plant')).userId).toBe('stranger01');
  });

  it('an unsupported message type gets a reply and no event', async () => {
    const ack = await rig.peer.state.stream.push('CALLBACK', '/v1.0/im/bot/messages/get', {
      msgId: `m-${randomUUID()}`, msgtype: 'audio', senderStaffId: 'dt_wangfang', conversationId: 'cid', conversationType: '1', content: { duration: 3 },
    });
    expect(ack.code).toBe(200);
    await until(() => sentTexts('dt_wangfang').some((t) => t.includes('暂不支持')), 8000, 'unsupported reply');
    expect(probe.events).toEqual([]);
  });
});

describe('DingTalk module: interactive cards', () => {
  it('delivers a person card with buttons only in the recipient\'s private data, updates it in place after a click', async () => {
    const subjectId = await sendProbeCard(deps(), 'zhangwei');
    const outTrackId = await deliveredCard(subjectId);
    expect(outTrackId).toMatch(/^d-/);
    const card = rig.peer.state.cards.get(outTrackId)!;
    expect(card).toMatchObject({ cardTemplateId: RIG_APP.template, spaceType: 'IM_ROBOT', spaceId: 'dt_zhangwei', callbackType: 'STREAM' });
    expect(card.cardData).toMatchObject({ kind: 'probe.card', title: '探针卡片', show_actions: 'false', status: expect.stringContaining('等待') });
    expect(card.privateData.dt_zhangwei).toMatchObject({ show_actions: 'true', status: '' });
    expect(JSON.parse(card.privateData.dt_zhangwei.buttons).map((b: { label: string }) => b.label)).toEqual(['处理', '需要权限']);

    const { ack, response } = await rig.peer.state.clickCard(outTrackId, 'dt_zhangwei', clickParams(subjectId));
    expect(ack.code).toBe(200);
    expect(response).toMatchObject({ cardData: { cardParamMap: { finished: 'true', status: '已处理 ×1' } }, userPrivateData: { cardParamMap: { show_actions: 'false', finished: 'true' } } });
    expect(rig.peer.state.cards.get(outTrackId)).toMatchObject({ callbackUpdates: 1, cardData: { finished: 'true' }, privateData: { dt_zhangwei: { finished: 'true' } } });
    expect(probe.events[0]).toMatchObject({ kind: 'action', action: { action: 'noop', subjectType: 'probe', subjectId }, sentRef: { platform: 'dingtalk', ref: { type: 'card', outTrackId } } });
    expect(await effects(deps(), 'probe.clicked', subjectId)).toBe(1);
    // The command enqueued a refresh: the card is also updated through PUT /v1.0/card/instances.
    await until(() => rig.peer.state.cards.get(outTrackId)!.apiUpdates >= 1, 8000, 'PUT update');
    expect(rig.peer.state.cards.size).toBeGreaterThan(0);
    expect(peerProtocolErrors()).toEqual([]);
  });

  it('a card callback for a card we never sent: no effect, a log line, the clicker is told', async () => {
    rig.peer.state.cards.set('forged-1', {
      outTrackId: 'forged-1', cardTemplateId: 'x', openSpaceId: 'dtv1.card//IM_ROBOT.dt_xulin', spaceType: 'IM_ROBOT', spaceId: 'dt_xulin', callbackType: 'STREAM',
      cardData: {}, privateData: {}, apiUpdates: 0, callbackUpdates: 0, createdAt: new Date(),
    });
    const { ack, response } = await rig.peer.state.clickCard('forged-1', 'dt_xulin', clickParams(randomUUID()));
    expect(ack.code).toBe(200);
    expect(response).toBeNull();
    expect((await rig.waitForLog('card callback for a card we never sent')).outTrackId).toBe('forged-1');
    expect(probe.events).toEqual([]);
    await until(() => sentTexts('dt_xulin').some((t) => t.includes('卡片已失效')), 8000, 'expired reply');
  });

  it('a click by someone not allowed: another user on my card, or me without the right: no effect, told why', async () => {
    const subjectId = await sendProbeCard(deps(), 'zhangwei');
    const outTrackId = await deliveredCard(subjectId);
    const other = await rig.peer.state.clickCard(outTrackId, 'dt_liqiang', clickParams(subjectId));
    expect(other).toMatchObject({ ack: { code: 200 }, response: null });
    expect(await rig.waitForLog('card clicked by someone it was not sent to')).toMatchObject({ clicker: 'dt_liqiang', recipient: 'dt_zhangwei' });
    await until(() => sentTexts('dt_liqiang').some((t) => t.includes('不是发给您的')), 8000, 'not-yours reply');

    const own = await rig.peer.state.clickCard(outTrackId, 'dt_zhangwei', clickParams(subjectId, ACTIONS.permit_ack));
    expect(own.ack.code).toBe(200);
    await until(() => sentTexts('dt_zhangwei').some((t) => t.includes('admin.sync')), 8000, 'no-right reply');
    expect(await effects(deps(), 'probe.privileged', subjectId)).toBe(0);
    expect(await effects(deps(), 'probe.clicked', subjectId)).toBe(0);
    // Malformed params (no ref): logged, no event.
    await rig.peer.state.clickCard(outTrackId, 'dt_zhangwei', { action: 'approve' });
    await rig.waitForLog('card callback without a valid action ref');
  });

  it('a connection dropped mid-callback: the redelivered click has no second effect', async () => {
    const subjectId = await sendProbeCard(deps(), 'zhangwei');
    const outTrackId = await deliveredCard(subjectId);
    let release: () => void = () => undefined;
    probe.gate = new Promise<void>((r) => { release = r; });
    const connectionsBefore = rig.peer.state.stream.connections.length;
    const click = rig.peer.state.clickCard(outTrackId, 'dt_zhangwei', clickParams(subjectId));
    await until(() => probe.events.length === 1, 5000, 'click in the listener');
    rig.peer.state.stream.dropConnections();
    await rig.peer.state.stream.waitForConnections(connectionsBefore + 1, 8000);
    release();
    const { ack } = await click;
    expect(ack).toMatchObject({ code: 200, delivery: 2 });
    await rig.waitForLog('ack lost, socket already closed');
    await until(async () => (await effects(deps(), 'probe.clicked', subjectId)) === 1, 5000, 'one effect');
    await new Promise((r) => setTimeout(r, 300));
    expect(await effects(deps(), 'probe.clicked', subjectId)).toBe(1);
    expect(probe.events.filter((e) => e.kind === 'action')).toHaveLength(1);
  });
});

describe('DingTalk module: groups and login', () => {
  it('posts a group notice as robot markdown to the group\'s openConversationId', async () => {
    const plantId = (await deps().directory.plantIds())[0];
    await deps().db.query(
      "INSERT INTO groups (id, plant_id, key, name, data, version, content_hash) VALUES ($1, $2, 'dt_test_group', '钉钉测试群', $3::jsonb, 1, 'x')",
      [randomUUID(), plantId, JSON.stringify({ platform: 'dingtalk', chatId: 'cidTestGroup01' })],
    );
    await deps().db.transaction((tx) => enqueueDelivery(tx, deps().jobs, plantId, { groupKey: 'dt_test_group' }, { type: 'notice', kind: 'probe.notice', subjectType: 'probe', subjectId: 'g1' }));
    await until(() => rig.peer.state.robotMessages.some((m) => m.kind === 'group'), 8000, 'group post');
    const post = rig.peer.state.robotMessages.find((m) => m.kind === 'group')!;
    expect(post).toMatchObject({ openConversationId: 'cidTestGroup01', msgKey: 'sampleMarkdown', msgParam: { title: '罐区通知' } });
    expect(String(post.msgParam.text)).toContain('**T-203** 呼吸阀已更换');
  });

  it('H5 login: a DingTalk auth code becomes a session token for the person; bad codes and strangers are refused', async () => {
    const code = rig.peer.state.issueAuthCode('dt_zhangwei');
    const res = await rig.server.http().post('/api/sessions/dingtalk').send({ code });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token: expect.any(String), person: { name: '张伟' } });
    const me = await rig.server.http().get('/api/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.body).toMatchObject({ personId: res.body.person.id, via: 'dingtalk' });
    const reused = await rig.server.http().post('/api/sessions/dingtalk').send({ code });
    expect(reused.status).toBe(401);
    expect(reused.body.error.details).toEqual({ reason: 'auth_code_refused' });
    const stranger = await rig.server.http().post('/api/sessions/dingtalk').send({ code: rig.peer.state.issueAuthCode('stranger02') });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'unknown_person' } });
    expect((await rig.server.http().post('/api/sessions/dingtalk').send({})).body.error.message).toContain('body.code');
  });
});
