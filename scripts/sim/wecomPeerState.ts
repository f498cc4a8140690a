import { randomBytes } from 'node:crypto';
import {
  buildUrlCheck,
  callbackPlaintext,
  CallbackCrypto,
  CallbackSpec,
  openPassiveReply,
  sealCallback,
  WecomCallbackRequest,
  WecomUrlCheckRequest,
} from './wecomPeerCallbacks';

/**
 * Everything the local WeCom peer remembers, and the handles tests use to steer it: a movable
 * clock, error injection, login codes, simulated member actions (signed, encrypted callbacks) and
 * a record of every message the app sent.
 */

/** A department of the simulated directory. */
export interface PeerDepartment {
  id: number;
  name: string;
  parentid: number;
  order?: number;
}

/** A member of the simulated directory. */
export interface PeerUser {
  userid: string;
  name: string;
  department: number[];
}

/** Settings of the peer (all durations in seconds). */
export interface WecomPeerOptions {
  /** 0 or absent: a random free port. */
  port?: number;
  host?: string;
  corpId: string;
  agentId: number;
  /** The app Secret gettoken must be called with. */
  secret: string;
  /** Callback Token and EncodingAESKey; random when absent (read them back from `state.crypto`). */
  callbackToken?: string;
  encodingAesKey?: string;
  /** Where deliverCallback posts by default. */
  callbackUrl?: string;
  tokenLifetimeSeconds?: number;
  responseCodeLifetimeSeconds?: number;
  loginCodeLifetimeSeconds?: number;
  mediaLifetimeSeconds?: number;
  robotPerMinute?: number;
  /** Only these robot keys exist; absent: any key is a robot. */
  robotKeys?: string[];
  departments?: PeerDepartment[];
  /** With users, unknown recipients come back in `invaliduser`; without, every UserID exists. */
  users?: PeerUser[];
  now?: () => Date;
}

/** A message the app sent through message/send, appchat/send or a robot. */
export interface PeerSentMessage {
  at: Date;
  body: Record<string, unknown>;
  msgid?: string;
  responseCode?: string;
  touser: string[];
}

/** One update_template_card call the peer accepted. */
export interface PeerCardUpdate {
  at: Date;
  body: Record<string, unknown>;
  /** Where the consumed response_code came from. */
  responseCodeSource: 'send' | 'callback';
  taskId: string;
}

/** A forced failure for the next `times` requests to `path`. */
export interface PeerInjection {
  path: string;
  /** Answer HTTP 200 with this errcode... */
  errcode?: number;
  errmsg?: string;
  /** ...or answer with this HTTP status (e.g. 503). */
  status?: number;
  times?: number;
}

interface ResponseCodeRecord {
  issuedAt: number;
  used: boolean;
  taskId: string;
  source: 'send' | 'callback';
}

interface MediaRecord {
  type: string;
  body: Buffer;
  filename: string;
  contentType: string;
  createdAt: number;
}

const DEFAULT_DEPARTMENTS: PeerDepartment[] = [{ id: 1, name: '总公司', parentid: 0, order: 100000000 }];

/** The peer's memory and test handles. */
export class WecomPeerState {
  /** Callback crypto settings to configure the app under test with. */
  readonly crypto: CallbackCrypto;
  /** message/send calls accepted, in order. */
  readonly messages: PeerSentMessage[] = [];
  readonly appchatMessages: PeerSentMessage[] = [];
  readonly robotMessages: Array<PeerSentMessage & { key: string }> = [];
  readonly updates: PeerCardUpdate[] = [];
  /** Every request seen (path only), for counting calls such as gettoken. */
  readonly requests: Array<{ method: string; path: string; at: Date }> = [];

  readonly tokens = new Map<string, number>();
  readonly taskIds = new Map<string, { cardType: string }>();
  readonly responseCodes = new Map<string, ResponseCodeRecord>();
  readonly media = new Map<string, MediaRecord>();
  readonly loginCodes = new Map<string, { userId: string; issuedAt: number; used: boolean }>();
  readonly appChats = new Map<string, { name: string; owner: string; userlist: string[] }>();
  readonly robotWindows = new Map<string, number[]>();
  readonly departments: PeerDepartment[];
  readonly users: PeerUser[];
  private readonly injections: Array<Required<Pick<PeerInjection, 'path'>> & PeerInjection & { left: number }> = [];
  private offsetMs = 0;
  private seq = 0;

  constructor(readonly options: WecomPeerOptions) {
    this.crypto = {
      token: options.callbackToken ?? randomBytes(16).toString('hex'),
      encodingAesKey: options.encodingAesKey ?? randomBytes(32).toString('base64').slice(0, 43),
      corpId: options.corpId,
      agentId: options.agentId,
    };
    this.departments = [...(options.departments ?? DEFAULT_DEPARTMENTS)];
    this.users = [...(options.users ?? [])];
  }

  /** The peer's clock: the injected (or real) clock plus every advanceClock. */
  now(): Date {
    return new Date((this.options.now ? this.options.now().getTime() : Date.now()) + this.offsetMs);
  }

  /** Moves the peer's clock forward (token expiry, 72 h response codes, robot windows, media). */
  advanceClock(ms: number): void {
    this.offsetMs += ms;
  }

  /** The next `times` (default 1) requests to `path` fail with `errcode` or HTTP `status`. */
  inject(injection: PeerInjection): void {
    this.injections.push({ ...injection, left: injection.times ?? 1 });
  }

  /** Consumes a pending injection for `path`, if any. */
  takeInjection(path: string): PeerInjection | undefined {
    const found = this.injections.find((i) => i.path === path && i.left > 0);
    if (found) found.left -= 1;
    return found;
  }

  /** Simulates WeCom invalidating every token early (callers then see 40014 and must refetch). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** A one-time code, as wx.qy.login (mini-program) or OAuth (H5) would hand the client. */
  issueLoginCode(userId: string): string {
    const code = this.id('code');
    this.loginCodes.set(code, { userId, issuedAt: this.now().getTime(), used: false });
    return code;
  }

  /** Consumes a login code: the UserID, or undefined when unknown, used or older than 5 minutes. */
  consumeLoginCode(code: string): string | undefined {
    const rec = this.loginCodes.get(code);
    const lifetime = (this.options.loginCodeLifetimeSeconds ?? 300) * 1000;
    if (!rec || rec.used || this.now().getTime() - rec.issuedAt > lifetime) return undefined;
    rec.used = true;
    return rec.userId;
  }

  /** Registers a group chat as created by this app (only those accept appchat/send). */
  createAppChat(chat: { chatid: string; name?: string; owner?: string; userlist: string[] }): void {
    this.appChats.set(chat.chatid, { name: chat.name ?? chat.chatid, owner: chat.owner ?? chat.userlist[0] ?? '', userlist: chat.userlist });
  }

  /** Stores bytes as temporary media (as if a member had sent a photo) and returns the media_id. */
  putMedia(body: Buffer, meta: { type?: string; filename?: string; contentType?: string } = {}): string {
    const id = this.id('media');
    this.media.set(id, {
      type: meta.type ?? 'image',
      body,
      filename: meta.filename ?? `${id}.jpg`,
      contentType: meta.contentType ?? 'image/jpeg',
      createdAt: this.now().getTime(),
    });
    return id;
  }

  /** A new single-use response_code for `taskId`, valid 72 h on the peer's clock. */
  issueResponseCode(taskId: string, source: 'send' | 'callback'): string {
    const code = this.id('rc');
    this.responseCodes.set(code, { issuedAt: this.now().getTime(), used: false, taskId, source });
    return code;
  }

  /**
   * A signed, encrypted callback POST for what a member did. Card clicks get a fresh response_code;
   * an image with `image` bytes is stored so media/get can serve it.
   */
  buildCallback(spec: CallbackSpec): WecomCallbackRequest {
    const now = this.now();
    const createTime = spec.createTime ?? Math.floor(now.getTime() / 1000);
    const extra: { msgId?: string; responseCode?: string; mediaId?: string; cardType?: string } = {};
    if (spec.kind === 'template_card_event' || spec.kind === 'template_card_menu_event') {
      extra.responseCode = this.issueResponseCode(spec.taskId, 'callback');
      extra.cardType = spec.cardType ?? this.taskIds.get(spec.taskId)?.cardType;
    } else if (spec.kind !== 'enter_agent') {
      extra.msgId = spec.msgId ?? String(7_000_000_000_000_000_000n + BigInt(this.nextSeq()));
    }
    if (spec.kind === 'image') extra.mediaId = spec.mediaId ?? this.putMedia(spec.image ?? Buffer.from('peer-image'));
    const plaintext = callbackPlaintext(spec, this.crypto, createTime, extra);
    const timestamp = spec.timestamp ?? String(Math.floor(now.getTime() / 1000));
    const nonce = spec.nonce ?? String(1_000_000_000 + this.nextSeq());
    return { ...sealCallback(plaintext, this.crypto, timestamp, nonce), msgId: extra.msgId, responseCode: extra.responseCode };
  }

  /** The GET WeCom sends when the callback URL is saved. */
  buildUrlCheck(echo = String(Date.now()) + String(this.nextSeq())): WecomUrlCheckRequest {
    return buildUrlCheck(this.crypto, echo, String(Math.floor(this.now().getTime() / 1000)), String(this.nextSeq()));
  }

  /** Posts a callback to the app as WeCom would (default URL: options.callbackUrl). */
  async deliverCallback(req: WecomCallbackRequest, url = this.options.callbackUrl): Promise<{ status: number; body: string }> {
    if (!url) throw new Error('no callback URL: pass one or set options.callbackUrl');
    const res = await fetch(`${url}${url.includes('?') ? '&' : '?'}${req.queryString}`, {
      method: 'POST',
      headers: { 'Content-Type': req.contentType },
      body: req.body,
      signal: AbortSignal.timeout(5000),
    });
    return { status: res.status, body: await res.text() };
  }

  /** Verifies and decrypts an app's passive reply ('' for "no reply"). */
  openPassiveReply(xml: string): string {
    return openPassiveReply(xml, this.crypto);
  }

  /** Messages sent to `userId` through message/send. */
  messagesTo(userId: string): PeerSentMessage[] {
    return this.messages.filter((m) => m.touser.includes(userId) || m.touser.includes('@all'));
  }

  /** Requests seen for `path`. */
  countRequests(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  /** A unique id with a readable prefix. */
  id(prefix: string): string {
    return `${prefix}-${this.nextSeq()}-${randomBytes(6).toString('hex')}`;
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }
}
