import { ParseResult, RobotMessage, RobotMessageContent } from './dingtalkTypes';
import { parseFrameData } from './parseStreamFrame';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * `downloadCode` is what POST /v1.0/robot/messageFiles/download accepts; `pictureDownloadCode`
 * is a different, client-side code, so it is only a last resort.
 */
function downloadCodeOf(node: Record<string, unknown>): string | undefined {
  return str(node.downloadCode) ?? str(node.pictureDownloadCode);
}

function contentOf(msgtype: string, data: Record<string, unknown>): RobotMessageContent {
  const content = obj(data.content);
  switch (msgtype) {
    case 'text':
      // Group messages start with the @mention's leftover space; trim so commands match.
      return { kind: 'text', text: (str(obj(data.text).content) ?? '').trim() };
    case 'picture': {
      const code = downloadCodeOf(content);
      return code ? { kind: 'picture', downloadCode: code } : { kind: 'unsupported', msgtype };
    }
    case 'richText': {
      const nodes = Array.isArray(content.richText) ? content.richText.map(obj) : [];
      const texts: string[] = [];
      const codes: string[] = [];
      for (const node of nodes) {
        const text = str(node.text);
        if (text) texts.push(text);
        const code = node.type === 'picture' || !text ? downloadCodeOf(node) : undefined;
        if (code) codes.push(code);
      }
      return { kind: 'richText', text: texts.join('').trim(), downloadCodes: codes };
    }
    default:
      return { kind: 'unsupported', msgtype };
  }
}

/**
 * Parses the `data` of a `/v1.0/im/bot/messages/get` frame. Pure. Requires the fields we route
 * on (msgId, sender userid, conversation); everything else is optional because the payload
 * varies by client version.
 */
export function parseRobotMessage(data: string): ParseResult<RobotMessage> {
  const parsed = parseFrameData(data);
  if (!parsed.ok) return parsed;
  const d = parsed.value;
  const msgId = str(d.msgId);
  const senderStaffId = str(d.senderStaffId);
  const conversationId = str(d.conversationId);
  const conversationType = d.conversationType === '2' || d.conversationType === 2 ? '2' : d.conversationType === '1' || d.conversationType === 1 ? '1' : undefined;
  if (!msgId) return { ok: false, reason: 'missing_msg_id' };
  // senderStaffId is absent for people outside the organisation; we cannot map those to a person.
  if (!senderStaffId) return { ok: false, reason: 'missing_sender_staff_id' };
  if (!conversationId || !conversationType) return { ok: false, reason: 'missing_conversation' };
  const msgtype = str(d.msgtype) ?? 'text';
  return {
    ok: true,
    value: {
      msgId,
      msgtype,
      conversationType,
      conversationId,
      conversationTitle: str(d.conversationTitle),
      senderStaffId,
      senderId: str(d.senderId),
      senderNick: str(d.senderNick),
      senderCorpId: str(d.senderCorpId),
      robotCode: str(d.robotCode),
      createAt: num(d.createAt),
      isInAtList: typeof d.isInAtList === 'boolean' ? d.isInAtList : undefined,
      sessionWebhook: str(d.sessionWebhook),
      sessionWebhookExpiredTime: num(d.sessionWebhookExpiredTime),
      content: contentOf(msgtype, d),
    },
  };
}
