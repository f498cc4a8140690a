/**
 * Errors of DingTalk OpenAPI calls. Two error dialects exist:
 * - api.dingtalk.com (`/v1.0/*`): non-2xx HTTP with `{code, message, requestid}`, e.g. HTTP 400
 *   `{"code":"InvalidAuthentication","message":"不合法的access_token"}`; QPS limits carry codes like
 *   `Forbidden.AccessDenied.QpsLimitForApi` (or HTTP 429).
 * - oapi.dingtalk.com (`/topapi/*`): HTTP 200 with `{errcode, errmsg}`; 40014 invalid token,
 *   42001 expired token, 90002/90005/90006/90018/90019 rate limits, -1 system busy.
 */

/** A refused or failed OpenAPI call. `code` is DingTalk's code (string form); `retryable` says whether a later retry may succeed. */
export class DingtalkApiError extends Error {
  /** DingTalk's error code, e.g. `InvalidAuthentication`, `40078`, or ours: `network_error`, `bad_response`. */
  readonly code: string;
  /** HTTP status (0 when no answer arrived). */
  readonly status: number;
  /** True for throttling, busy and network faults. */
  readonly retryable: boolean;
  /** Which call failed, e.g. `POST /v1.0/robot/oToMessages/batchSend` (no query string: tokens live there). */
  readonly endpoint: string;
  readonly requestId?: string;
  constructor(p: { code: string; message: string; status: number; retryable: boolean; endpoint: string; requestId?: string }) {
    super(`DingTalk ${p.endpoint} failed: ${p.code} ${p.message}`);
    this.name = 'DingtalkApiError';
    this.code = p.code;
    this.status = p.status;
    this.retryable = p.retryable;
    this.endpoint = p.endpoint;
    this.requestId = p.requestId;
  }
}

/** Rate limited by DingTalk: always retryable; back off before retrying. */
export class DingtalkThrottledError extends DingtalkApiError {
  constructor(p: { code: string; message: string; status: number; endpoint: string; requestId?: string }) {
    super({ ...p, retryable: true });
    this.name = 'DingtalkThrottledError';
  }
}

const OAPI_THROTTLE = new Set([90002, 90005, 90006, 90018, 90019]);
const OAPI_TOKEN = new Set([40014, 42001]);

/** How a DingTalk answer is to be treated. Pure. */
export type AnswerClass = 'ok' | 'token_invalid' | 'throttled' | 'busy' | 'failed';

/** Classifies an api.dingtalk.com answer by HTTP status and body `code`. */
export function classifyApiAnswer(status: number, body: Record<string, unknown>): AnswerClass {
  const code = typeof body.code === 'string' ? body.code : '';
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401 || code === 'InvalidAuthentication') return 'token_invalid';
  if (status === 429 || /QpsLimit|Throttl|FlowControl/i.test(code)) return 'throttled';
  if (status >= 500) return 'busy';
  return 'failed';
}

/** Classifies an oapi.dingtalk.com answer by `errcode` (HTTP is 200 even on errors). */
export function classifyOapiAnswer(status: number, body: Record<string, unknown>): AnswerClass {
  if (status === 429) return 'throttled';
  if (status >= 500) return 'busy';
  if (status < 200 || status >= 300) return 'failed';
  const errcode = typeof body.errcode === 'number' ? body.errcode : Number(body.errcode ?? 0);
  if (errcode === 0) return 'ok';
  if (OAPI_TOKEN.has(errcode)) return 'token_invalid';
  if (OAPI_THROTTLE.has(errcode)) return 'throttled';
  if (errcode === -1) return 'busy';
  return 'failed';
}
