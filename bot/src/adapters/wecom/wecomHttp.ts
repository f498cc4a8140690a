import axios, { AxiosInstance } from 'axios';
import { LOCAL_ERRCODES, WecomApiError, WecomMediaNotFoundError, WecomRetryableError } from './wecomErrors';

/**
 * The HTTP seam of the WeCom client: one request, bytes back, and WeCom's `{errcode, errmsg}` turned
 * into typed errors. Axios errors are never rethrown as such: they carry the request URL, and with
 * it the access token or robot key.
 */

/** One request to WeCom. `params` may hold secrets: they never appear in errors. */
export interface WecomHttpRequest {
  method: 'GET' | 'POST';
  /** Path such as `/cgi-bin/message/send`; the only part of the URL that errors mention. */
  path: string;
  params?: Record<string, string | number>;
  /** A JSON body (object) or raw bytes (multipart). */
  data?: unknown;
  headers?: Record<string, string>;
}

/** A response as bytes, whatever its type. */
export interface WecomHttpResponse {
  status: number;
  contentType: string;
  contentDisposition?: string;
  body: Buffer;
}

/** errcodes meaning "this access token is no good": refresh once and retry. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001, 40001]);

/**
 * Frequency and busy errcodes → suggested back-off in ms. 45009: per-minute API limit (lifted a
 * minute later, doc 90313); 45033: too many concurrent calls; 45047: per-period message quota;
 * -1: system busy ("retry later, at most 3 times").
 */
export const RETRYABLE_ERRCODES: ReadonlyMap<number, number> = new Map([
  [45009, 60_000],
  [45033, 2_000],
  [45047, 60_000],
  [-1, 1_000],
]);

const DEFAULT_TIMEOUT_MS = 10_000;

/** Sends `req` and returns the bytes; network faults and 5xx become WecomRetryableError. */
export async function wecomRequest(http: AxiosInstance, baseUrl: string, req: WecomHttpRequest): Promise<WecomHttpResponse> {
  let status: number;
  let headers: Record<string, unknown>;
  let data: unknown;
  try {
    const res = await http.request({
      method: req.method,
      url: `${baseUrl}${req.path}`,
      params: req.params,
      data: req.data,
      headers: req.headers,
      responseType: 'arraybuffer',
      validateStatus: () => true,
      timeout: DEFAULT_TIMEOUT_MS,
      maxRedirects: 0,
    });
    status = res.status;
    headers = res.headers as Record<string, unknown>;
    data = res.data;
  } catch (e) {
    const code = axios.isAxiosError(e) ? e.code ?? 'unknown' : 'unknown';
    throw new WecomRetryableError({ errcode: LOCAL_ERRCODES.network, errmsg: `network error ${code}`, path: req.path }, 1_000);
  }
  if (status >= 500 || status === 429) {
    const retryAfter = status === 429 ? 60_000 : 1_000;
    throw new WecomRetryableError({ errcode: LOCAL_ERRCODES.http_status, errmsg: `HTTP ${status}`, path: req.path, status }, retryAfter);
  }
  if (status < 200 || status >= 300) {
    throw new WecomApiError({ errcode: LOCAL_ERRCODES.http_status, errmsg: `HTTP ${status}`, path: req.path, status });
  }
  const body = Buffer.isBuffer(data) ? data : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : String(data ?? ''));
  return {
    status,
    body,
    contentType: String(headers['content-type'] ?? ''),
    contentDisposition: headers['content-disposition'] === undefined ? undefined : String(headers['content-disposition']),
  };
}

/** True when the response is WeCom's JSON rather than file bytes (media/get answers errors in JSON). */
export function isJsonResponse(res: WecomHttpResponse): boolean {
  if (/json/i.test(res.contentType)) return true;
  // WeCom has answered media/get errors as text/plain JSON; sniff only short textual bodies.
  return /^text\//i.test(res.contentType) && res.body.length < 4096 && res.body.subarray(0, 1).toString() === '{';
}

/** Parses a JSON body; anything else is a bad_response error. */
export function parseJsonBody(path: string, res: WecomHttpResponse): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(res.body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    throw new WecomApiError({ errcode: LOCAL_ERRCODES.bad_response, errmsg: 'response is not JSON', path });
  }
  throw new WecomApiError({ errcode: LOCAL_ERRCODES.bad_response, errmsg: 'response is not a JSON object', path });
}

/** WeCom's errcode of a JSON answer (absent means success). */
export function errcodeOf(json: Record<string, unknown>): number {
  const code = json.errcode;
  if (code === undefined) return 0;
  const n = typeof code === 'number' ? code : Number(code);
  return Number.isFinite(n) ? n : LOCAL_ERRCODES.bad_response;
}

/** Throws the typed error for a non-zero errcode; returns the JSON otherwise. */
export function checkErrcode(path: string, json: Record<string, unknown>): Record<string, unknown> {
  const errcode = errcodeOf(json);
  if (errcode === 0) return json;
  const props = { errcode, errmsg: typeof json.errmsg === 'string' ? json.errmsg : '', path };
  const backoff = RETRYABLE_ERRCODES.get(errcode);
  if (backoff !== undefined) throw new WecomRetryableError(props, backoff);
  if (errcode === 40007 && path === '/cgi-bin/media/get') throw new WecomMediaNotFoundError(props);
  throw new WecomApiError(props);
}

/** A string field of WeCom's JSON, or a bad_response error naming the field. */
export function stringField(path: string, json: Record<string, unknown>, field: string): string {
  const value = json[field];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  throw new WecomApiError({ errcode: LOCAL_ERRCODES.bad_response, errmsg: `missing ${field}`, path });
}

// One multipart builder serves WeCom's and DingTalk's media/upload.
export { multipartMedia } from '../../cardImages';

/** The filename of a Content-Disposition header, if any. */
export function filenameOf(disposition: string | undefined): string | undefined {
  const match = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  return match ? decodeURIComponent(match[1]) : undefined;
}
