/**
 * One catalogue of error codes. Every error a client sees is `{"error":{"code","message","details"}}`
 * where `code` is a stable snake_case id from this list.
 */
export const ERRORS = {
  invalid_json: { status: 400, message: 'Request body is not valid JSON' },
  validation_failed: { status: 400, message: 'Request is invalid' },
  unauthenticated: { status: 401, message: 'Authentication required' },
  invalid_token: { status: 401, message: 'Token is invalid or expired' },
  forbidden: { status: 403, message: 'Not allowed' },
  not_found: { status: 404, message: 'Not found' },
  conflict: { status: 409, message: 'Conflict' },
  action_refused: { status: 409, message: 'Action refused in the current state' },
  idempotency_conflict: { status: 409, message: 'Idempotency-Key was already used with a different request body' },
  payload_too_large: { status: 413, message: 'Request body too large' },
  unsupported_media_type: { status: 415, message: 'Unsupported media type' },
  rule_failed: { status: 422, message: 'A safety rule refused the request' },
  rate_limited: { status: 429, message: 'Too many requests' },
  sandbox_disabled: { status: 404, message: 'The Sandbox is off on this server' },
  internal_error: { status: 500, message: 'Internal error' },
  unavailable: { status: 503, message: 'Service unavailable' },
} as const;

/** A stable error id from the catalogue. */
export type ErrorCode = keyof typeof ERRORS;

/** An error whose message and details may be shown to the client (Koa's `expose` contract). */
export class AppError extends Error {
  readonly status: number;
  readonly expose: boolean;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
    // 5xx detail stays in the log; the client gets the generic text.
    this.expose = this.status < 500;
  }
}

/** Shorthand factories, so call sites read as the failure they describe. */
export const errors = {
  validation: (details: Record<string, unknown>, message?: string) => new AppError('validation_failed', message, details),
  notFound: (what: string, id?: string) => new AppError('not_found', `${what} not found`, id ? { [what]: id } : undefined),
  forbidden: (right?: string) => new AppError('forbidden', right ? `Missing right ${right}` : undefined, right ? { right } : undefined),
  unauthenticated: () => new AppError('unauthenticated'),
  invalidToken: () => new AppError('invalid_token'),
  refused: (reason: string, message: string, params?: Record<string, unknown>) =>
    new AppError('action_refused', message, { reason, ...(params ?? {}) }),
  rule: (rule: string, message: string, details?: Record<string, unknown>) =>
    new AppError('rule_failed', message, { rule, ...(details ?? {}) }),
};
