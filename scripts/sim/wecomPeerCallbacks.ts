import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

/**
 * Builds callback requests exactly as WeCom sends them to an app's callback URL (doc 90930/90238):
 * plaintext XML → AES (receiveid = CorpID) → `<xml><ToUserName/><Encrypt/><AgentID/></xml>`, signed
 * in `msg_signature`. Uses @wecom/crypto directly, not our adapter's module, so the two stay
 * independent implementations checked against each other.
 */

/** The app's callback settings as configured in the WeCom console. */
export interface CallbackCrypto {
  /** Callback Token. */
  token: string;
  /** 43-character EncodingAESKey. */
  encodingAesKey: string;
  corpId: string;
  agentId: number;
}

/** One selected answer of a vote / multiple-choice card click. */
export interface CallbackSelectedItem {
  questionKey: string;
  optionIds: string[];
}

/** What a simulated member did. `from` is the member's UserID. */
export type CallbackSpec = { from: string; createTime?: number; msgId?: string; timestamp?: string; nonce?: string } & (
  | { kind: 'text'; content: string }
  | { kind: 'image'; mediaId?: string; picUrl?: string; image?: Buffer }
  | { kind: 'location'; latitude: number; longitude: number; scale?: number; label?: string }
  | { kind: 'template_card_event'; taskId: string; eventKey: string; cardType?: string; selectedItems?: CallbackSelectedItem[] }
  | { kind: 'template_card_menu_event'; taskId: string; eventKey: string; cardType?: string }
  | { kind: 'enter_agent' }
);

/** A ready-to-send callback POST: append `queryString` to the callback URL and post `body` as text/xml. */
export interface WecomCallbackRequest {
  method: 'POST';
  query: { msg_signature: string; timestamp: string; nonce: string };
  /** URL-encoded, so `+` and `/` survive Koa's query parsing. */
  queryString: string;
  body: string;
  contentType: 'text/xml';
  /** The decrypted XML, for assertions. */
  plaintext: string;
  msgId?: string;
  /** For card events: the fresh single-use response_code issued with the click. */
  responseCode?: string;
}

/** The URL check WeCom performs when the callback URL is saved (GET with echostr). */
export interface WecomUrlCheckRequest {
  method: 'GET';
  query: { msg_signature: string; timestamp: string; nonce: string; echostr: string };
  queryString: string;
  /** What the app must answer: the decrypted echostr, no quotes, no newline. */
  echo: string;
}

/** CDATA-wraps `text`, splitting any `]]>` it contains. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** The decrypted XML WeCom would send for `spec`. */
export function callbackPlaintext(
  spec: CallbackSpec,
  crypto: CallbackCrypto,
  createTime: number,
  extra: { msgId?: string; responseCode?: string; mediaId?: string; cardType?: string },
): string {
  const head =
    `<xml><ToUserName>${cdata(crypto.corpId)}</ToUserName><FromUserName>${cdata(spec.from)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime>`;
  const tail = `<AgentID>${crypto.agentId}</AgentID></xml>`;
  switch (spec.kind) {
    case 'text':
      return `${head}<MsgType>${cdata('text')}</MsgType><Content>${cdata(spec.content)}</Content><MsgId>${extra.msgId}</MsgId>${tail}`;
    case 'image':
      return (
        `${head}<MsgType>${cdata('image')}</MsgType><PicUrl>${cdata(spec.picUrl ?? `https://wework.qpic.cn/peer/${extra.mediaId}`)}</PicUrl>` +
        `<MediaId>${cdata(extra.mediaId ?? '')}</MediaId><MsgId>${extra.msgId}</MsgId>${tail}`
      );
    case 'location':
      return (
        `${head}<MsgType>${cdata('location')}</MsgType><Location_X>${spec.latitude}</Location_X><Location_Y>${spec.longitude}</Location_Y>` +
        `<Scale>${spec.scale ?? 15}</Scale><Label>${cdata(spec.label ?? '')}</Label><MsgId>${extra.msgId}</MsgId>` +
        `<AppType>${cdata('wxwork')}</AppType>${tail}`
      );
    case 'enter_agent':
      return `${head}<MsgType>${cdata('event')}</MsgType><Event>${cdata('enter_agent')}</Event><EventKey>${cdata('')}</EventKey>${tail}`;
    case 'template_card_event':
    case 'template_card_menu_event': {
      const items =
        spec.kind === 'template_card_event' && spec.selectedItems && spec.selectedItems.length > 0
          ? `<SelectedItems>${spec.selectedItems
              .map((s) => `<SelectedItem><QuestionKey>${cdata(s.questionKey)}</QuestionKey><OptionIds>${s.optionIds.map((o) => `<OptionId>${cdata(o)}</OptionId>`).join('')}</OptionIds></SelectedItem>`)
              .join('')}</SelectedItems>`
          : '';
      return (
        `${head}<MsgType>${cdata('event')}</MsgType><Event>${cdata(spec.kind)}</Event><EventKey>${cdata(spec.eventKey)}</EventKey>` +
        `<TaskId>${cdata(spec.taskId)}</TaskId><CardType>${cdata(extra.cardType ?? 'button_interaction')}</CardType>` +
        `<ResponseCode>${cdata(extra.responseCode ?? '')}</ResponseCode>${tail.replace('</xml>', '')}${items}</xml>`
      );
    }
  }
}

/** Encrypts and signs `plaintext` into the POST WeCom sends. */
export function sealCallback(plaintext: string, crypto: CallbackCrypto, timestamp: string, nonce: string): Omit<WecomCallbackRequest, 'msgId' | 'responseCode'> {
  const encrypted = encrypt(crypto.encodingAesKey, plaintext, crypto.corpId, randomBytes(16));
  const signature = getSignature(crypto.token, timestamp, nonce, encrypted);
  const body = `<xml><ToUserName>${cdata(crypto.corpId)}</ToUserName><Encrypt>${cdata(encrypted)}</Encrypt><AgentID>${cdata(String(crypto.agentId))}</AgentID></xml>`;
  const query = { msg_signature: signature, timestamp, nonce };
  return { method: 'POST', query, queryString: new URLSearchParams(query).toString(), body, contentType: 'text/xml', plaintext };
}

/** The GET WeCom sends to verify a callback URL. */
export function buildUrlCheck(crypto: CallbackCrypto, echo: string, timestamp: string, nonce: string): WecomUrlCheckRequest {
  const echostr = encrypt(crypto.encodingAesKey, echo, crypto.corpId, randomBytes(16));
  const query = { msg_signature: getSignature(crypto.token, timestamp, nonce, echostr), timestamp, nonce, echostr };
  return { method: 'GET', query, queryString: new URLSearchParams(query).toString(), echo };
}

/**
 * Reads an app's passive encrypted reply the way WeCom does: checks MsgSignature and the CorpID
 * inside, then returns the plaintext XML. An empty body means "no reply" and returns ''.
 */
export function openPassiveReply(xml: string, crypto: CallbackCrypto): string {
  if (xml.trim() === '') return '';
  const field = (name: string): string => {
    const m = xml.match(new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([^<\\]]*)(?:\\]\\]>)?</${name}>`));
    if (!m) throw new Error(`passive reply lacks ${name}`);
    return m[1];
  };
  const enc = field('Encrypt');
  if (getSignature(crypto.token, field('TimeStamp'), field('Nonce'), enc) !== field('MsgSignature')) throw new Error('passive reply signature mismatch');
  const opened = decrypt(crypto.encodingAesKey, enc);
  if (opened.id !== crypto.corpId) throw new Error('passive reply for another corp');
  return opened.message;
}
