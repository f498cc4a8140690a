import { WecomApiError, WecomCryptoError, WecomMediaNotFoundError, WecomRetryableError, WecomXmlError } from './wecomErrors';

/** A catalogue key plus its parameters (look it up with `t(locale, key, params)` from cards/). */
export interface WecomMessageRef {
  key: string;
  params: Record<string, unknown>;
}

/**
 * The message-catalogue entry describing a WeCom-layer error, for logs shown to operators and for
 * the few errors a member sees. Unknown errors get undefined: the caller keeps its own wording.
 */
export function describeWecomError(error: unknown): WecomMessageRef | undefined {
  if (error instanceof WecomCryptoError) return { key: `wecom.crypto.${error.code}`, params: {} };
  if (error instanceof WecomXmlError) return { key: `wecom.xml.${error.code}`, params: { field: error.message } };
  if (error instanceof WecomMediaNotFoundError) return { key: 'wecom.media.not_found', params: {} };
  if (error instanceof WecomRetryableError) {
    return { key: 'wecom.api.retryable', params: { path: error.path, errcode: error.errcode, seconds: Math.ceil(error.retryAfterMs / 1000) } };
  }
  if (error instanceof WecomApiError) {
    if (error.errcode === 40001 && error.path === '/cgi-bin/gettoken') return { key: 'wecom.api.invalid_secret', params: {} };
    return { key: 'wecom.api.error', params: { path: error.path, errcode: error.errcode, errmsg: error.errmsg } };
  }
  return undefined;
}
