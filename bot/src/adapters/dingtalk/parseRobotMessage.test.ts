import { parseRobotMessage } from './parseRobotMessage';

// Field set of the robot callback sample in protocol.md (ids shortened).
const base = {
  conversationId: 'cidAsXSBLnA==', atUsers: [{ dingtalkId: '$:LWCP_v1:$4' }], chatbotCorpId: 'ding9f', chatbotUserId: '$:LWCP_v1:$x',
  msgId: 'msgLICYe', senderNick: '用户', isAdmin: true, senderStaffId: '16650698', sessionWebhookExpiredTime: 1690367502152,
  createAt: 1690362101894, senderCorpId: 'ding9', conversationType: '2', senderId: '$:LWCP_v1:$j', conversationTitle: '测试群',
  isInAtList: true, sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=76da', robotCode: 'dingrobot',
};
const parse = (extra: Record<string, unknown>) => parseRobotMessage(JSON.stringify({ ...base, ...extra }));

describe('parseRobotMessage', () => {
  it('reads a group text message and trims the @mention space', () => {
    const r = parse({ msgtype: 'text', text: { content: ' 测试数据' } });
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        msgId: 'msgLICYe', conversationType: '2', conversationId: 'cidAsXSBLnA==', senderStaffId: '16650698', robotCode: 'dingrobot',
        createAt: 1690362101894, isInAtList: true, content: { kind: 'text', text: '测试数据' },
      }),
    });
  });

  it('reads a picture by its downloadCode, not pictureDownloadCode', () => {
    const r = parse({ conversationType: '1', msgtype: 'picture', content: { pictureDownloadCode: 'pdc', downloadCode: 'dc-1' } });
    expect(r.ok && r.value.content).toEqual({ kind: 'picture', downloadCode: 'dc-1' });
    expect(r.ok && r.value.conversationType).toBe('1');
  });

  it('collects text and picture codes of a rich text message', () => {
    const r = parse({ msgtype: 'richText', content: { richText: [{ text: '管道' }, { type: 'picture', downloadCode: 'dc-2', pictureDownloadCode: 'p2' }, { text: '泄漏' }] } });
    expect(r.ok && r.value.content).toEqual({ kind: 'richText', text: '管道泄漏', downloadCodes: ['dc-2'] });
  });

  it.each([
    ['audio', { msgtype: 'audio', content: { downloadCode: 'a', recognition: '你好' } }],
    ['picture without codes', { msgtype: 'picture', content: {} }],
  ])('marks %s as unsupported', (_n, extra) => {
    const r = parse(extra);
    expect(r.ok && r.value.content.kind).toBe('unsupported');
  });

  it.each([
    ['missing msgId', { msgId: undefined }, 'missing_msg_id'],
    ['external sender without staff id', { senderStaffId: undefined }, 'missing_sender_staff_id'],
    ['unknown conversation type', { conversationType: '9' }, 'missing_conversation'],
  ])('refuses %s', (_n, extra, reason) => {
    expect(parse({ msgtype: 'text', text: { content: 'x' }, ...extra })).toEqual({ ok: false, reason });
  });

  it('refuses data that is not JSON', () => {
    expect(parseRobotMessage('<xml/>')).toEqual({ ok: false, reason: 'data_not_json' });
  });
});
