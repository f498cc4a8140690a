/**
 * Wire shapes of DingTalk stream mode and the OpenAPI calls we make. Sources: developerpedia
 * `docs/learn/stream/protocol.md`, the Go/Python/Node stream SDKs and dingtalk-card-examples
 * (see ../shared/integrations.md §3). Nothing here does I/O.
 */

/** Robot message callback topic (CALLBACK frames). */
export const TOPIC_ROBOT_MESSAGE = '/v1.0/im/bot/messages/get';
/** Interactive card callback topic (CALLBACK frames, cards created with `callbackType: 'STREAM'`). */
export const TOPIC_CARD_CALLBACK = '/v1.0/card/instances/callback';
/** The only EVENT subscription the gateway accepts: every event ticked in the developer console. */
export const TOPIC_ALL_EVENTS = '*';

/** The three kinds of downstream frame. */
export type StreamFrameType = 'SYSTEM' | 'EVENT' | 'CALLBACK';

/** Frame headers; `messageId` is absent only on SYSTEM `disconnect` frames. */
export interface StreamFrameHeaders {
  topic: string;
  messageId?: string;
  contentType?: string;
  /** Push time, unix milliseconds as a string. */
  time?: string;
  appId?: string;
  connectionId?: string;
  eventType?: string;
  eventId?: string;
  eventCorpId?: string;
  eventBornTime?: string;
  eventUnifiedAppId?: string;
  [extra: string]: string | undefined;
}

/** One downstream frame; `data` is itself a JSON string. */
export interface StreamFrame {
  specVersion: string;
  type: StreamFrameType;
  headers: StreamFrameHeaders;
  data: string;
}

/** A business frame (EVENT or CALLBACK) as handed to the frame handler. */
export interface InboundFrame {
  type: 'EVENT' | 'CALLBACK';
  topic: string;
  messageId: string;
  headers: StreamFrameHeaders;
  /** The raw JSON string; parse it with parseRobotMessage / parseCardCallback. */
  data: string;
  receivedAt: Date;
}

/** Upstream acknowledgement. 200 = OK, 404 = topic not handled, 500 = internal error (protocol.md). */
export interface StreamAck {
  code: number;
  headers: { contentType: 'application/json'; messageId: string };
  message: string;
  /** JSON string: `{"response": …}` for CALLBACK, `{"status","message"}` for EVENT. */
  data: string;
}

/** A `cardParamMap`: every value must be a string (objects and booleans are JSON-stringified). */
export type CardParamMap = Record<string, string>;

/** Which parts of a card an update touches; `ByKey: false` replaces the whole map. */
export interface CardUpdateOptions {
  updateCardDataByKey?: boolean;
  updatePrivateDataByKey?: boolean;
}

/**
 * What a card-callback handler may answer synchronously (Go SDK `card.CardResponse`):
 * DingTalk applies it to the card in place; `userPrivateData` is visible to the clicker only.
 */
export interface CardCallbackResponse {
  cardUpdateOptions?: CardUpdateOptions;
  cardData?: { cardParamMap: CardParamMap };
  userPrivateData?: { cardParamMap: CardParamMap };
}

/**
 * The frame handler: resolve quickly. For CALLBACK frames the resolved value becomes
 * `{"response": value ?? null}`; for EVENT frames resolving means SUCCESS. Throwing acks
 * CALLBACK frames with code 500 and EVENT frames with status LATER (DingTalk retries events).
 */
export type FrameHandler = (frame: InboundFrame) => Promise<CardCallbackResponse | null | void>;

/** Connection state for /readyz. */
export type StreamState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'error' | 'stopped';

/** Snapshot of the stream connection. */
export interface StreamStatus {
  state: StreamState;
  /** When `state` last changed. */
  since: Date;
  /** Failed attempts since the last successful connection. */
  failedAttempts: number;
  /** Successful connections since start (a reconnect makes it 2). */
  connections: number;
  lastError?: string;
  connectedAt?: Date;
}

/** Minimal structured logger; a pino Logger satisfies it. */
export interface DingtalkLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Robot message kinds the platform sends (`msgtype`), normalised. */
export type RobotMessageContent =
  | { kind: 'text'; text: string }
  | { kind: 'picture'; downloadCode: string }
  | { kind: 'richText'; text: string; downloadCodes: string[] }
  | { kind: 'unsupported'; msgtype: string };

/** A robot message callback, normalised (fields from Go SDK `chatbot.BotCallbackDataModel`). */
export interface RobotMessage {
  msgId: string;
  msgtype: string;
  /** '1' = one-to-one with the robot, '2' = group. */
  conversationType: '1' | '2';
  conversationId: string;
  conversationTitle?: string;
  /** The sender's enterprise userid: the identity we map to a person. */
  senderStaffId: string;
  senderId?: string;
  senderNick?: string;
  senderCorpId?: string;
  robotCode?: string;
  /** Unix ms. */
  createAt?: number;
  isInAtList?: boolean;
  sessionWebhook?: string;
  sessionWebhookExpiredTime?: number;
  content: RobotMessageContent;
}

/** A card button click (Go SDK `card.CardRequest` with `content` parsed). */
export interface CardCallback {
  outTrackId: string;
  userId: string;
  corpId?: string;
  userIdType?: number;
  spaceType?: string;
  spaceId?: string;
  type?: string;
  /** The button's 回传参数. */
  params: Record<string, unknown>;
  actionIds: string[];
  /** Parsed `extension` when it is a JSON object. */
  extension?: Record<string, unknown>;
}

/** Parse outcome of the helpers: a value or a stable reason code. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };
