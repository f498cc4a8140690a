import { randomUUID } from 'node:crypto';
import { applyCardUpdate, DingtalkPeerState, PeerFault, PeerRoute } from './dingtalkPeerState';
import { parseMultipart } from './multipart';

/** A parsed HTTP request as the peer routes it. */
export interface PeerRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  /** The raw body (multipart uploads). */
  raw: Buffer;
}

/** What to answer; `drop` resets the TCP connection instead. */
export interface PeerResponse {
  status: number;
  json?: unknown;
  bytes?: Buffer;
  text?: string;
  contentType?: string;
  drop?: boolean;
}

type Handler = (s: DingtalkPeerState, r: PeerRequest) => PeerResponse;
const ok = (json: unknown): PeerResponse => ({ status: 200, json });
const apiError = (status: number, code: string, message: string): PeerResponse => ({ status, json: { code, message, requestid: randomUUID().toUpperCase() } });
const oapiError = (errcode: number, errmsg: string): PeerResponse => ({ status: 200, json: { errcode, errmsg, request_id: randomUUID().slice(0, 12) } });
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const allStrings = (m: unknown): m is Record<string, string> => typeof m === 'object' && m !== null && Object.values(m).every((v) => typeof v === 'string');
const ROBOT_MSG_KEYS = new Set(['sampleText', 'sampleMarkdown', 'sampleLink', 'sampleImageMsg', 'sampleActionCard', 'sampleActionCard2', 'sampleActionCard3', 'sampleActionCard4', 'sampleActionCard5', 'sampleActionCard6']);

function faultResponse(kind: PeerFault, oapi: boolean): PeerResponse {
  switch (kind) {
    case 'drop': return { status: 0, drop: true };
    case 'serverError': return apiError(500, 'ServiceUnavailable', 'service busy');
    case 'throttle429': return apiError(429, 'Throttling', 'too many requests');
    case 'throttle': return oapi ? oapiError(90018, '当前企业调用该接口超过每秒限制') : apiError(403, 'Forbidden.AccessDenied.QpsLimitForApi', 'qps limit exceeded');
    case 'tokenInvalid': return oapi ? oapiError(40014, '不合法的access_token') : apiError(400, 'InvalidAuthentication', '不合法的access_token');
  }
}

/** api.* auth: `x-acs-dingtalk-access-token` must hold a live token (DingTalk answers HTTP 400 InvalidAuthentication). */
function apiAuth(s: DingtalkPeerState, r: PeerRequest): PeerResponse | undefined {
  const token = r.headers['x-acs-dingtalk-access-token'];
  return s.isValidToken(typeof token === 'string' ? token : undefined) ? undefined : apiError(400, 'InvalidAuthentication', '不合法的access_token');
}

function msgParamError(r: PeerRequest): PeerResponse | undefined {
  const msgKey = str(r.body.msgKey);
  const param = str(r.body.msgParam);
  if (!msgKey || !ROBOT_MSG_KEYS.has(msgKey)) return apiError(400, 'invalidParameter.msgKey', `unknown msgKey ${String(r.body.msgKey)}`);
  if (!param) return apiError(400, 'invalidParameter.msgParam', 'msgParam must be a JSON string');
  if (Buffer.byteLength(param) > 15_000) return apiError(400, 'invalidParameter.msgParam', 'msgParam over 15000 bytes');
  try {
    JSON.parse(param);
  } catch {
    return apiError(400, 'invalidParameter.msgParam', 'msgParam is not JSON');
  }
  return undefined;
}

const routes: Record<PeerRoute, { method: string; path: RegExp; oapi: boolean; auth: boolean; handle: Handler }> = {
  token: { method: 'POST', path: /^\/v1\.0\/oauth2\/accessToken$/, oapi: false, auth: false, handle: (s, r) => {
    if (r.body.appKey !== s.options.clientId || r.body.appSecret !== s.options.clientSecret) return apiError(400, 'invalidClientIdOrSecret', '无效的clientId或clientSecret');
    const { token, expireIn } = s.issueToken();
    return ok({ accessToken: token, expireIn });
  } },
  gettoken: { method: 'GET', path: /^\/gettoken$/, oapi: true, auth: false, handle: (s, r) => {
    if (r.query.get('appkey') !== s.options.clientId || r.query.get('appsecret') !== s.options.clientSecret) return oapiError(40089, '不合法的corpid或corpsecret');
    const { token, expireIn } = s.issueToken();
    return ok({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: expireIn });
  } },
  gateway: { method: 'POST', path: /^\/v1\.0\/gateway\/connections\/open$/, oapi: false, auth: false, handle: (s, r) => {
    // protocol.md: without `Accept: application/json` the gateway answers XML.
    if (!String(r.headers.accept ?? '').includes('application/json')) {
      return { status: 200, text: '<?xml version="1.0" encoding="UTF-8"?><OpenConnectionResponse><endpoint/></OpenConnectionResponse>', contentType: 'application/xml' };
    }
    if (r.body.clientId !== s.options.clientId || r.body.clientSecret !== s.options.clientSecret) return apiError(400, 'invalidClientIdOrSecret', '无效的clientId或clientSecret');
    const subs = Array.isArray(r.body.subscriptions) ? (r.body.subscriptions as Array<Record<string, unknown>>) : [];
    const valid = subs.length > 0 && subs.every((x) => (x.type === 'CALLBACK' && typeof x.topic === 'string' && x.topic !== '') || (x.type === 'EVENT' && x.topic === '*'));
    if (!valid) return apiError(400, 'invalidParameter.subscriptions', 'subscriptions: CALLBACK <topic> or EVENT *');
    const ticket = s.stream.issueTicket(String(r.body.clientId), subs.map((x) => ({ type: String(x.type), topic: String(x.topic) })), str(r.body.ua));
    return ok({ endpoint: `${s.baseUrl.replace(/^http/, 'ws')}/connect`, ticket });
  } },
  batchSend: { method: 'POST', path: /^\/v1\.0\/robot\/oToMessages\/batchSend$/, oapi: false, auth: true, handle: (s, r) => {
    if (r.body.robotCode !== s.options.robotCode) return apiError(400, 'invalidParameter.robotCode', 'robot not found');
    const userIds = Array.isArray(r.body.userIds) ? r.body.userIds.filter((u): u is string => typeof u === 'string') : [];
    // The documented list limit is 20 userids per call.
    if (userIds.length === 0 || userIds.length > 20) return apiError(400, 'invalidParameter.userIds', 'userIds must hold 1..20 userids');
    const bad = msgParamError(r);
    if (bad) return bad;
    const processQueryKey = randomUUID();
    s.robotMessages.push({ kind: 'oto', userIds, msgKey: String(r.body.msgKey), msgParam: JSON.parse(String(r.body.msgParam)) as Record<string, unknown>, processQueryKey, at: new Date() });
    return ok({ processQueryKey, invalidStaffIdList: [], flowControlledStaffIdList: [] });
  } },
  groupSend: { method: 'POST', path: /^\/v1\.0\/robot\/groupMessages\/send$/, oapi: false, auth: true, handle: (s, r) => {
    if (r.body.robotCode !== s.options.robotCode) return apiError(400, 'invalidParameter.robotCode', 'robot not found');
    const openConversationId = str(r.body.openConversationId);
    if (!openConversationId) return apiError(400, 'invalidParameter.openConversationId', 'openConversationId required');
    const bad = msgParamError(r);
    if (bad) return bad;
    const processQueryKey = randomUUID();
    s.robotMessages.push({ kind: 'group', openConversationId, msgKey: String(r.body.msgKey), msgParam: JSON.parse(String(r.body.msgParam)) as Record<string, unknown>, processQueryKey, at: new Date() });
    return ok({ processQueryKey });
  } },
  download: { method: 'POST', path: /^\/v1\.0\/robot\/messageFiles\/download$/, oapi: false, auth: true, handle: (s, r) => {
    if (r.body.robotCode !== s.options.robotCode) return apiError(400, 'invalidParameter.robotCode', 'robot not found');
    const url = s.downloadUrlFor(String(r.body.downloadCode ?? ''));
    return url ? ok({ downloadUrl: url }) : apiError(400, 'invalidParameter.downloadCode', 'downloadCode not found');
  } },
  file: { method: 'GET', path: /^\/files\/[0-9a-f]+$/, oapi: false, auth: false, handle: (s, r) => {
    const f = s.fileByKey(r.path.split('/').pop() ?? '');
    return f ? { status: 200, bytes: f.bytes, contentType: f.contentType } : { status: 404, json: { message: 'not found' } };
  } },
  createAndDeliver: { method: 'POST', path: /^\/v1\.0\/card\/instances\/createAndDeliver$/, oapi: false, auth: true, handle: (s, r) => {
    const b = r.body;
    const outTrackId = str(b.outTrackId);
    const cardTemplateId = str(b.cardTemplateId);
    const cardParamMap = (b.cardData as { cardParamMap?: unknown } | undefined)?.cardParamMap;
    if (!outTrackId || !cardTemplateId) return apiError(400, 'invalidParameter', 'cardTemplateId and outTrackId required');
    // Unverified against DingTalk: we refuse a reused outTrackId so our code keeps them unique per delivery.
    if (s.cards.has(outTrackId)) return apiError(400, 'invalidParameter.outTrackId', 'outTrackId already used');
    if (!allStrings(cardParamMap)) return apiError(400, 'invalidParameter.cardData', 'cardParamMap values must be strings');
    if (unknownImage(s, cardParamMap)) return apiError(400, 'invalidParameter.cardData', 'image must be a media_id from media/upload');
    const m = /^dtv1\.card\/\/(IM_ROBOT|IM_GROUP)\.(.+)$/.exec(String(b.openSpaceId ?? ''));
    if (!m) return apiError(400, 'invalidParameter.openSpaceId', 'openSpaceId must be dtv1.card//IM_ROBOT.<userId> or dtv1.card//IM_GROUP.<cid>');
    const spaceType = m[1] as 'IM_ROBOT' | 'IM_GROUP';
    const robotModel = b.imRobotOpenDeliverModel as Record<string, unknown> | undefined;
    const groupModel = b.imGroupOpenDeliverModel as Record<string, unknown> | undefined;
    if (spaceType === 'IM_ROBOT' && robotModel?.spaceType !== 'IM_ROBOT') return apiError(400, 'invalidParameter.imRobotOpenDeliverModel', 'spaceType IM_ROBOT required');
    if (spaceType === 'IM_GROUP' && groupModel?.robotCode !== s.options.robotCode) return apiError(400, 'invalidParameter.imGroupOpenDeliverModel', 'robotCode required');
    const privateData: Record<string, Record<string, string>> = {};
    for (const [userId, v] of Object.entries((b.privateData ?? {}) as Record<string, { cardParamMap?: unknown }>)) {
      if (!allStrings(v?.cardParamMap)) return apiError(400, 'invalidParameter.privateData', 'privateData values must be strings');
      privateData[userId] = { ...v.cardParamMap };
    }
    s.cards.set(outTrackId, {
      outTrackId, cardTemplateId, openSpaceId: m[0], spaceType, spaceId: m[2], callbackType: str(b.callbackType) ?? 'HTTP',
      cardData: { ...cardParamMap }, privateData, apiUpdates: 0, callbackUpdates: 0, createdAt: new Date(),
    });
    return ok({ success: true, result: { outTrackId, deliverResults: [{ spaceType, spaceId: m[2], success: true, carrierId: `carrier-${randomUUID()}` }] } });
  } },
  updateCard: { method: 'PUT', path: /^\/v1\.0\/card\/instances$/, oapi: false, auth: true, handle: (s, r) => {
    const b = r.body;
    const card = s.cards.get(String(b.outTrackId ?? ''));
    if (!card) return apiError(400, 'invalidParameter.outTrackId', 'card instance not found');
    const cardParamMap = (b.cardData as { cardParamMap?: unknown } | undefined)?.cardParamMap;
    if (cardParamMap !== undefined && !allStrings(cardParamMap)) return apiError(400, 'invalidParameter.cardData', 'cardParamMap values must be strings');
    if (cardParamMap !== undefined && unknownImage(s, cardParamMap)) return apiError(400, 'invalidParameter.cardData', 'image must be a media_id from media/upload');
    const priv: Record<string, Record<string, string>> = {};
    for (const [userId, v] of Object.entries((b.privateData ?? {}) as Record<string, { cardParamMap?: unknown }>)) {
      if (!allStrings(v?.cardParamMap)) return apiError(400, 'invalidParameter.privateData', 'privateData values must be strings');
      priv[userId] = v.cardParamMap;
    }
    applyCardUpdate(card, cardParamMap as Record<string, string> | undefined, priv, (b.cardUpdateOptions ?? {}) as Record<string, boolean>);
    card.apiUpdates += 1;
    return ok({ success: true, result: true });
  } },
  // oapi media/upload: multipart part `media`, ?type=image; answers a reusable media_id.
  mediaUpload: { method: 'POST', path: /^\/media\/upload$/, oapi: true, auth: true, handle: (s, r) => {
    if (r.query.get('type') !== 'image') return oapiError(40005, '不合法的文件类型');
    const contentType = typeof r.headers['content-type'] === 'string' ? r.headers['content-type'] : undefined;
    const part = parseMultipart(contentType, r.raw).find((p) => p.name === 'media');
    if (!part || part.data.length <= 5 || part.data.length > 1024 * 1024) return oapiError(40006, '不合法的文件大小');
    if (!/\.(jpe?g|png|gif|bmp)$/i.test(part.filename ?? '')) return oapiError(40004, '不合法的媒体文件类型');
    const mediaId = `@lADP${randomUUID().replace(/-/g, '')}`;
    s.media.set(mediaId, { bytes: Buffer.from(part.data), filename: part.filename ?? 'media', contentType: part.contentType ?? 'application/octet-stream', at: new Date() });
    return ok({ errcode: 0, errmsg: 'ok', type: 'image', media_id: mediaId, created_at: Date.now() });
  } },
  getuserinfo: { method: 'POST', path: /^\/topapi\/v2\/user\/getuserinfo$/, oapi: true, auth: true, handle: (s, r) => {
    const userId = s.redeemAuthCode(String(r.body.code ?? ''));
    if (!userId) return oapiError(40078, '不存在的临时授权码');
    const u = s.users.find((x) => x.userid === userId);
    return ok({ errcode: 0, errmsg: 'ok', result: { userid: userId, unionid: u?.unionid ?? `union-${userId}`, name: u?.name ?? userId, device_id: 'peer-device', sys: false, sys_level: 0, associated_unionid: '' } });
  } },
  listsub: { method: 'POST', path: /^\/topapi\/v2\/department\/listsub$/, oapi: true, auth: true, handle: (s, r) => {
    const deptId = Number(r.body.dept_id ?? 1);
    if (deptId !== 1 && !s.departments.some((d) => d.dept_id === deptId)) return oapiError(60003, '部门不存在');
    const result = s.departments.filter((d) => d.parent_id === deptId).map((d) => ({ ...d, auto_add_user: false, create_dept_group: false }));
    return ok({ errcode: 0, errmsg: 'ok', result });
  } },
  userList: { method: 'POST', path: /^\/topapi\/v2\/user\/list$/, oapi: true, auth: true, handle: (s, r) => {
    const deptId = Number(r.body.dept_id);
    const cursor = Number(r.body.cursor ?? 0);
    const size = Number(r.body.size);
    if (!Number.isInteger(deptId) || !Number.isInteger(size) || size < 1 || size > 100) return oapiError(40035, '不合法的参数');
    const all = s.users.filter((u) => u.dept_id_list.includes(deptId));
    const list = all.slice(cursor, cursor + size).map((u) => ({ ...u, unionid: u.unionid ?? `union-${u.userid}`, active: true }));
    const hasMore = cursor + size < all.length;
    return ok({ errcode: 0, errmsg: 'ok', result: { has_more: hasMore, ...(hasMore ? { next_cursor: cursor + size } : {}), list } });
  } },
};

/** A card image must be a media id this peer handed out (DingTalk cards show images by media id). */
function unknownImage(s: DingtalkPeerState, map: Record<string, string>): boolean {
  return Boolean(map.image) && !s.media.has(map.image);
}

/** Which fault-injectable route a request hits. */
export function routeOf(method: string, path: string): PeerRoute | undefined {
  return (Object.keys(routes) as PeerRoute[]).find((k) => routes[k].method === method && routes[k].path.test(path));
}

/** Answers one OpenAPI request (faults first, then token check, then the route); undefined = 404. */
export function handleOpenApi(s: DingtalkPeerState, r: PeerRequest): PeerResponse | undefined {
  const route = routeOf(r.method, r.path);
  if (!route) return undefined;
  const def = routes[route];
  const fault = s.takeFault(route);
  if (fault) return faultResponse(fault, def.oapi);
  if (def.auth) {
    if (def.oapi) {
      if (!s.isValidToken(r.query.get('access_token') ?? undefined)) return oapiError(40014, '不合法的access_token');
    } else {
      const refused = apiAuth(s, r);
      if (refused) return refused;
    }
  }
  return def.handle(s, r);
}
