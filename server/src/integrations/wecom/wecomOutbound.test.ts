import sharp from 'sharp';
import { decodeTaskId } from '../../../../cards/src/actionRef';
import { sealCallback, callbackPlaintext } from '../../../../scripts/sim/wecomPeerCallbacks';
import { authAs } from '../../../../testkit/sandboxLogin';
import { enqueueCardRefresh, enqueueDelivery } from '../../platform/delivery/delivery';
import type { DeliveryContent, Recipient } from '../../platform/delivery/deliveryTypes';
import { storeImage } from '../../platform/files/fileService';
import { startWecomHarness, TEST_SUBJECT, waitFor, type WecomHarness } from './wecomTestHarness';

jest.setTimeout(60_000);

let h: WecomHarness;
beforeAll(async () => {
  h = await startWecomHarness();
  h.peer.state.createAppChat({ chatid: 'wrDemoSynthesis01', userlist: ['zhangwei', 'liqiang'] });
});
afterAll(() => h.close());

const deliver = (to: Recipient, content: DeliveryContent) => h.server.deps.db.transaction((tx) => enqueueDelivery(tx, h.server.deps.jobs, h.plantId, to, content));
const refresh = (subjectId: string) => h.server.deps.db.transaction((tx) => enqueueCardRefresh(tx, h.server.deps.jobs, h.plantId, TEST_SUBJECT, subjectId));
const cardsTo = (userId: string, subjectId: string) =>
  h.peer.state.messagesTo(userId).filter((m) => m.body.msgtype === 'template_card' && JSON.stringify(m.body).includes(`测试卡片 ${subjectId}`));
const cardOf = (m: { body: Record<string, unknown> }) => m.body.template_card as Record<string, unknown> & { task_id: string; button_list: Array<{ key: string }> };
const sendCard = async (userKey: string, subjectId: string, params: Record<string, unknown> = {}) => {
  await deliver({ personId: await h.personId(userKey) }, { type: 'card', kind: 'wxtest.card', subjectType: TEST_SUBJECT, subjectId, params });
  const sent = cardOf(await waitFor(() => cardsTo(userKey, subjectId)[0]));
  // The delivery job records the card (and its response code) right after WeCom answered.
  await waitFor(async () => (await h.server.deps.db.query('SELECT 1 FROM sent_messages WHERE subject_id = $1', [subjectId])).rowCount > 0);
  return sent;
};
const jpeg = () => sharp({ create: { width: 16, height: 12, channels: 3, background: '#36c' } }).jpeg().toBuffer();
const storePhoto = async () =>
  (await h.server.deps.db.transaction(async (tx) => storeImage(tx, h.server.deps.blobs, { plantId: h.plantId, bytes: await jpeg(), uploadedBy: null, maxBytes: 1e6 }))).id;

describe('cards to people', () => {
  it('an interactive card: template_card with a task_id carrying the action, its response code stored', async () => {
    const card = await sendCard('zhaolei', 's1');
    expect(card.card_type).toBe('button_interaction');
    expect(decodeTaskId(card.task_id)?.ref).toMatchObject({ subjectType: TEST_SUBJECT, subjectId: 's1' });
    const codes = await h.server.deps.db.query("SELECT source FROM wecom_response_codes WHERE task_id = $1", [card.task_id]);
    expect(codes.rows).toEqual([{ source: 'send' }]);
  });

  it('click → command → the card updates in place with the click’s code, then the send code, then a fresh card', async () => {
    const card = await sendCard('zhaolei', 's2');
    const updatesBefore = h.peer.state.updates.length;
    await h.deliver({ kind: 'template_card_event', from: 'zhaolei', taskId: card.task_id, eventKey: card.button_list[0].key });
    const first = await waitFor(() => h.peer.state.updates[updatesBefore]);
    expect(first).toMatchObject({ responseCodeSource: 'callback', taskId: card.task_id, body: { button: { replace_name: '已确认' }, userids: ['zhaolei'] } });

    await refresh('s2');
    const second = await waitFor(() => h.peer.state.updates[updatesBefore + 1]);
    expect(second.responseCodeSource).toBe('send');

    // Both single-use codes are spent: the holder gets a fresh card.
    await refresh('s2');
    const fresh = await waitFor(() => cardsTo('zhaolei', 's2')[1]);
    expect(cardOf(fresh).card_type).toBe('text_notice');
    expect(cardOf(fresh).task_id).not.toBe(card.task_id);
    // The job records the fresh card only after WeCom answered the send, which is after the peer saw it.
    const recordedTaskId = async () =>
      (await h.server.deps.db.query<{ sent_ref: { ref: { taskId: string } } }>("SELECT sent_ref FROM sent_messages WHERE subject_id = 's2'")).rows[0]
        .sent_ref.ref.taskId;
    await waitFor(async () => (await recordedTaskId()) === cardOf(fresh).task_id);
    expect(await recordedTaskId()).toBe(cardOf(fresh).task_id);
  });

  it('codes older than 72 h are not usable: resend_required → a fresh card', async () => {
    const card = await sendCard('heping', 's3');
    h.peer.state.advanceClock(73 * 3600 * 1000);
    try {
      await refresh('s3');
      const fresh = await waitFor(() => cardsTo('heping', 's3')[1]);
      expect(cardOf(fresh).task_id).not.toBe(card.task_id);
      expect(h.peer.state.updates.some((u) => u.taskId === card.task_id)).toBe(false);
    } finally {
      h.peer.state.advanceClock(-73 * 3600 * 1000);
    }
  });

  it('a click whose ResponseCode was already used: 200, refused by the command, the spent code is not tried again', async () => {
    const card = await sendCard('zhaolei', 's4');
    const click = h.peer.state.buildCallback({ kind: 'template_card_event', from: 'zhaolei', taskId: card.task_id, eventKey: card.button_list[0].key });
    await h.post(click);
    await waitFor(() => h.peer.state.updates.find((u) => u.taskId === card.task_id));
    const updateCalls = h.peer.state.countRequests('/cgi-bin/message/update_template_card');
    // The same code again, in a callback WeCom signed later (another CreateTime, so not a retry).
    const replay = callbackPlaintext(
      { kind: 'template_card_event', from: 'zhaolei', taskId: card.task_id, eventKey: card.button_list[0].key },
      h.peer.state.crypto, Math.floor(Date.now() / 1000) + 1, { responseCode: click.responseCode },
    );
    const res = await h.post({ ...sealCallback(replay, h.peer.state.crypto, String(Math.floor(Date.now() / 1000)), '999') });
    expect(res).toMatchObject({ status: 200, text: '' });
    await waitFor(() => h.peer.state.messagesTo('zhaolei').find((m) => JSON.stringify(m.body).includes('该任务已处理')));
    const ev = await h.server.deps.db.query("SELECT 1 FROM evidence_events WHERE kind = 'wxtest.clicked' AND subject_id = 's4'");
    expect(ev.rowCount).toBe(1);
    expect(h.peer.state.countRequests('/cgi-bin/message/update_template_card')).toBe(updateCalls);
  });

  it('a card with a photo: the photo is uploaded as media and sent just before the card', async () => {
    const fileId = await storePhoto();
    await sendCard('liqiang', 's5', { fileId });
    const msgs = h.peer.state.messagesTo('liqiang');
    const i = msgs.findIndex((m) => m.body.msgtype === 'template_card' && JSON.stringify(m.body).includes('测试卡片 s5'));
    expect(msgs[i - 1].body.msgtype).toBe('image');
    const mediaId = (msgs[i - 1].body.image as { media_id: string }).media_id;
    expect(h.peer.state.media.get(mediaId)?.type).toBe('image');
    expect(JSON.stringify(msgs[i].body)).not.toContain('http://localhost:3000/api/files');
  });
});

describe('group notices', () => {
  it('app chat (chatId): photo, then markdown — never a template card', async () => {
    const fileId = await storePhoto();
    await deliver({ groupKey: 'synthesis_wecom' }, { type: 'notice', kind: 'wxtest.notice', subjectType: TEST_SUBJECT, subjectId: 'g1', params: { fileId } });
    const md = await waitFor(() => h.peer.state.appchatMessages.find((m) => JSON.stringify(m.body).includes('测试通知 g1')));
    expect(md.body).toMatchObject({ chatid: 'wrDemoSynthesis01', msgtype: 'markdown' });
    const i = h.peer.state.appchatMessages.indexOf(md);
    expect(h.peer.state.appchatMessages[i - 1].body.msgtype).toBe('image');
  });

  it('group robot (robotKeyRef → env secret): queued per key, markdown and the photo as base64', async () => {
    const fileId = await storePhoto();
    await deliver({ groupKey: 'plant_safety_wecom' }, { type: 'notice', kind: 'wxtest.notice', subjectType: TEST_SUBJECT, subjectId: 'g2', params: { fileId } });
    const md = await waitFor(() => h.peer.state.robotMessages.find((m) => JSON.stringify(m.body).includes('测试通知 g2')));
    expect(md).toMatchObject({ key: 'robot-key-plant', body: { msgtype: 'markdown' } });
    const image = h.peer.state.robotMessages.find((m) => m.body.msgtype === 'image');
    expect((image?.body.image as { md5: string }).md5).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('failed sends are not lost', () => {
  it('a frequency error (45009) leaves the delivery queued with its error, visible in the admin API, then it goes out', async () => {
    h.peer.state.inject({ path: '/cgi-bin/message/send', errcode: 45009, errmsg: 'api freq out of limit', times: 1 });
    await deliver({ personId: await h.personId('wangfang') }, { type: 'text', messageKey: 'bot.raw', params: { text: '频率限制测试' } });
    const admin = await authAs(h.server, 'majun');
    const listed = await waitFor(async () => {
      const res = await h.server.http().get('/api/admin/wecom/jobs?state=pending').set(admin);
      return (res.body as Array<{ queue: string; state: string; lastError: string | null }>).find((j) => j.queue === 'deliver' && j.state === 'retry');
    });
    expect(listed.lastError).toMatch(/45009/);
    expect(listed.lastError).not.toMatch(/access_token|peer[0-9a-f]{16}/);
    await waitFor(() => h.peer.state.messagesTo('wangfang').find((m) => JSON.stringify(m.body).includes('频率限制测试')), 20_000);
  }, 30_000);

  it('the job view needs admin.sync', async () => {
    const res = await h.server.http().get('/api/admin/wecom/jobs').set(await authAs(h.server, 'zhangwei'));
    expect(res.status).toBe(403);
  });
});
