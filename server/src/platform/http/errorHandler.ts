import type { Next } from 'koa';
import { AppError, ERRORS } from '../errors';
import type { AppContext } from './koaTypes';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

/** Maps errors thrown by Koa's own layers (body parser, raw-body) onto the catalogue. */
function fromHttpError(err: HttpishError): AppError | null {
  const status = err.status ?? err.statusCode;
  if (err.type === 'entity.too.large' || status === 413) return new AppError('payload_too_large');
  if (err.type === 'entity.parse.failed' || (status === 400 && /JSON|json|Unexpected token/.test(err.message ?? ''))) {
    return new AppError('invalid_json');
  }
  if (status === 415) return new AppError('unsupported_media_type');
  if (status === 404) return new AppError('not_found');
  if (status && status >= 400 && status < 500 && err.expose) return new AppError('validation_failed', err.message);
  return null;
}

/**
 * Turns any thrown error into `{"error":{"code","message","details"}}`. Only exposed errors
 * reach the client with their message; everything else is `internal_error` and goes to the log.
 */
export async function errorHandler(ctx: AppContext, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) throw new AppError('not_found', `No route ${ctx.method} ${ctx.path}`);
  } catch (raw) {
    const err = raw instanceof AppError ? raw : fromHttpError(raw as HttpishError) ?? raw;
    if (err instanceof AppError) {
      ctx.status = err.status;
      ctx.body = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
      if (err.status >= 500) ctx.state.log?.error({ err: raw }, 'request failed');
      return;
    }
    ctx.state.log?.error({ err }, 'unhandled error');
    ctx.status = 500;
    ctx.body = { error: { code: 'internal_error', message: ERRORS.internal_error.message, details: { requestId: ctx.state.requestId } } };
  }
}
