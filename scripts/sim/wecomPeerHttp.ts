import type { IncomingHttpHeaders } from 'node:http';
import type { PeerError } from './wecomPeerCards';
import type { WecomPeerState } from './wecomPeerState';

/** Request/response plumbing shared by the WeCom peer's handlers. */

/** A parsed HTTP request as the handlers see it. */
export interface PeerRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What a handler answers. */
export interface PeerResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** A route handler. */
export type PeerHandler = (state: WecomPeerState, req: PeerRequest) => PeerResponse;

/** WeCom's JSON answer (HTTP 200 even for errors). */
export function json(body: Record<string, unknown>): PeerResponse {
  return { status: 200, headers: { 'Content-Type': 'application/json; charset=UTF-8' }, body: JSON.stringify(body) };
}

/** An error answer with errmsg shaped like WeCom's (hint, from ip, devtool link). */
export function fail(state: WecomPeerState, errcode: number, message: string): PeerResponse {
  const hint = `${Math.floor(state.now().getTime() / 1000)}_${state.id('h').slice(-8)}`;
  return json({
    errcode,
    errmsg: `${message}, hint: [${hint}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`,
  });
}

/** Turns a PeerError into the answer. */
export function failWith(state: WecomPeerState, error: PeerError): PeerResponse {
  return fail(state, error.errcode, error.errmsg);
}

/** null when `access_token` is valid; otherwise WeCom's answer (41001 missing, 40014 unknown, 42001 expired). */
export function checkToken(state: WecomPeerState, req: PeerRequest): PeerResponse | null {
  const token = req.query.get('access_token');
  if (!token) return fail(state, 41001, 'access_token missing');
  const expiresAt = state.tokens.get(token);
  if (expiresAt === undefined) return fail(state, 40014, `invalid access_token, access_token: ${token.slice(0, 6)}...`);
  if (state.now().getTime() >= expiresAt) {
    state.tokens.delete(token);
    return fail(state, 42001, 'access_token expired');
  }
  return null;
}

/** The JSON body as an object, or WeCom's "data format error". */
export function jsonBody(state: WecomPeerState, req: PeerRequest): Record<string, unknown> | PeerResponse {
  try {
    const parsed: unknown = JSON.parse(req.body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    return fail(state, 47001, 'data format error, Warning: wrong json format');
  }
  return fail(state, 47001, 'data format error');
}

/** True when `value` is an answer rather than a parsed body. */
export function isResponse(value: unknown): value is PeerResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'headers' in value && 'body' in value;
}

/** One part of a multipart/form-data body. */
export { parseMultipart, type MultipartPart } from './multipart';

/** UTF-8 byte length, the unit of WeCom's content limits. */
export function bytes(text: unknown): number {
  return typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : 0;
}
