import { encodeActionRef } from '../../../../cards/src/actionRef';
import { ACTIONS } from '../../../../cards/src/actions';
import { WecomMediaNotFoundError } from './wecomErrors';
import { toBotEvent, type WecomInboundDeps } from './wecomInbound';
import type { WecomInboundMessage } from './wecomTypes';

const base = { toUserName: 'ww1', fromUserName: 'zhangsan', createTime: 1764000000, agentId: '1000002' };
const now = new Date('2026-11-24T08:00:00Z');
const key = encodeActionRef({ action: ACTIONS.noop, subjectType: 'hazard', subjectId: 'h-1', cardVersion: 3 });

function deps(over: Partial<WecomInboundDeps> = {}): WecomInboundDeps {
  return {
    resolveSender: async (u) => (u === 'zhangsan' ? { plantId: 'p1', personId: 'person-1' } : null),
    fetchMedia: async () => ({ buffer: Buffer.from('jpeg'), contentType: 'image/jpeg' }),
    storeImage: async () => 'file-1',
    now: () => now,
    ...over,
  };
}

const cases: Array<[string, WecomInboundMessage, Partial<WecomInboundDeps>, Record<string, unknown>]> = [
  ['text', { ...base, msgType: 'text', kind: 'text', content: '配电箱未上锁', msgId: '1' }, {}, { type: 'event', event: { kind: 'text', text: '配电箱未上锁' } }],
  ['image', { ...base, msgType: 'image', kind: 'image', mediaId: 'm1', picUrl: '', msgId: '2' }, {}, { type: 'event', event: { kind: 'image', image: { fileId: 'file-1' } } }],
  ['image with an unknown MediaId', { ...base, msgType: 'image', kind: 'image', mediaId: 'gone', picUrl: '', msgId: '3' },
    { fetchMedia: async () => { throw new WecomMediaNotFoundError({ errcode: 40007, errmsg: 'invalid media_id', path: '/cgi-bin/media/get' }); } },
    { type: 'reply', messageKey: 'wecom.media.not_found' }],
  ['image that is not a photo we take', { ...base, msgType: 'image', kind: 'image', mediaId: 'm', picUrl: '', msgId: '4' }, { storeImage: async () => null }, { type: 'reply', messageKey: 'wecom.media.unsupported' }],
  ['location', { ...base, msgType: 'location', kind: 'location', latitude: 31.9, longitude: 118.8, scale: 15, label: '', msgId: '5' }, {},
    { type: 'event', event: { kind: 'location', location: { lat: 31.9, lng: 118.8, datum: 'GCJ-02', label: undefined } } }],
  ['card click', { ...base, msgType: 'event', kind: 'template_card_event', event: 'template_card_event', eventKey: key, taskId: `${key}@n`, cardType: 'button_interaction', responseCode: 'rc', selectedItems: [] }, {},
    { type: 'event', event: { kind: 'action', action: { subjectId: 'h-1', cardVersion: 3 }, selections: undefined, sentRef: { platform: 'wecom', ref: { responseCode: 'rc', taskId: `${key}@n` } } } }],
  ['card click with a foreign key', { ...base, msgType: 'event', kind: 'template_card_event', event: 'template_card_event', eventKey: 'approve', taskId: 't', cardType: '', responseCode: '', selectedItems: [] }, {},
    { type: 'ignore', reason: 'unknown_event_key' }],
  ['a voice message', { ...base, msgType: 'voice', kind: 'unknown', msgId: '6' }, {}, { type: 'reply', messageKey: 'bot.help' }],
  ['enter_agent', { ...base, msgType: 'event', kind: 'enter_agent', event: 'enter_agent', eventKey: '' }, {}, { type: 'ignore', reason: 'enter_agent' }],
  ['an unknown sender', { ...base, fromUserName: 'stranger', msgType: 'text', kind: 'text', content: 'hi', msgId: '7' }, {}, { type: 'unknown_sender', userId: 'stranger' }],
];

it.each(cases)('%s', async (_name, msg, over, expected) => {
  expect(await toBotEvent(msg, 'dk', deps(over))).toMatchObject(expected);
});

it('events carry the verified sender, the dedupe key and the receive time', async () => {
  const r = await toBotEvent({ ...base, msgType: 'text', kind: 'text', content: 'x', msgId: '9' }, 'dk-9', deps());
  expect(r).toEqual({ type: 'event', event: { platform: 'wecom', plantId: 'p1', sender: { personId: 'person-1', platformUserId: 'zhangsan' }, dedupeKey: 'dk-9', receivedAt: now, kind: 'text', text: 'x' } });
});

it('a media download failure other than "not found" is thrown, so the job retries', async () => {
  const msg: WecomInboundMessage = { ...base, msgType: 'image', kind: 'image', mediaId: 'm', picUrl: '', msgId: '8' };
  await expect(toBotEvent(msg, 'dk', deps({ fetchMedia: async () => { throw new Error('network'); } }))).rejects.toThrow('network');
});
