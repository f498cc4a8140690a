import axios, { AxiosInstance } from 'axios';
import { LOCAL_ERRCODES, WecomApiError } from './wecomErrors';
import {
  checkErrcode,
  errcodeOf,
  filenameOf,
  isJsonResponse,
  multipartMedia,
  parseJsonBody,
  stringField,
  TOKEN_ERRCODES,
  wecomRequest,
  WecomHttpRequest,
  WecomHttpResponse,
} from './wecomHttp';
import { WecomRobotLimiter, WecomRobotLimiterOptions } from './wecomRobotLimiter';
import { WecomTokenCache } from './wecomTokenCache';
import type {
  WecomAppchatMessage,
  WecomDepartment,
  WecomDirectoryUser,
  WecomMedia,
  WecomMediaType,
  WecomMiniProgramSession,
  WecomSendResult,
  WecomTemplateCard,
} from './wecomTypes';

/** Settings of the WeCom API client. Secrets are held in memory only and never logged or thrown. */
export interface WecomApiOptions {
  /** Default `https://qyapi.weixin.qq.com`; the local peer's URL in tests and the demo. */
  baseUrl?: string;
  corpId: string;
  agentId: number;
  /** The app's Secret (not the callback Token). */
  secret: string;
  http?: AxiosInstance;
  now?: () => Date;
  /** Used only by the robot queue while it waits for a free slot. */
  sleep?: (ms: number) => Promise<void>;
  robotLimits?: Pick<WecomRobotLimiterOptions, 'perWindow' | 'windowMs' | 'maxQueued' | 'marginMs'>;
}

/**
 * errcodes of update_template_card meaning "this response_code can no longer be used" (spent, or
 * older than 72 h): the holder must get a fresh card. 42022 is WeCom's "code已经被使用过，只能使用一次";
 * the local peer answers it for spent and expired codes. Unverified against production WeCom.
 */
export const RESEND_REQUIRED_ERRCODES: ReadonlySet<number> = new Set([42022]);

const APPCHAT_MSGTYPES = new Set(['text', 'markdown', 'news', 'image']);

/** Arguments of update_template_card: exactly one of `templateCard` or `button`. */
export interface UpdateTemplateCardInput {
  responseCode: string;
  userids?: string[];
  /** Update every recipient of the card (e.g. "handled by Zhang San"). */
  atall?: boolean;
  templateCard?: WecomTemplateCard;
  /** Grey, unclickable buttons with this text. */
  button?: { replaceName: string };
}

/** A WeCom self-built app's server API: token handling, retries on stale tokens, typed errors. */
export class WecomApi {
  private readonly baseUrl: string;
  private readonly http: AxiosInstance;
  private readonly tokens: WecomTokenCache;
  private readonly robots: WecomRobotLimiter;

  constructor(private readonly options: WecomApiOptions) {
    this.baseUrl = (options.baseUrl ?? 'https://qyapi.weixin.qq.com').replace(/\/+$/, '');
    this.http = options.http ?? axios.create();
    this.tokens = new WecomTokenCache({ now: options.now, fetchToken: () => this.fetchToken() });
    this.robots = new WecomRobotLimiter({ ...options.robotLimits, now: options.now, sleep: options.sleep });
  }

  /** How many times gettoken was called. */
  get tokenFetchCount(): number {
    return this.tokens.fetchCount;
  }

  /** Sends a text message (≤2048 bytes; WeCom truncates beyond) to members. */
  sendText(input: { touser: string[]; content: string }): Promise<WecomSendResult> {
    return this.sendMessage(input.touser, { msgtype: 'text', text: { content: input.content } });
  }

  /** Sends a markdown message (≤2048 bytes) to members. */
  sendMarkdown(input: { touser: string[]; content: string }): Promise<WecomSendResult> {
    return this.sendMessage(input.touser, { msgtype: 'markdown', markdown: { content: input.content } });
  }

  /** Sends a photo uploaded with uploadMedia (a card's picture: interactive cards have no image area). */
  sendImage(input: { touser: string[]; mediaId: string }): Promise<WecomSendResult> {
    return this.sendMessage(input.touser, { msgtype: 'image', image: { media_id: input.mediaId } });
  }

  /** Sends a template card; interactive cards come back with a single-use responseCode. */
  sendTemplateCard(input: { touser: string[]; card: WecomTemplateCard; duplicateCheckSeconds?: number }): Promise<WecomSendResult> {
    const dedupe = input.duplicateCheckSeconds ? { enable_duplicate_check: 1, duplicate_check_interval: input.duplicateCheckSeconds } : {};
    return this.sendMessage(input.touser, { msgtype: 'template_card', template_card: input.card, ...dedupe });
  }

  /**
   * Updates a card sent earlier. 'resend_required' when its response_code is spent or expired
   * (single use, 72 h): the caller then sends the holder a fresh card.
   */
  async updateTemplateCard(input: UpdateTemplateCardInput): Promise<'updated' | 'resend_required'> {
    const path = '/cgi-bin/message/update_template_card';
    if ((input.templateCard === undefined) === (input.button === undefined)) {
      throw new WecomApiError({ errcode: LOCAL_ERRCODES.refused_locally, errmsg: 'give exactly one of templateCard or button', path });
    }
    const body: Record<string, unknown> = { agentid: this.options.agentId, response_code: input.responseCode };
    if (input.userids) body.userids = input.userids;
    if (input.atall) body.atall = 1;
    if (input.button) body.button = { replace_name: input.button.replaceName };
    else body.template_card = input.templateCard;
    const json = await this.authedJson({ method: 'POST', path, data: body }, false);
    if (RESEND_REQUIRED_ERRCODES.has(errcodeOf(json))) return 'resend_required';
    checkErrcode(path, json);
    return 'updated';
  }

  /** Posts a notice to a chat this app created. Interactive cards are refused: groups get notices only. */
  async appchatSend(chatid: string, message: WecomAppchatMessage): Promise<void> {
    const path = '/cgi-bin/appchat/send';
    if (!APPCHAT_MSGTYPES.has(message.msgtype)) {
      throw new WecomApiError({ errcode: LOCAL_ERRCODES.refused_locally, errmsg: `msgtype ${String(message.msgtype)} not allowed in appchat`, path });
    }
    await this.authedJson({ method: 'POST', path, data: { chatid, ...message } });
  }

  /** Posts to a group robot, queued per key to stay within 20 messages a minute. */
  robotWebhookSend(key: string, body: { msgtype: string } & Record<string, unknown>): Promise<void> {
    const req: WecomHttpRequest = { method: 'POST', path: '/cgi-bin/webhook/send', params: { key }, data: body };
    return this.robots.run(key, async () => {
      checkErrcode(req.path, parseJsonBody(req.path, await wecomRequest(this.http, this.baseUrl, req)));
    });
  }

  /** Uploads temporary media (kept 3 days by WeCom) and returns its media_id. */
  async uploadMedia(type: WecomMediaType, buffer: Buffer, filename: string, contentType = 'application/octet-stream'): Promise<string> {
    const path = '/cgi-bin/media/upload';
    const form = multipartMedia(buffer, filename, contentType);
    const json = await this.authedJson({ method: 'POST', path, params: { type }, data: form.body, headers: { 'Content-Type': form.contentType } });
    return stringField(path, json, 'media_id');
  }

  /** Downloads temporary media; an unknown or expired MediaId throws WecomMediaNotFoundError. */
  async getMedia(mediaId: string): Promise<WecomMedia> {
    const res = await this.authed({ method: 'GET', path: '/cgi-bin/media/get', params: { media_id: mediaId } });
    if (isJsonResponse(res)) {
      checkErrcode('/cgi-bin/media/get', parseJsonBody('/cgi-bin/media/get', res));
      throw new WecomApiError({ errcode: LOCAL_ERRCODES.bad_response, errmsg: 'JSON instead of media', path: '/cgi-bin/media/get' });
    }
    return { buffer: res.body, contentType: res.contentType || 'application/octet-stream', filename: filenameOf(res.contentDisposition) };
  }

  /** Exchanges a mini-program `wx.qy.login` code for the member's identity. */
  async jscode2session(code: string): Promise<WecomMiniProgramSession> {
    const path = '/cgi-bin/miniprogram/jscode2session';
    const json = await this.authedJson({ method: 'GET', path, params: { js_code: code, grant_type: 'authorization_code' } });
    return { corpId: stringField(path, json, 'corpid'), userId: stringField(path, json, 'userid'), sessionKey: stringField(path, json, 'session_key') };
  }

  /** Exchanges an OAuth (H5) code for the member's UserID; non-members are refused. */
  async getUserInfoByCode(code: string): Promise<string> {
    const path = '/cgi-bin/auth/getuserinfo';
    const json = await this.authedJson({ method: 'GET', path, params: { code } });
    // auth/getuserinfo answers `userid`; the older user/getuserinfo answered `UserId`.
    const userId = json.userid ?? json.UserId;
    if (typeof userId === 'string' && userId !== '') return userId;
    throw new WecomApiError({ errcode: LOCAL_ERRCODES.not_a_member, errmsg: 'code belongs to a non-member', path });
  }

  /** Departments visible to the app, optionally the subtree under `id`. */
  async listDepartments(id?: number): Promise<WecomDepartment[]> {
    const path = '/cgi-bin/department/list';
    const json = await this.authedJson({ method: 'GET', path, params: id === undefined ? {} : { id } });
    const list = Array.isArray(json.department) ? (json.department as Array<Record<string, unknown>>) : [];
    return list.map((d) => ({ id: Number(d.id), name: String(d.name ?? ''), parentId: Number(d.parentid ?? 0), order: Number(d.order ?? 0) }));
  }

  /** Members of a department (user/simplelist), optionally with its sub-departments. */
  async listUsers(departmentId: number, options: { fetchChild?: boolean } = {}): Promise<WecomDirectoryUser[]> {
    const path = '/cgi-bin/user/simplelist';
    const json = await this.authedJson({ method: 'GET', path, params: { department_id: departmentId, fetch_child: options.fetchChild ? 1 : 0 } });
    const list = Array.isArray(json.userlist) ? (json.userlist as Array<Record<string, unknown>>) : [];
    return list.map((u) => ({
      userId: String(u.userid ?? ''),
      name: String(u.name ?? ''),
      departmentIds: Array.isArray(u.department) ? u.department.map(Number) : [],
    }));
  }

  private async sendMessage(touser: string[], payload: Record<string, unknown>): Promise<WecomSendResult> {
    const path = '/cgi-bin/message/send';
    const json = await this.authedJson({ method: 'POST', path, data: { touser: touser.join('|'), agentid: this.options.agentId, ...payload } });
    const invalid = typeof json.invaliduser === 'string' ? json.invaliduser : '';
    const responseCode = typeof json.response_code === 'string' && json.response_code !== '' ? json.response_code : undefined;
    return { msgid: stringField(path, json, 'msgid'), responseCode, invalidUsers: invalid ? invalid.split('|') : [] };
  }

  /** An authenticated JSON call; with `check` false the caller inspects the errcode itself. */
  private async authedJson(req: WecomHttpRequest, check = true): Promise<Record<string, unknown>> {
    const json = parseJsonBody(req.path, await this.authed(req));
    return check ? checkErrcode(req.path, json) : json;
  }

  /** Adds the access token; on a token errcode drops that token, refreshes once and retries once. */
  private async authed(req: WecomHttpRequest): Promise<WecomHttpResponse> {
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.tokens.get();
      const res = await wecomRequest(this.http, this.baseUrl, { ...req, params: { ...req.params, access_token: token } });
      if (attempt === 0 && isJsonResponse(res) && TOKEN_ERRCODES.has(errcodeOf(parseJsonBody(req.path, res)))) {
        this.tokens.invalidate(token);
        continue;
      }
      return res;
    }
  }

  private async fetchToken(): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const path = '/cgi-bin/gettoken';
    const res = await wecomRequest(this.http, this.baseUrl, { method: 'GET', path, params: { corpid: this.options.corpId, corpsecret: this.options.secret } });
    const json = checkErrcode(path, parseJsonBody(path, res));
    const expiresIn = Number(json.expires_in);
    return { accessToken: stringField(path, json, 'access_token'), expiresInSeconds: Number.isFinite(expiresIn) ? expiresIn : 7200 };
  }
}
