import { randomBytes, randomUUID } from 'node:crypto';
import { PeerAck, PeerStream } from './dingtalkPeerStream';

/** Start options of the DingTalk peer. */
export interface DingtalkPeerOptions {
  /** 0 or unset = a free port. */
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  robotCode: string;
  corpId?: string;
  /** Ticket lifetime; DingTalk's is 90 s. */
  ticketTtlMs?: number;
  /** Access token lifetime (`expireIn`), seconds. Default 7200. */
  tokenTtlSec?: number;
  /** Delay between a `disconnect` notice and the close; DingTalk's is 10 s. */
  disconnectGraceMs?: number;
  /** Send a system ping right after each connect. Default true. */
  pingOnConnect?: boolean;
  /** How long the push helpers wait for an ack. Default 5000. */
  ackWaitMs?: number;
  /** Contacts served by topapi department/user listings. */
  directory?: { departments?: PeerDepartment[]; users?: PeerUser[] };
}

/** A department as oapi lists it. */
export interface PeerDepartment { dept_id: number; name: string; parent_id: number }
/** A user as oapi lists it. */
export interface PeerUser { userid: string; name: string; dept_id_list: number[]; unionid?: string; mobile?: string; title?: string; job_number?: string }

/** Routes that accept injected faults. */
export type PeerRoute = 'token' | 'gettoken' | 'gateway' | 'batchSend' | 'groupSend' | 'download' | 'file' | 'createAndDeliver' | 'updateCard' | 'getuserinfo' | 'listsub' | 'userList' | 'mediaUpload';
/** Injected faults: QPS limit (403 code / oapi errcode), HTTP 429, 500, token refused, TCP reset. */
export type PeerFault = 'throttle' | 'throttle429' | 'serverError' | 'tokenInvalid' | 'drop';

/** A robot message our code sent through the OpenAPI. */
export interface SentRobotMessage {
  kind: 'oto' | 'group';
  userIds?: string[];
  openConversationId?: string;
  msgKey: string;
  msgParam: Record<string, unknown>;
  processQueryKey: string;
  at: Date;
}

/** An interactive card instance as the peer holds it. */
export interface PeerCard {
  outTrackId: string;
  cardTemplateId: string;
  openSpaceId: string;
  spaceType: 'IM_ROBOT' | 'IM_GROUP';
  spaceId: string;
  callbackType: string;
  cardData: Record<string, string>;
  privateData: Record<string, Record<string, string>>;
  /** OpenAPI updates (PUT) and in-place updates from callback answers. */
  apiUpdates: number;
  callbackUpdates: number;
  createdAt: Date;
}

const DEFAULT_DIRECTORY = {
  departments: [
    { dept_id: 2, name: '生产部', parent_id: 1 },
    { dept_id: 3, name: '安环部', parent_id: 1 },
    { dept_id: 4, name: '一车间', parent_id: 2 },
  ],
  users: [
    { userid: 'zhangsan', name: '张三', dept_id_list: [4], title: '班长' },
    { userid: 'lisi', name: '李四', dept_id_list: [3], title: '安全员' },
    { userid: 'wangwu', name: '王五', dept_id_list: [2, 3] },
  ],
};

/** Everything the DingTalk peer records, plus the helpers that drive the client under test. */
export class DingtalkPeerState {
  readonly stream: PeerStream;
  readonly robotMessages: SentRobotMessage[] = [];
  readonly cards = new Map<string, PeerCard>();
  readonly requests: Array<{ method: string; path: string; route?: PeerRoute; status: number; at: Date }> = [];
  readonly departments: PeerDepartment[];
  readonly users: PeerUser[];
  /** Number of tokens issued by /v1.0/oauth2/accessToken and /gettoken (cache checks). */
  tokenFetches = 0;
  /** Set by start(): the http base URL. */
  baseUrl = '';
  readonly corpId: string;
  private readonly tokens = new Map<string, number>();
  private readonly faults: Array<{ route: PeerRoute | '*'; kind: PeerFault; remaining: number }> = [];
  private readonly files = new Map<string, { bytes: Buffer; contentType: string }>();
  /** Images our code uploaded through oapi media/upload, by media_id. */
  readonly media = new Map<string, { bytes: Buffer; filename: string; contentType: string; at: Date }>();
  private readonly fileUrls = new Map<string, string>();
  private readonly authCodes = new Map<string, string>();

  constructor(readonly options: DingtalkPeerOptions) {
    this.corpId = options.corpId ?? 'dingpeercorp';
    this.stream = new PeerStream({
      appId: `app-${options.clientId}`, ticketTtlMs: options.ticketTtlMs ?? 90_000, disconnectGraceMs: options.disconnectGraceMs ?? 10_000,
      pingOnConnect: options.pingOnConnect ?? true, ackWaitMs: options.ackWaitMs ?? 5000,
    });
    this.departments = [...(options.directory?.departments ?? DEFAULT_DIRECTORY.departments)];
    this.users = [...(options.directory?.users ?? DEFAULT_DIRECTORY.users)];
  }

  /** The current token while valid, else a new one (DingTalk returns the same token within its validity). */
  issueToken(): { token: string; expireIn: number } {
    this.tokenFetches += 1;
    const ttl = this.options.tokenTtlSec ?? 7200;
    for (const [token, exp] of this.tokens) if (exp > Date.now()) return { token, expireIn: Math.round((exp - Date.now()) / 1000) };
    const token = `tok-${randomBytes(8).toString('hex')}`;
    this.tokens.set(token, Date.now() + ttl * 1000);
    return { token, expireIn: ttl };
  }

  /** Is this token known and unexpired? */
  isValidToken(token: string | undefined): boolean {
    const exp = token ? this.tokens.get(token) : undefined;
    return exp !== undefined && exp > Date.now();
  }

  /** Expires every issued token: the next call with a cached one is refused. */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** Makes the next `times` calls of `route` ('*' = any route) fail with `kind`. */
  injectFault(route: PeerRoute | '*', kind: PeerFault, times = 1): void {
    this.faults.push({ route, kind, remaining: times });
  }

  /** Consumes a pending fault for this route, if any. */
  takeFault(route: PeerRoute): PeerFault | undefined {
    const f = this.faults.find((x) => (x.route === route || x.route === '*') && x.remaining > 0);
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining === 0) this.faults.splice(this.faults.indexOf(f), 1);
    return f.kind;
  }

  /** Stores bytes a user "sent"; returns the downloadCode of the message. */
  addFile(bytes: Buffer, contentType = 'image/jpeg'): string {
    const code = `dc-${randomBytes(12).toString('base64url')}`;
    this.files.set(code, { bytes, contentType });
    return code;
  }

  /** A fresh download URL for a known downloadCode. */
  downloadUrlFor(downloadCode: string): string | undefined {
    if (!this.files.has(downloadCode)) return undefined;
    const key = randomBytes(12).toString('hex');
    this.fileUrls.set(key, downloadCode);
    return `${this.baseUrl}/files/${key}`;
  }

  /** Bytes behind a download URL key. */
  fileByKey(key: string): { bytes: Buffer; contentType: string } | undefined {
    const code = this.fileUrls.get(key);
    return code ? this.files.get(code) : undefined;
  }

  /** A one-time H5 auth code for `userId` (what dd.getAuthCode gives the page). */
  issueAuthCode(userId: string): string {
    const code = `ac-${randomBytes(8).toString('hex')}`;
    this.authCodes.set(code, userId);
    return code;
  }

  /** Redeems an auth code once. */
  redeemAuthCode(code: string): string | undefined {
    const userId = this.authCodes.get(code);
    this.authCodes.delete(code);
    return userId;
  }

  private robotData(userId: string, msgtype: string, body: Record<string, unknown>, opts: { openConversationId?: string; senderNick?: string }): Record<string, unknown> {
    const group = opts.openConversationId !== undefined;
    return {
      conversationId: opts.openConversationId ?? `cid-oto-${userId}`, atUsers: [], chatbotCorpId: this.corpId, chatbotUserId: `$:bot:${this.options.robotCode}`,
      msgId: `msg${randomUUID()}`, senderNick: opts.senderNick ?? userId, isAdmin: false, senderStaffId: userId,
      sessionWebhookExpiredTime: Date.now() + 3_600_000, createAt: Date.now(), senderCorpId: this.corpId, conversationType: group ? '2' : '1',
      senderId: `$:sender:${userId}`, ...(group ? { conversationTitle: 'peer group' } : {}), isInAtList: true,
      sessionWebhook: `${this.baseUrl}/robot/sendBySession?session=${randomBytes(8).toString('hex')}`, robotCode: this.options.robotCode, msgtype, ...body,
    };
  }

  /** A user sends the robot a text; resolves with the client's ack. */
  sendRobotText(userId: string, text: string, opts: { openConversationId?: string; senderNick?: string } = {}): Promise<PeerAck> {
    return this.stream.push('CALLBACK', '/v1.0/im/bot/messages/get', this.robotData(userId, 'text', { text: { content: text } }, opts));
  }

  /** A user sends the robot a picture; the bytes are downloadable through messageFiles/download. */
  sendRobotPicture(userId: string, bytes: Buffer, opts: { openConversationId?: string; senderNick?: string } = {}): Promise<PeerAck> {
    const downloadCode = this.addFile(bytes);
    return this.stream.push('CALLBACK', '/v1.0/im/bot/messages/get', this.robotData(userId, 'picture', { content: { downloadCode, pictureDownloadCode: `pdc-${downloadCode}` } }, opts));
  }

  /** A user clicks a card button; an answered update is applied to the card like DingTalk does. */
  async clickCard(outTrackId: string, userId: string, params: Record<string, unknown>): Promise<{ ack: PeerAck; response: unknown }> {
    const card = this.cards.get(outTrackId);
    if (!card) throw new Error(`peer: no card with outTrackId ${outTrackId}`);
    const actionId = typeof params.action === 'string' ? params.action : 'click';
    const ack = await this.stream.push('CALLBACK', '/v1.0/card/instances/callback', {
      outTrackId, corpId: this.corpId, userId, userIdType: 1, spaceType: card.spaceType, spaceId: card.spaceId, type: 'actionCallback',
      extension: '{}', content: JSON.stringify({ cardPrivateData: { actionIds: [actionId], params } }),
    });
    const response = ack.code === 200 ? ((ack.data ?? {}) as Record<string, unknown>).response : undefined;
    if (response && typeof response === 'object') {
      const r = response as { cardUpdateOptions?: Record<string, boolean>; cardData?: { cardParamMap?: Record<string, string> }; userPrivateData?: { cardParamMap?: Record<string, string> } };
      applyCardUpdate(card, r.cardData?.cardParamMap, r.userPrivateData?.cardParamMap ? { [userId]: r.userPrivateData.cardParamMap } : undefined, r.cardUpdateOptions ?? {});
      card.callbackUpdates += 1;
    }
    return { ack, response };
  }

  /** Pushes an EVENT (e.g. `user_add_org`); resolves with the ack. */
  sendEvent(eventType: string, data: Record<string, unknown>): Promise<PeerAck> {
    const eventId = randomUUID();
    return this.stream.push('EVENT', '*', data, { eventType, eventId, eventCorpId: this.corpId, eventBornTime: String(Date.now()), eventUnifiedAppId: this.options.clientId });
  }
}

/** Applies card data like DingTalk: by key merges, otherwise replaces the whole map. */
export function applyCardUpdate(card: PeerCard, cardData: Record<string, string> | undefined, privateData: Record<string, Record<string, string>> | undefined, options: { updateCardDataByKey?: boolean; updatePrivateDataByKey?: boolean }): void {
  if (cardData) card.cardData = options.updateCardDataByKey ? { ...card.cardData, ...cardData } : { ...cardData };
  for (const [userId, map] of Object.entries(privateData ?? {})) {
    card.privateData[userId] = options.updatePrivateDataByKey ? { ...(card.privateData[userId] ?? {}), ...map } : { ...map };
  }
}
