import { actionRef } from '../../../../cards/src/model';
import { encodeActionRef } from '../../../../cards/src/actionRef';
import { DingtalkInbound, DingtalkInboundDeps, SentCardInfo } from './dingtalkInbound';
import type { InboundFrame, RobotMessage } from './dingtalkTypes';

const HAZARD = '3f2b9c1e-8d4a-4b6f-9e21-7a5c0d9e4b13';
const NOW = new Date('2026-11-24T08:00:00Z');
const people: Record<string, { plantId: string; personId: string }> = { zhangsan: { plantId: 'p1', personId: 'person-zs' }, lisi: { plantId: 'p1', personId: 'person-ls' } };
const cards: Record<string, SentCardInfo> = { 'd-1': { plantId: 'p1', personId: 'person-zs', userId: 'zhangsan' } };

function inbound(storePicture: DingtalkInboundDeps['storePicture'] = async (code) => `file-of-${code}`) {
  return new DingtalkInbound({ resolveSender: async (u) => people[u] ?? null, findCard: async (t) => cards[t] ?? null, storePicture, now: () => NOW });
}

const msg = (content: RobotMessage['content'], senderStaffId = 'zhangsan'): RobotMessage => ({ msgId: 'm1', msgtype: 'x', conversationType: '1', conversationId: 'c', senderStaffId, content });
const frame = (data: unknown, messageId = 'frame-1'): InboundFrame => ({ type: 'CALLBACK', topic: '/v1.0/card/instances/callback', messageId, headers: { topic: 't' }, data: JSON.stringify(data), receivedAt: NOW });
const click = (userId: string, params: unknown, outTrackId = 'd-1') => frame({ outTrackId, userId, content: JSON.stringify({ cardPrivateData: { actionIds: ['a'], params } }) });

describe('DingtalkInbound.robotMessage', () => {
  it.each([
    ['text', { kind: 'text', text: '漏油' }, [{ kind: 'text', text: '漏油', dedupeKey: 'robot:m1' }]],
    ['picture', { kind: 'picture', downloadCode: 'dc1' }, [{ kind: 'image', image: { fileId: 'file-of-dc1' }, dedupeKey: 'robot:m1' }]],
    ['richText: pictures first, then the text, each with its own key', { kind: 'richText', text: '看图', downloadCodes: ['a', 'b'] },
      [{ kind: 'image', dedupeKey: 'robot:m1#0' }, { kind: 'image', dedupeKey: 'robot:m1#1' }, { kind: 'text', text: '看图', dedupeKey: 'robot:m1#text' }]],
  ] as const)('%s', async (_n, content, events) => {
    const out = await inbound().robotMessage(msg(content as RobotMessage['content']));
    expect(out.outcome).toBe('events');
    if (out.outcome !== 'events') return;
    expect(out.events).toMatchObject(events.map((e) => ({ platform: 'dingtalk', plantId: 'p1', sender: { personId: 'person-zs', platformUserId: 'zhangsan' }, receivedAt: NOW, ...e })));
  });

  it('names what it cannot turn into events', async () => {
    expect((await inbound().robotMessage(msg({ kind: 'text', text: 'hi' }, 'stranger'))).outcome).toBe('unknown_sender');
    expect((await inbound().robotMessage(msg({ kind: 'unsupported', msgtype: 'audio' }))).outcome).toBe('unsupported');
    expect((await inbound().robotMessage(msg({ kind: 'text', text: '' }))).outcome).toBe('unsupported');
    const failing = inbound(async () => { throw new Error('downloadCode expired'); });
    const out = await failing.robotMessage(msg({ kind: 'picture', downloadCode: 'dc1' }));
    expect(out).toMatchObject({ outcome: 'events', events: [], failedDownloads: [{ downloadCode: 'dc1' }] });
  });

  it('parseRobot refuses unreadable data without throwing', () => {
    expect(inbound().parseRobot(frame('not an object'))).toEqual({ ok: false, reason: 'data_not_object' });
  });
});

describe('DingtalkInbound.cardCallback', () => {
  const ref = encodeActionRef(actionRef('hazard_accept', 'hazard', HAZARD, 3));

  it('decodes the ActionRef and the selections of the card\'s recipient into an action event', async () => {
    const out = await inbound().cardCallback(click('zhangsan', { ref, grade: 'major', junk: 1 }));
    expect(out).toMatchObject({
      outcome: 'event',
      event: {
        platform: 'dingtalk', plantId: 'p1', kind: 'action', dedupeKey: 'card:frame-1', sender: { personId: 'person-zs', platformUserId: 'zhangsan' },
        action: { action: 'hazard_accept', subjectType: 'hazard', subjectId: HAZARD, cardVersion: 3 }, selections: { grade: ['major'] },
        sentRef: { platform: 'dingtalk', ref: { type: 'card', outTrackId: 'd-1', userId: 'zhangsan' } },
      },
    });
  });

  it.each([
    ['unreadable', frame({ userId: 'zhangsan' }), 'unreadable'],
    ['a card we never sent', click('zhangsan', { ref }, 'd-forged'), 'unknown_card'],
    ['someone else clicks', click('lisi', { ref }), 'not_recipient'],
    ['a stranger clicks', click('stranger', { ref }), 'unknown_sender'],
    ['no ref in the params', click('zhangsan', { action: 'approve' }), 'no_action'],
    ['a forged ref', click('zhangsan', { ref: ref.replace(/^1@/, '2@') }), 'no_action'],
  ])('%s → %s', async (_n, f, outcome) => {
    expect((await inbound().cardCallback(f)).outcome).toBe(outcome);
  });
});
