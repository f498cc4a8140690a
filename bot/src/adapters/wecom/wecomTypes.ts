/**
 * Shapes of WeCom's callback XML (after decryption) and of the API's JSON, as this layer exposes them.
 * Field names follow WeCom; values stay strings where WeCom's integers exceed 2^53 (MsgId).
 */

/** The outer, still encrypted callback body: `<xml><ToUserName/><Encrypt/><AgentID/></xml>`. */
export interface WecomEnvelope {
  /** CorpID the callback is addressed to. */
  toUserName: string;
  /** Base64 ciphertext to verify (msg_signature) and decrypt. */
  encrypt: string;
  /** AgentID as sent (absent on some suite callbacks). */
  agentId?: string;
}

/** Fields every decrypted message and event carries. */
export interface WecomMessageBase {
  /** CorpID. */
  toUserName: string;
  /** Sender's UserID: trusted only after the signature was verified. */
  fromUserName: string;
  /** Seconds since the epoch. */
  createTime: number;
  /** WeCom's MsgType as sent (`text`, `event`, ...). */
  msgType: string;
  agentId?: string;
}

/** A text message. */
export interface WecomTextMessage extends WecomMessageBase {
  kind: 'text';
  content: string;
  /** 64-bit id, kept as a string. */
  msgId: string;
}

/** A photo; fetch the bytes with media/get (MediaId lives 3 days). */
export interface WecomImageMessage extends WecomMessageBase {
  kind: 'image';
  mediaId: string;
  picUrl: string;
  msgId: string;
}

/** A shared location. WeCom calls latitude Location_X and longitude Location_Y. */
export interface WecomLocationMessage extends WecomMessageBase {
  kind: 'location';
  /** Location_X. */
  latitude: number;
  /** Location_Y. */
  longitude: number;
  scale: number;
  label: string;
  msgId: string;
}

/** One answered question of a vote/multiple-choice card. */
export interface WecomSelectedItem {
  questionKey: string;
  /** Always an array, even when WeCom sent one OptionId. */
  optionIds: string[];
}

/** A click on a template card's button (or submit) — `Event=template_card_event`. */
export interface WecomTemplateCardEvent extends WecomMessageBase {
  kind: 'template_card_event';
  event: 'template_card_event';
  /** The clicked button's `key` (or submit_button.key). */
  eventKey: string;
  /** The card's task_id. */
  taskId: string;
  cardType: string;
  /** Single-use code for one update_template_card call, valid 72 h. */
  responseCode: string;
  /** Always an array; empty for plain button cards. */
  selectedItems: WecomSelectedItem[];
}

/** A click in a card's right-top menu — `Event=template_card_menu_event`. */
export interface WecomTemplateCardMenuEvent extends WecomMessageBase {
  kind: 'template_card_menu_event';
  event: 'template_card_menu_event';
  eventKey: string;
  taskId: string;
  cardType: string;
  responseCode: string;
}

/** The user opened the app's conversation. */
export interface WecomEnterAgentEvent extends WecomMessageBase {
  kind: 'enter_agent';
  event: 'enter_agent';
  eventKey: string;
}

/** Anything else (voice, video, link, other events): kept so the caller can ack and ignore it. */
export interface WecomUnknownMessage extends WecomMessageBase {
  kind: 'unknown';
  event?: string;
  eventKey?: string;
  msgId?: string;
}

/** Every decrypted callback, discriminated by `kind`. */
export type WecomInboundMessage =
  | WecomTextMessage
  | WecomImageMessage
  | WecomLocationMessage
  | WecomTemplateCardEvent
  | WecomTemplateCardMenuEvent
  | WecomEnterAgentEvent
  | WecomUnknownMessage;

/** Template card JSON (doc 90372). Loose on purpose: cards/ renders it, WeCom validates it. */
export interface WecomTemplateCard {
  card_type: 'text_notice' | 'news_notice' | 'button_interaction' | 'vote_interaction' | 'multiple_interaction';
  task_id?: string;
  [field: string]: unknown;
}

/** What message/send answered. */
export interface WecomSendResult {
  /** For recall. */
  msgid: string;
  /** Only for button/vote/multiple cards: one update_template_card, valid 72 h. */
  responseCode?: string;
  /** Recipients WeCom refused (not in the directory or the app's visibility). */
  invalidUsers: string[];
}

/** Messages appchat/send may carry here: notices only, never interactive cards. */
export type WecomAppchatMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'news'; news: { articles: Array<{ title: string; description?: string; url?: string; picurl?: string }> } };

/** Temporary media types of media/upload. */
export type WecomMediaType = 'image' | 'voice' | 'video' | 'file';

/** media/get's bytes. */
export interface WecomMedia {
  buffer: Buffer;
  contentType: string;
  /** From Content-Disposition when WeCom sends one. */
  filename?: string;
}

/** jscode2session of a mini-program inside WeCom (wx.qy.login). */
export interface WecomMiniProgramSession {
  corpId: string;
  userId: string;
  sessionKey: string;
}

/** One department of department/list. */
export interface WecomDepartment {
  id: number;
  name: string;
  parentId: number;
  order: number;
}

/** One member of user/simplelist. */
export interface WecomDirectoryUser {
  userId: string;
  name: string;
  departmentIds: number[];
}
