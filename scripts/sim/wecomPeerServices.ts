import { randomBytes } from 'node:crypto';
import { checkToken, fail, json, PeerHandler, PeerResponse, parseMultipart } from './wecomPeerHttp';
import type { PeerDepartment, PeerUser, WecomPeerState } from './wecomPeerState';

/**
 * The peer's non-message endpoints: gettoken, temporary media, login-code exchanges and the
 * directory (doc 91039, 90253/90254, 96959, 91023, 90344, 90336).
 */

/** Size limits of temporary media in bytes (doc 90253), and the errcode for exceeding them. */
const MEDIA_LIMITS: Record<string, { max: number; errcode: number }> = {
  image: { max: 10 * 1024 * 1024, errcode: 40009 },
  voice: { max: 2 * 1024 * 1024, errcode: 40006 },
  video: { max: 10 * 1024 * 1024, errcode: 40011 },
  file: { max: 20 * 1024 * 1024, errcode: 40006 },
};

/** GET /cgi-bin/gettoken?corpid=&corpsecret= */
export const getToken: PeerHandler = (state, req) => {
  if (req.query.get('corpid') !== state.options.corpId) return fail(state, 40013, 'invalid corpid');
  if (req.query.get('corpsecret') !== state.options.secret) return fail(state, 40001, 'invalid credential');
  const lifetime = state.options.tokenLifetimeSeconds ?? 7200;
  const token = `peer${randomBytes(32).toString('hex')}`;
  state.tokens.set(token, state.now().getTime() + lifetime * 1000);
  return json({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: lifetime });
};

/** POST /cgi-bin/media/upload?type= (multipart, file part named `media`) */
export const mediaUpload: PeerHandler = (state, req) => {
  const denied = checkToken(state, req);
  if (denied) return denied;
  const type = req.query.get('type') ?? '';
  const limit = MEDIA_LIMITS[type];
  if (!limit) return fail(state, 40005, 'invalid file type');
  const part = parseMultipart(req.headers['content-type'], req.body).find((p) => p.name === 'media');
  if (!part || part.data.length === 0) return fail(state, 44001, 'empty media data');
  if (part.data.length <= 5) return fail(state, 40006, 'invalid file size');
  if (part.data.length > limit.max) return fail(state, limit.errcode, 'media size out of limit');
  const filename = part.filename || 'media';
  if (type === 'image' && !/\.(jpe?g|png)$/i.test(filename)) return fail(state, 40004, 'invalid media type');
  const id = state.putMedia(Buffer.from(part.data), { type, filename, contentType: part.contentType ?? 'application/octet-stream' });
  return json({ errcode: 0, errmsg: '', type, media_id: id, created_at: String(Math.floor(state.now().getTime() / 1000)) });
};

/** GET /cgi-bin/media/get?media_id= — bytes, or JSON 40007 for unknown/expired media. */
export const mediaGet: PeerHandler = (state, req): PeerResponse => {
  const denied = checkToken(state, req);
  if (denied) return denied;
  const id = req.query.get('media_id');
  if (!id) return fail(state, 41006, 'media_id missing');
  const rec = state.media.get(id);
  const lifetime = (state.options.mediaLifetimeSeconds ?? 3 * 86400) * 1000;
  if (!rec || state.now().getTime() - rec.createdAt > lifetime) return fail(state, 40007, 'invalid media_id');
  return {
    status: 200,
    headers: { 'Content-Type': rec.contentType, 'Content-disposition': `attachment; filename="${encodeURIComponent(rec.filename)}"` },
    body: rec.body,
  };
};

/** GET /cgi-bin/miniprogram/jscode2session?js_code=&grant_type=authorization_code */
export const jscode2session: PeerHandler = (state, req) => {
  const denied = checkToken(state, req);
  if (denied) return denied;
  if (req.query.get('grant_type') !== 'authorization_code') return fail(state, 40058, 'invalid grant_type');
  const userId = state.consumeLoginCode(req.query.get('js_code') ?? '');
  if (!userId) return fail(state, 40029, 'invalid code');
  return json({ errcode: 0, errmsg: 'ok', corpid: state.options.corpId, userid: userId, session_key: randomBytes(16).toString('base64') });
};

/** GET /cgi-bin/auth/getuserinfo?code= */
export const authGetUserInfo: PeerHandler = (state, req) => {
  const denied = checkToken(state, req);
  if (denied) return denied;
  const userId = state.consumeLoginCode(req.query.get('code') ?? '');
  if (!userId) return fail(state, 40029, 'invalid code');
  return json({ errcode: 0, errmsg: 'ok', userid: userId, user_ticket: randomBytes(24).toString('hex'), expires_in: 1800 });
};

function subtree(departments: PeerDepartment[], rootId: number): PeerDepartment[] {
  const result: PeerDepartment[] = [];
  const queue = departments.filter((d) => d.id === rootId);
  while (queue.length > 0) {
    const d = queue.shift() as PeerDepartment;
    result.push(d);
    queue.push(...departments.filter((c) => c.parentid === d.id && c.id !== d.id));
  }
  return result;
}

/** GET /cgi-bin/department/list?id= (whole visible tree when id is absent) */
export const departmentList: PeerHandler = (state, req) => {
  const denied = checkToken(state, req);
  if (denied) return denied;
  const idText = req.query.get('id');
  let list = state.departments;
  if (idText) {
    list = subtree(state.departments, Number(idText));
    if (list.length === 0) return fail(state, 60123, 'invalid party id');
  }
  return json({
    errcode: 0,
    errmsg: 'ok',
    department: list.map((d) => ({ id: d.id, name: d.name, parentid: d.parentid, order: d.order ?? 0, department_leader: [] })),
  });
};

function membersOf(state: WecomPeerState, req: Parameters<PeerHandler>[1]): PeerUser[] | PeerResponse {
  const id = Number(req.query.get('department_id'));
  const tree = subtree(state.departments, id);
  if (tree.length === 0) return fail(state, 60123, 'invalid party id');
  const ids = new Set(req.query.get('fetch_child') === '1' ? tree.map((d) => d.id) : [id]);
  return state.users.filter((u) => u.department.some((d) => ids.has(d)));
}

/** GET /cgi-bin/user/simplelist?department_id=&fetch_child= */
export const userSimpleList: PeerHandler = (state, req) => {
  const denied = checkToken(state, req);
  if (denied) return denied;
  const users = membersOf(state, req);
  if (!Array.isArray(users)) return users;
  return json({ errcode: 0, errmsg: 'ok', userlist: users.map((u) => ({ userid: u.userid, name: u.name, department: u.department })) });
};

/** GET /cgi-bin/user/list?department_id=&fetch_child= (the detailed variant) */
export const userList: PeerHandler = (state, req) => {
  const denied = checkToken(state, req);
  if (denied) return denied;
  const users = membersOf(state, req);
  if (!Array.isArray(users)) return users;
  return json({
    errcode: 0,
    errmsg: 'ok',
    userlist: users.map((u) => ({ userid: u.userid, name: u.name, department: u.department, position: '', status: 1, main_department: u.department[0] })),
  });
};
