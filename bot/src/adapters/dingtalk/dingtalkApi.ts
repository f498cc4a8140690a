import axios, { AxiosInstance } from 'axios';
import { multipartMedia } from '../../cardImages';
import { AccessTokenCache, FetchedToken } from './accessTokenCache';
import { AnswerClass, classifyApiAnswer, classifyOapiAnswer, DingtalkApiError, DingtalkThrottledError } from './dingtalkApiError';
import {
  CardDeliverResult, CreateCardInput, CreateCardResult, DingtalkApiOptions, DingtalkAuthUser, DingtalkDepartment, DingtalkUser,
  DingtalkUserPage, RobotBatchSendResult, RobotMessagePayload, UpdateCardInput,
} from './dingtalkApiTypes';
import { CardParamMap } from './dingtalkTypes';

type Body = Record<string, unknown>;
type Method = 'get' | 'post' | 'put';

const MAX_MSG_PARAM_BYTES = 15_000; // groupMessages/send documents 15,000 bytes for msgParam
const asRecord = (v: unknown): Body => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : {});
const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const asNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * DingTalk OpenAPI client for an enterprise internal app: robot messages, picture download,
 * interactive cards v2, H5 login (免登) and contacts. api.* calls carry the app token in
 * `x-acs-dingtalk-access-token`; oapi.* calls carry it as `?access_token=`. A refused token is
 * dropped and the call retried once with a fresh one; throttling raises DingtalkThrottledError.
 */
export class DingtalkApi {
  private readonly http: AxiosInstance;
  private readonly tokens: AccessTokenCache;

  constructor(private readonly o: DingtalkApiOptions) {
    this.http = o.http ?? axios.create({ timeout: 10_000 });
    this.tokens = new AccessTokenCache(() => this.fetchToken(), o.nowMs ?? Date.now, o.tokenMarginSec ?? 300);
  }

  /** The cached app access token (one refresh at a time). */
  getAccessToken(): Promise<string> {
    return this.tokens.get();
  }

  private async fetchToken(): Promise<FetchedToken> {
    const path = '/v1.0/oauth2/accessToken';
    const { status, body } = await this.request('post', this.o.baseUrl + path, `POST ${path}`, { appKey: this.o.clientId, appSecret: this.o.clientSecret });
    const cls = classifyApiAnswer(status, body);
    const token = asString(body.accessToken);
    const expireIn = asNumber(body.expireIn);
    if (cls !== 'ok' || !token || !expireIn) throw this.toError(cls === 'ok' || cls === 'token_invalid' ? 'failed' : cls, status, body, `POST ${path}`);
    return { token, expiresInSec: expireIn };
  }

  private async request(method: Method, url: string, endpoint: string, data?: unknown, headers: Record<string, string> = {}, params?: Body): Promise<{ status: number; body: Body }> {
    try {
      const res = await this.http.request({ method, url, data, params, headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, validateStatus: () => true, responseType: 'json' });
      const body: unknown = res.data;
      // IP-level throttling answers an HTML page with HTTP 200; treat non-JSON as retryable.
      if (typeof body !== 'object' || body === null) {
        throw new DingtalkApiError({ code: 'bad_response', message: `non-JSON answer (HTTP ${res.status})`, status: res.status, retryable: true, endpoint });
      }
      return { status: res.status, body: asRecord(body) };
    } catch (err) {
      if (err instanceof DingtalkApiError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new DingtalkApiError({ code: 'network_error', message, status: 0, retryable: true, endpoint });
    }
  }

  private toError(cls: AnswerClass, status: number, body: Body, endpoint: string): DingtalkApiError {
    const code = asString(body.code) ?? (body.errcode !== undefined ? String(body.errcode) : `http_${status}`);
    const message = asString(body.message) ?? asString(body.errmsg) ?? '';
    const requestId = asString(body.requestid) ?? asString(body.request_id);
    if (cls === 'throttled') return new DingtalkThrottledError({ code, message, status, endpoint, requestId });
    return new DingtalkApiError({ code, message, status, retryable: cls === 'busy', endpoint, requestId });
  }

  /** api.dingtalk.com call with the token header; one retry after a refused token. */
  private async callApi(method: Method, path: string, data?: unknown): Promise<Body> {
    const endpoint = `${method.toUpperCase()} ${path}`;
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.tokens.get();
      const { status, body } = await this.request(method, this.o.baseUrl + path, endpoint, data, { 'x-acs-dingtalk-access-token': token });
      const cls = classifyApiAnswer(status, body);
      if (cls === 'ok') return body;
      if (cls === 'token_invalid' && attempt === 0) {
        this.tokens.invalidate(token);
        continue;
      }
      throw this.toError(cls, status, body, endpoint);
    }
  }

  /** oapi.dingtalk.com call with `?access_token=`; answers `{errcode, errmsg, result}`. */
  private async callOapi(path: string, data: unknown, extra: { headers?: Record<string, string>; params?: Body } = {}): Promise<Body> {
    const endpoint = `POST ${path}`;
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.tokens.get();
      const { status, body } = await this.request('post', this.o.oapiBaseUrl + path, endpoint, data, extra.headers ?? {}, { ...extra.params, access_token: token });
      const cls = classifyOapiAnswer(status, body);
      if (cls === 'ok') return body;
      if (cls === 'token_invalid' && attempt === 0) {
        this.tokens.invalidate(token);
        continue;
      }
      throw this.toError(cls, status, body, endpoint);
    }
  }

  /**
   * Uploads an image (oapi media/upload, multipart part `media`, type=image) and answers its
   * media_id (`@lADP…`), which an interactive card's image field shows. Refusals (size, format)
   * are not retryable.
   */
  async uploadImage(image: { bytes: Buffer; filename: string; contentType: string }): Promise<string> {
    const form = multipartMedia(image.bytes, image.filename, image.contentType);
    const body = await this.callOapi('/media/upload', form.body, { headers: { 'Content-Type': form.contentType }, params: { type: 'image' } });
    const id = asString(body.media_id);
    if (!id) throw new DingtalkApiError({ code: 'bad_response', message: 'media/upload answered no media_id', status: 200, retryable: false, endpoint: 'POST /media/upload' });
    return id;
  }

  private msgParam(message: RobotMessagePayload, endpoint: string): string {
    const param = JSON.stringify(message.msgParam);
    if (Buffer.byteLength(param) > MAX_MSG_PARAM_BYTES) {
      throw new DingtalkApiError({ code: 'msg_param_too_large', message: `${Buffer.byteLength(param)} bytes`, status: 0, retryable: false, endpoint });
    }
    return param;
  }

  /** Robot 1:1 message to userids (POST /v1.0/robot/oToMessages/batchSend). */
  async sendRobotToUsers(userIds: string[], message: RobotMessagePayload): Promise<RobotBatchSendResult> {
    const path = '/v1.0/robot/oToMessages/batchSend';
    const body = await this.callApi('post', path, { robotCode: this.o.robotCode, userIds, msgKey: message.msgKey, msgParam: this.msgParam(message, `POST ${path}`) });
    return {
      processQueryKey: asString(body.processQueryKey) ?? '',
      invalidStaffIdList: asStrings(body.invalidStaffIdList),
      flowControlledStaffIdList: asStrings(body.flowControlledStaffIdList),
    };
  }

  /** Robot message to a group the robot is in (POST /v1.0/robot/groupMessages/send). */
  async sendRobotToGroup(openConversationId: string, message: RobotMessagePayload): Promise<{ processQueryKey: string }> {
    const path = '/v1.0/robot/groupMessages/send';
    const body = await this.callApi('post', path, { robotCode: this.o.robotCode, openConversationId, msgKey: message.msgKey, msgParam: this.msgParam(message, `POST ${path}`) });
    return { processQueryKey: asString(body.processQueryKey) ?? '' };
  }

  /**
   * Downloads a file a user sent the robot: exchange the message's `downloadCode` for a
   * short-lived URL (POST /v1.0/robot/messageFiles/download), then fetch it without the token.
   */
  async downloadMessageFile(downloadCode: string): Promise<{ bytes: Buffer; contentType?: string }> {
    const path = '/v1.0/robot/messageFiles/download';
    const body = await this.callApi('post', path, { downloadCode, robotCode: this.o.robotCode });
    const url = asString(body.downloadUrl);
    const endpoint = 'GET downloadUrl';
    if (!url) throw new DingtalkApiError({ code: 'bad_response', message: 'no downloadUrl', status: 200, retryable: false, endpoint: `POST ${path}` });
    try {
      const res = await this.http.get<ArrayBuffer>(url, { responseType: 'arraybuffer', validateStatus: () => true, maxContentLength: this.o.maxDownloadBytes ?? 20 * 1024 * 1024 });
      if (res.status !== 200) throw new DingtalkApiError({ code: `http_${res.status}`, message: 'download failed', status: res.status, retryable: res.status >= 500 || res.status === 429, endpoint });
      const type = res.headers['content-type'];
      return { bytes: Buffer.from(res.data), contentType: typeof type === 'string' ? type : undefined };
    } catch (err) {
      if (err instanceof DingtalkApiError) throw err;
      throw new DingtalkApiError({ code: 'network_error', message: err instanceof Error ? err.message : String(err), status: 0, retryable: true, endpoint });
    }
  }

  /** Creates an interactive card and delivers it (POST /v1.0/card/instances/createAndDeliver). */
  async createAndDeliverCard(input: CreateCardInput): Promise<CreateCardResult> {
    const path = '/v1.0/card/instances/createAndDeliver';
    const forward = input.supportForward ?? false;
    const t = input.target;
    const space = t.type === 'user'
      ? {
          openSpaceId: `dtv1.card//IM_ROBOT.${t.userId}`,
          imRobotOpenSpaceModel: { supportForward: forward },
          imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: this.o.robotCode },
        }
      : {
          openSpaceId: `dtv1.card//IM_GROUP.${t.openConversationId}`,
          imGroupOpenSpaceModel: { supportForward: forward },
          imGroupOpenDeliverModel: { robotCode: this.o.robotCode, ...(t.atUserIds ? { atUserIds: t.atUserIds } : {}), ...(t.recipients ? { recipients: t.recipients } : {}) },
        };
    const body = await this.callApi('post', path, {
      cardTemplateId: input.cardTemplateId,
      outTrackId: input.outTrackId,
      callbackType: input.callbackType ?? 'STREAM',
      cardData: { cardParamMap: input.cardData },
      ...(input.privateData ? { privateData: wrapPrivateData(input.privateData) } : {}),
      userIdType: 1,
      ...space,
    });
    this.assertSuccess(body, `POST ${path}`);
    const result = asRecord(body.result);
    const deliverResults: CardDeliverResult[] = (Array.isArray(result.deliverResults) ? result.deliverResults : []).map((r) => {
      const d = asRecord(r);
      return { spaceType: asString(d.spaceType), spaceId: asString(d.spaceId), success: d.success === true, errorMsg: asString(d.errorMsg), carrierId: asString(d.carrierId) };
    });
    return { outTrackId: asString(result.outTrackId) ?? input.outTrackId, delivered: deliverResults.every((r) => r.success), deliverResults };
  }

  /** Updates a card we created, by our outTrackId (PUT /v1.0/card/instances). */
  async updateCard(input: UpdateCardInput): Promise<void> {
    const path = '/v1.0/card/instances';
    const body = await this.callApi('put', path, {
      outTrackId: input.outTrackId,
      ...(input.cardData ? { cardData: { cardParamMap: input.cardData } } : {}),
      ...(input.privateData ? { privateData: wrapPrivateData(input.privateData) } : {}),
      cardUpdateOptions: { updateCardDataByKey: input.updateCardDataByKey ?? true, updatePrivateDataByKey: input.updatePrivateDataByKey ?? true },
      userIdType: 1,
    });
    this.assertSuccess(body, `PUT ${path}`);
  }

  private assertSuccess(body: Body, endpoint: string): void {
    if (body.success === false) throw this.toError('failed', 200, body, endpoint);
  }

  /**
   * H5 免登 for an enterprise internal app: the page gets a one-time code from
   * `dd.getAuthCode({corpId})`; the server exchanges it with the APP token at oapi
   * `topapi/v2/user/getuserinfo` for the userid. (The api.* `/v1.0/contact/users/me` flow
   * needs a per-user OAuth token instead, which is meant for third-party web login.)
   */
  async getUserByAuthCode(code: string): Promise<DingtalkAuthUser> {
    const body = await this.callOapi('/topapi/v2/user/getuserinfo', { code });
    const r = asRecord(body.result);
    const userId = asString(r.userid);
    if (!userId) throw this.toError('failed', 200, { errcode: 'no_userid', errmsg: 'result.userid missing' }, 'POST /topapi/v2/user/getuserinfo');
    return { userId, unionId: asString(r.unionid), name: asString(r.name), deviceId: asString(r.device_id), sysLevel: asNumber(r.sys_level) };
  }

  /** Direct sub-departments of `deptId` (1 = the root). */
  async listSubDepartments(deptId = 1): Promise<DingtalkDepartment[]> {
    const body = await this.callOapi('/topapi/v2/department/listsub', { dept_id: deptId });
    return (Array.isArray(body.result) ? body.result : []).map(asRecord).flatMap((d) => {
      const id = asNumber(d.dept_id);
      return id === undefined ? [] : [{ deptId: id, name: asString(d.name) ?? '', parentId: asNumber(d.parent_id) }];
    });
  }

  /** Every department below `rootId`, breadth first, one call at a time (QPS limits). */
  async listAllDepartments(rootId = 1): Promise<DingtalkDepartment[]> {
    const out: DingtalkDepartment[] = [];
    const queue = [rootId];
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const subs = await this.listSubDepartments(id);
      out.push(...subs);
      queue.push(...subs.map((d) => d.deptId));
    }
    return out;
  }

  /** One page of a department's users (size ≤ 100). */
  async listDepartmentUsers(deptId: number, cursor = 0, size = 100): Promise<DingtalkUserPage> {
    const body = await this.callOapi('/topapi/v2/user/list', { dept_id: deptId, cursor, size: Math.min(size, 100) });
    const r = asRecord(body.result);
    const users: DingtalkUser[] = (Array.isArray(r.list) ? r.list : []).map(asRecord).flatMap((u) => {
      const userId = asString(u.userid);
      if (!userId) return [];
      return [{
        userId, name: asString(u.name) ?? '', unionId: asString(u.unionid), mobile: asString(u.mobile), title: asString(u.title),
        jobNumber: asString(u.job_number), deptIds: Array.isArray(u.dept_id_list) ? u.dept_id_list.filter((x): x is number => typeof x === 'number') : [],
        active: typeof u.active === 'boolean' ? u.active : undefined,
      }];
    });
    return { users, hasMore: r.has_more === true, nextCursor: asNumber(r.next_cursor) };
  }

  /** Every user of one department, following the cursor. */
  async listAllDepartmentUsers(deptId: number): Promise<DingtalkUser[]> {
    const out: DingtalkUser[] = [];
    let cursor: number | undefined = 0;
    while (cursor !== undefined) {
      const page = await this.listDepartmentUsers(deptId, cursor);
      out.push(...page.users);
      cursor = page.hasMore ? page.nextCursor : undefined;
    }
    return out;
  }
}

function wrapPrivateData(privateData: Record<string, CardParamMap>): Record<string, { cardParamMap: CardParamMap }> {
  return Object.fromEntries(Object.entries(privateData).map(([userId, map]) => [userId, { cardParamMap: map }]));
}
