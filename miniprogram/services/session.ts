import { setLocale } from '../lib/t';
import { ApiError, apiErrorOf } from './apiError';
import { rawRequest } from './transport';

/** A signed-in person as the platform's session endpoints answer. */
export interface Session {
  token: string;
  expiresAt: string;
  person: { id: string; plantId: string; name: string; roles: string[]; locale: string };
}

/** Signing in from plain WeChat needs the one-time code the bot shows in chat. */
export class BindingRequiredError extends Error {}

const KEY = 'anquan.session';
let inflight: Promise<Session> | null = null;

/** The stored session if it is still valid for a minute; null otherwise. */
export function currentSession(now = Date.now()): Session | null {
  const s = wx.getStorageSync(KEY) as Session | '';
  if (!s || !s.token || Date.parse(s.expiresAt) - 60_000 < now) return null;
  return s;
}

/** True inside the WeCom (企业微信) client. */
export function insideWecom(): boolean {
  return wx.getSystemInfoSync().environment === 'wxwork' && typeof wx.qy?.login === 'function';
}

function qyLogin(): Promise<string> {
  return new Promise((resolve, reject) => wx.qy!.login({ success: (r) => resolve(r.code), fail: (e) => reject(new Error(e.errMsg)) }));
}

async function wxLogin(): Promise<string> {
  const r = await wx.login();
  return r.code;
}

async function signIn(bindCode?: string): Promise<Session> {
  const wecom = insideWecom();
  const code = wecom ? await qyLogin() : await wxLogin();
  const res = wecom
    ? await rawRequest('POST', '/api/sessions/wecom/miniprogram', { code })
    : await rawRequest('POST', '/api/sessions/wechat', bindCode ? { code, bindCode } : { code });
  if (res.status !== 200) {
    const err = apiErrorOf(res.status, res.body);
    if (err.details.reason === 'binding_required') throw new BindingRequiredError(err.message);
    throw err;
  }
  const session = res.body as Session;
  wx.setStorageSync(KEY, session);
  setLocale(session.person.locale);
  return session;
}

/** Signs in (WeCom: wx.qy.login; WeChat: wx.login, plus the binding code the first time). Single flight. */
export function login(bindCode?: string): Promise<Session> {
  if (!inflight) inflight = signIn(bindCode).finally(() => { inflight = null; });
  return inflight;
}

/** A valid session, signing in when needed. */
export async function ensureSession(): Promise<Session> {
  return currentSession() ?? login();
}

/** Drops the stored session and signs in again (an expired or revoked token). */
export async function relogin(): Promise<Session> {
  wx.removeStorageSync(KEY);
  return login();
}

/** Is this error "the server refused the person", as opposed to a network problem? */
export function isRefusal(err: unknown): err is ApiError | BindingRequiredError {
  return err instanceof ApiError || err instanceof BindingRequiredError;
}
