/**
 * Typed errors of the WeCom protocol layer. None of them ever carries an access token, a secret,
 * a robot key or a request URL: callers may log `code`/`errcode`/`path` freely.
 */

/** Stable codes mirroring WXBizMsgCrypt's error list (§1.3 of the integration notes). */
export type WecomCryptoErrorCode =
  | 'signature_mismatch'
  | 'illegal_aes_key'
  | 'receive_id_mismatch'
  | 'decrypt_failed'
  | 'illegal_buffer';

/** The numeric codes of the official WXBizMsgCrypt samples, for operators who know those. */
export const WX_BIZ_MSG_CRYPT_CODES: Record<WecomCryptoErrorCode, number> = {
  signature_mismatch: -40001,
  illegal_aes_key: -40004,
  receive_id_mismatch: -40005,
  decrypt_failed: -40007,
  illegal_buffer: -40008,
};

/** A callback that cannot be trusted or opened. */
export class WecomCryptoError extends Error {
  /** WXBizMsgCrypt's numeric code for the same failure. */
  readonly wxCode: number;
  constructor(readonly code: WecomCryptoErrorCode, message?: string) {
    super(message ?? code);
    this.name = 'WecomCryptoError';
    this.wxCode = WX_BIZ_MSG_CRYPT_CODES[code];
  }
}

/** Stable codes for XML that we refuse or cannot read. */
export type WecomXmlErrorCode = 'doctype_forbidden' | 'too_large' | 'xml_parse' | 'missing_field' | 'invalid_field';

/** XML that is malformed, hostile (DOCTYPE/ENTITY) or lacks a field WeCom always sends. */
export class WecomXmlError extends Error {
  constructor(readonly code: WecomXmlErrorCode, message?: string) {
    super(message ?? code);
    this.name = 'WecomXmlError';
  }
}

/**
 * errcodes we invent for failures that never reached WeCom's JSON (network, HTTP status, refusals
 * made here). Negative and below -1000 so they cannot collide with WeCom's own (-1 = system busy).
 */
export const LOCAL_ERRCODES = {
  network: -1001,
  http_status: -1002,
  bad_response: -1003,
  refused_locally: -1004,
  not_a_member: -1005,
  queue_full: -1006,
} as const;

/** What a WeCom call failed with. `path` is the API path only (no query, so no token). */
export interface WecomApiErrorProps {
  /** WeCom's errcode, or one of LOCAL_ERRCODES. */
  errcode: number;
  /** WeCom's errmsg (safe: WeCom never echoes the token), or our own description. */
  errmsg: string;
  /** API path such as `/cgi-bin/message/send`. */
  path: string;
  /** HTTP status when the failure was an HTTP-level one. */
  status?: number;
}

/** A WeCom API call that failed for a reason retrying will not fix. */
export class WecomApiError extends Error {
  readonly errcode: number;
  readonly errmsg: string;
  readonly path: string;
  readonly status?: number;
  /** True when the same call may succeed later (see WecomRetryableError). */
  readonly retryable: boolean = false;
  constructor(props: WecomApiErrorProps) {
    super(`${props.path}: errcode ${props.errcode} ${props.errmsg}`);
    this.name = 'WecomApiError';
    this.errcode = props.errcode;
    this.errmsg = props.errmsg;
    this.path = props.path;
    this.status = props.status;
  }
}

/** A failure that should be retried after `retryAfterMs`: frequency limits, -1, 5xx, network. */
export class WecomRetryableError extends WecomApiError {
  override readonly retryable = true;
  constructor(
    props: WecomApiErrorProps,
    /** Suggested back-off before the next attempt. */
    readonly retryAfterMs: number,
  ) {
    super(props);
    this.name = 'WecomRetryableError';
  }
}

/** media/get for a MediaId WeCom does not know (or no longer keeps: temporary media live 3 days). */
export class WecomMediaNotFoundError extends WecomApiError {
  constructor(props: WecomApiErrorProps) {
    super(props);
    this.name = 'WecomMediaNotFoundError';
  }
}
