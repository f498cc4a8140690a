import { ACTIONS } from '../../../../cards/src/actions';
import { actionRef, button, card, finishCard, notice } from '../../../../cards/src/model';
import type { SentRef, Target } from '../../messenger';
import { LOCAL_ERRCODES, WecomApiError, WecomRetryableError } from './wecomErrors';
import { WecomMessenger } from './wecomMessenger';
import type { WecomResponseCode, WecomResponseCodeStore, WecomRobotPost, WecomSendApi } from './wecomMessengerTypes';

/** An in-memory code store with the same claim rule as the table: freshest unused first. */
class MemoryCodes implements WecomResponseCodeStore {
  rows: Array<WecomResponseCode & { used: boolean }> = [];
  async add(c: WecomResponseCode) {
    if (!this.rows.some((r) => r.responseCode === c.responseCode)) this.rows.push({ ...c, used: false });
  }
  async claim(plantId: string, taskId: string, userId: string) {
    const r = this.rows.filter((x) => x.plantId === plantId && x.taskId === taskId && x.userId === userId && !x.used).sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime())[0];
    if (!r) return null;
    r.used = true;
    return r.responseCode;
  }
  async release(code: string) {
    const r = this.rows.find((x) => x.responseCode === code);
    if (r) r.used = false;
  }
}

type Call = { fn: string; args: unknown[] };

function fakeApi(over: Partial<Record<keyof WecomSendApi, (...a: never[]) => unknown>> = {}) {
  const calls: Call[] = [];
  const record = (fn: keyof WecomSendApi, dflt: (...a: unknown[]) => unknown) => async (...args: unknown[]) => {
    calls.push({ fn, args });
    const impl = (over[fn] ?? dflt) as (...a: unknown[]) => unknown;
    return impl(...args);
  };
  const sent = () => ({ msgid: `m${calls.length}`, invalidUsers: [] as string[] });
  const api: WecomSendApi = {
    sendText: record('sendText', sent) as WecomSendApi['sendText'],
    sendMarkdown: record('sendMarkdown', sent) as WecomSendApi['sendMarkdown'],
    sendImage: record('sendImage', sent) as WecomSendApi['sendImage'],
    sendTemplateCard: record('sendTemplateCard', () => ({ ...sent(), responseCode: `rc${calls.length}` })) as WecomSendApi['sendTemplateCard'],
    updateTemplateCard: record('updateTemplateCard', () => 'updated') as WecomSendApi['updateTemplateCard'],
    appchatSend: record('appchatSend', () => undefined) as WecomSendApi['appchatSend'],
    robotWebhookSend: record('robotWebhookSend', () => undefined) as WecomSendApi['robotWebhookSend'],
    uploadMedia: record('uploadMedia', () => 'media-1') as WecomSendApi['uploadMedia'],
  };
  return { api, calls };
}

const person: Target = { kind: 'person', plantId: 'p1', platform: 'wecom', personId: 'u-1', userId: 'zhangsan', locale: 'zh-CN' };
const ref = actionRef(ACTIONS.noop, 'hazard', 'h-1', 2);
const taskCard = card('test.card', '请确认', { buttons: [button('确认', ref, 'primary')] });

function messenger(api: WecomSendApi, codes = new MemoryCodes(), extra: { queued?: WecomRobotPost[] } = {}) {
  return new WecomMessenger({
    api, codes, defaultUrl: 'https://anquan.example.com',
    resolveSecret: (r) => (r === 'env:ROBOT' ? 'secret-robot-key' : undefined),
    loadImage: async () => ({ bytes: Buffer.from('jpeg-bytes'), filename: 'p.jpg', contentType: 'image/jpeg' }),
    queueRobotPost: extra.queued ? async (p) => void extra.queued!.push(p) : undefined,
    now: () => new Date('2026-11-24T08:00:00Z'),
  });
}

describe('WecomMessenger.send to people', () => {
  it('a card: task_id from the delivery (stable on re-run), code stored', async () => {
    const { api, calls } = fakeApi();
    const codes = new MemoryCodes();
    const sent = await messenger(api, codes).send(person, { type: 'card', card: taskCard }, { deliveryId: 'd-1' });
    const again = await messenger(fakeApi().api).send(person, { type: 'card', card: taskCard }, { deliveryId: 'd-1' });
    expect(sent.ref).toMatchObject({ kind: 'card', userId: 'zhangsan', responseCode: 'rc1', cardType: 'button_interaction' });
    expect(again.ref.taskId).toBe(sent.ref.taskId);
    expect(codes.rows).toHaveLength(1);
    expect((calls[0].args[0] as { card: { button_list: unknown[] } }).card.button_list).toHaveLength(1);
  });

  it('a card WeCom already has for this delivery (42014) counts as sent, not as a failure', async () => {
    const { api } = fakeApi({ sendTemplateCard: () => { throw new WecomApiError({ errcode: 42014, errmsg: 'taskid has existed', path: '/cgi-bin/message/send' }); } });
    const sent = await messenger(api).send(person, { type: 'card', card: taskCard }, { deliveryId: 'd-2' });
    expect(sent.ref.responseCode).toBeUndefined();
  });

  it('a recipient WeCom refuses (invaliduser) is an error, not a silent success', async () => {
    const { api } = fakeApi({ sendText: () => ({ msgid: 'm', invalidUsers: ['zhangsan'] }) });
    await expect(messenger(api).send(person, { type: 'text', text: 'hi' }, { deliveryId: 'd-3' })).rejects.toMatchObject({ errcode: LOCAL_ERRCODES.not_a_member });
  });

  it('a notice with a photo: media upload, image message, then markdown', async () => {
    const { api, calls } = fakeApi();
    await messenger(api).send(person, { type: 'notice', notice: notice('通知', '正文', { image: { fileId: 'f1', alt: '照片' } }) }, { deliveryId: 'd-4' });
    expect(calls.map((c) => c.fn)).toEqual(['uploadMedia', 'sendImage', 'sendMarkdown']);
  });
});

describe('WecomMessenger.send to groups', () => {
  const group = (over: Partial<Extract<Target, { kind: 'group' }>>): Target => ({ kind: 'group', plantId: 'p1', platform: 'wecom', groupId: 'g', locale: 'zh-CN', ...over });

  it('chatId → appchat markdown (a card becomes a read-only notice)', async () => {
    const { api, calls } = fakeApi();
    await messenger(api).send(group({ chatId: 'wr1' }), { type: 'card', card: taskCard }, { deliveryId: 'd' });
    expect(calls).toEqual([{ fn: 'appchatSend', args: ['wr1', { msgtype: 'markdown', markdown: { content: expect.stringContaining('请确认') } }] }]);
  });

  it('robotKey → queued with the key reference, never the key', async () => {
    const queued: WecomRobotPost[] = [];
    const { api, calls } = fakeApi();
    await messenger(api, new MemoryCodes(), { queued }).send(group({ robotKey: 'env:ROBOT' }), { type: 'text', text: '通知' }, { deliveryId: 'd' });
    expect(calls).toEqual([]);
    expect(queued).toEqual([{ plantId: 'p1', keyRef: 'env:ROBOT', parts: [{ kind: 'text', content: '通知' }] }]);
    expect(JSON.stringify(queued)).not.toContain('secret-robot-key');
    await messenger(api).postToRobot(queued[0]);
    expect(calls[0].args[0]).toBe('secret-robot-key');
  });

  it('a missing robot secret or a group without chatId/robotKey fails the delivery visibly', async () => {
    const { api } = fakeApi();
    await expect(messenger(api).send(group({ robotKey: 'env:NOPE' }), { type: 'text', text: 'x' }, { deliveryId: 'd' })).rejects.toThrow(/not set/);
    await expect(messenger(api).send(group({}), { type: 'text', text: 'x' }, { deliveryId: 'd' })).rejects.toThrow(/neither chatId nor robotKeyRef/);
  });
});

describe('WecomMessenger.update', () => {
  const sentRef = (taskId: string): SentRef => ({ platform: 'wecom', ref: { kind: 'card', plantId: 'p1', userId: 'zhangsan', taskId } });
  const seed = async (codes: MemoryCodes, ...list: Array<[string, number]>) => {
    for (const [code, minute] of list) await codes.add({ plantId: 'p1', taskId: 't1', userId: 'zhangsan', responseCode: code, source: 'send', issuedAt: new Date(Date.UTC(2026, 10, 24, 8, minute)) });
  };

  it('a finished card greys its buttons with the status, using the freshest code', async () => {
    const codes = new MemoryCodes();
    await seed(codes, ['old', 1], ['new', 2]);
    const { api, calls } = fakeApi();
    expect(await messenger(api, codes).update(sentRef('t1'), finishCard(taskCard, '已确认'))).toBe('updated');
    expect(calls[0].args[0]).toEqual({ responseCode: 'new', userids: ['zhangsan'], button: { replaceName: '已确认' } });
  });

  it('an unfinished card is replaced whole, keeping its task_id', async () => {
    const codes = new MemoryCodes();
    await seed(codes, ['c', 1]);
    const { api, calls } = fakeApi();
    await messenger(api, codes).update(sentRef('t1'), taskCard);
    expect((calls[0].args[0] as { templateCard: { task_id: string } }).templateCard.task_id).toBe('t1');
  });

  it('spent or invalid codes are skipped; none left → resend_required', async () => {
    const codes = new MemoryCodes();
    await seed(codes, ['a', 1], ['b', 2]);
    const { api, calls } = fakeApi({
      updateTemplateCard: ((input: { responseCode: string }) => {
        if (input.responseCode === 'b') throw new WecomApiError({ errcode: 40058, errmsg: 'invalid response_code', path: '/x' });
        return 'resend_required';
      }) as never,
    });
    expect(await messenger(api, codes).update(sentRef('t1'), taskCard)).toBe('resend_required');
    expect(calls.map((c) => (c.args[0] as { responseCode: string }).responseCode)).toEqual(['b', 'a']);
  });

  it('a frequency error gives the code back and throws, so the job retries with the same code', async () => {
    const codes = new MemoryCodes();
    await seed(codes, ['a', 1]);
    const { api } = fakeApi({ updateTemplateCard: (() => { throw new WecomRetryableError({ errcode: 45009, errmsg: 'freq', path: '/x' }, 60_000); }) as never });
    await expect(messenger(api, codes).update(sentRef('t1'), taskCard)).rejects.toBeInstanceOf(WecomRetryableError);
    expect(codes.rows[0].used).toBe(false);
  });

  it('a text message or another platform’s ref cannot be updated', async () => {
    const { api } = fakeApi();
    expect(await messenger(api).update({ platform: 'wecom', ref: { kind: 'message', plantId: 'p1', userId: 'x' } }, taskCard)).toBe('resend_required');
    expect(await messenger(api).update({ platform: 'sandbox', ref: { messageId: 1 } }, taskCard)).toBe('resend_required');
  });
});
