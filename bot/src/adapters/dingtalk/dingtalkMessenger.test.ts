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
    expect(ref).toEqual({ platform: 'dingtalk', ref: { type: 'card', outTrackId: 'd-dlv-1', userId: 'lisi', plantId: 'p' } });
    const card = peer.state.cards.get(outTrackIdFor('dlv-1'))!;
    expect(card).toMatchObject({ cardTemplateId: 'tpl.schema', openSpaceId: 'dtv1.card//IM_ROBOT.lisi', callbackType: 'STREAM' });
    expect(card.cardData).toMatchObject({ kind: 'hazard.assignment', show_actions: 'false', buttons: '[]' });
    expect(Object.keys(card.privateData)).toEqual(['lisi']);
    expect(JSON.parse(card.privateData.lisi.buttons)).toHaveLength(3);
  });

  it('shows a card\'s image by media id, uploaded once; a refused image goes without it; an old card keeps its image', async () => {
    const loads: string[] = [];
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    const loadImage = async (_plantId: string, fileId: string) => {
      loads.push(fileId);
      return fileId === 'bad' ? { bytes: jpeg, filename: 'photo.exe', contentType: 'application/octet-stream' } : { bytes: jpeg, filename: `${fileId}.jpg`, contentType: 'image/jpeg' };
    };
    const m = new DingtalkMessenger(api, { cardTemplateId: 'tpl.schema', logger, loadImage });
    const withImage = (fileId: string) => ({ ...hazardAssignmentCard(), image: { fileId, alt: '现场照片' } });
    const a = await m.send(person, { type: 'card', card: withImage('f1') }, { deliveryId: 'img-1' });
    await m.send(person, { type: 'card', card: withImage('f1') }, { deliveryId: 'img-2' });
    const first = peer.state.cards.get('d-img-1')!.cardData;
    expect(first).toMatchObject({ has_image: 'true' });
    expect(peer.state.cards.get('d-img-2')!.cardData.image).toBe(first.image);
    expect(peer.state.media.size).toBe(1);
    expect(loads).toEqual(['f1']);

    await m.send(person, { type: 'card', card: withImage('bad') }, { deliveryId: 'img-3' });
    expect(peer.state.cards.get('d-img-3')!.cardData).toMatchObject({ has_image: 'false', image: '' });
    expect(warnings).toContain('the platform refused the card image; sent without it');

    // A ref stored before images (no plantId): the update leaves the image keys alone.
    const old = { platform: 'dingtalk' as const, ref: { type: 'card', outTrackId: 'd-img-1', userId: 'lisi' } };
    expect(await m.update(old, finishCard(withImage('f1'), '已完成'))).toBe('updated');
    expect(peer.state.cards.get('d-img-1')!.cardData).toMatchObject({ finished: 'true', has_image: 'true', image: first.image });
    expect(await m.update(a, finishCard(withImage('f1'), '已完成'))).toBe('updated');
    expect(peer.state.media.size).toBe(1);
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
