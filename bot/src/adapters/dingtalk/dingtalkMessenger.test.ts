import { DingtalkPeer, start } from '../../../../scripts/sim/dingtalkPeer';
import { hazardAssignmentCard, permitApprovalCard } from '../../../../cards/src/render/sampleCards';
import { finishCard, notice } from '../../../../cards/src/model';
import type { Target } from '../../messenger';
import { DingtalkApi } from './dingtalkApi';
import { DingtalkDeliveryError, DingtalkMessenger, dingtalkRefOf, outTrackIdFor } from './dingtalkMessenger';
import type { DingtalkLogger } from './dingtalkTypes';

let peer: DingtalkPeer;
let api: DingtalkApi;
const warnings: string[] = [];
const logger: DingtalkLogger = { debug: () => undefined, info: () => undefined, warn: (_o, m) => { warnings.push(m ?? ''); }, error: () => undefined };

beforeEach(async () => {
  peer = await start({ clientId: 'ck', clientSecret: 'cs', robotCode: 'rc' });
  api = new DingtalkApi({ baseUrl: peer.url, oapiBaseUrl: peer.url, clientId: 'ck', clientSecret: 'cs', robotCode: 'rc' });
  warnings.length = 0;
});
afterEach(async () => {
  await peer.stop();
});

const person: Target = { kind: 'person', plantId: 'p', platform: 'dingtalk', personId: 'pid-1', userId: 'lisi', locale: 'zh-CN' };
const group = (chatId?: string): Target => ({ kind: 'group', plantId: 'p', platform: 'dingtalk', groupId: 'g1', chatId, locale: 'zh-CN' });

describe('DingtalkMessenger', () => {
  it('sends a person card with outTrackId d-<deliveryId>: shared data without buttons, the recipient\'s private data with them', async () => {
    const m = new DingtalkMessenger(api, { cardTemplateId: 'tpl.schema', logger });
    const ref = await m.send(person, { type: 'card', card: hazardAssignmentCard() }, { deliveryId: 'dlv-1' });
    expect(ref).toEqual({ platform: 'dingtalk', ref: { type: 'card', outTrackId: 'd-dlv-1', userId: 'lisi' } });
    const card = peer.state.cards.get(outTrackIdFor('dlv-1'))!;
    expect(card).toMatchObject({ cardTemplateId: 'tpl.schema', openSpaceId: 'dtv1.card//IM_ROBOT.lisi', callbackType: 'STREAM' });
    expect(card.cardData).toMatchObject({ kind: 'hazard.assignment', show_actions: 'false', buttons: '[]' });
    expect(Object.keys(card.privateData)).toEqual(['lisi']);
    expect(JSON.parse(card.privateData.lisi.buttons)).toHaveLength(3);
  });

  it('updates the card in place by outTrackId; a finished card hides the buttons for the recipient too', async () => {
    const m = new DingtalkMessenger(api, { cardTemplateId: 'tpl.schema', logger });
    const ref = await m.send(person, { type: 'card', card: permitApprovalCard() }, { deliveryId: 'dlv-2' });
    expect(await m.update(ref, finishCard(permitApprovalCard(), '已批准 · 李四 10:32'))).toBe('updated');
    const card = peer.state.cards.get('d-dlv-2')!;
    expect(card.apiUpdates).toBe(1);
    expect(card.cardData).toMatchObject({ finished: 'true', status: '已批准 · 李四 10:32' });
    expect(card.privateData.lisi).toMatchObject({ finished: 'true', show_actions: 'false', buttons: '[]' });
  });

  it('asks for a resend when DingTalk no longer knows the card, or for a robot message; throws on throttling', async () => {
    const m = new DingtalkMessenger(api, { cardTemplateId: 'tpl.schema', logger });
    const gone = { platform: 'dingtalk' as const, ref: { type: 'card', outTrackId: 'd-never', userId: 'lisi' } };
    expect(await m.update(gone, hazardAssignmentCard())).toBe('resend_required');
    expect(warnings).toContain('dingtalk: card update refused, sending a fresh card');
    expect(await m.update({ platform: 'dingtalk', ref: { type: 'robot', processQueryKey: 'k' } }, hazardAssignmentCard())).toBe('resend_required');
    const ref = await m.send(person, { type: 'card', card: hazardAssignmentCard() }, { deliveryId: 'dlv-3' });
    peer.state.injectFault('updateCard', 'throttle');
    await expect(m.update(ref, hazardAssignmentCard())).rejects.toThrow(/QpsLimit/);
  });

  it('without a card template sends cards as robot action cards (link buttons only)', async () => {
    const m = new DingtalkMessenger(api, { logger });
    const ref = await m.send(person, { type: 'card', card: hazardAssignmentCard() }, { deliveryId: 'dlv-4' });
    expect(dingtalkRefOf(ref)).toMatchObject({ type: 'robot' });
    expect(peer.state.cards.size).toBe(0);
    expect(peer.state.robotMessages[0]).toMatchObject({ kind: 'oto', userIds: ['lisi'], msgKey: 'sampleActionCard', msgParam: { singleTitle: '查看隐患详情' } });
  });

  it('sends text 1:1, group notices as markdown to the openConversationId, and refuses a group without chatId', async () => {
    const m = new DingtalkMessenger(api, { cardTemplateId: 'tpl.schema', logger });
    await m.send(person, { type: 'text', text: '请及时整改' }, { deliveryId: 'dlv-5' });
    await m.send(group('cidG1'), { type: 'notice', notice: notice('升级提醒', '**YH-1** 已超期') }, { deliveryId: 'dlv-6' });
    expect(peer.state.robotMessages.map((x) => [x.kind, x.msgKey, x.userIds ?? x.openConversationId])).toEqual([
      ['oto', 'sampleText', ['lisi']],
      ['group', 'sampleMarkdown', 'cidG1'],
    ]);
    expect(peer.state.robotMessages[1].msgParam).toMatchObject({ title: '升级提醒', text: expect.stringContaining('**YH-1** 已超期') });
    const err = await m.send(group(), { type: 'notice', notice: notice('x', 'y') }, { deliveryId: 'dlv-7' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DingtalkDeliveryError);
    expect((err as DingtalkDeliveryError).message).toContain('openConversationId');
  });
});
