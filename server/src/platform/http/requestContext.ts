import { randomUUID } from 'node:crypto';
import type { Next } from 'koa';
import type { Logger } from '../log';
import { redactUrl } from '../log';
import type { Metrics } from '../metrics';
import type { AppContext } from './koaTypes';

const GOOD_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Request id (accepted from X-Request-Id when sane), a child logger, access log and metrics. */
export function requestContext(log: Logger, metrics: Metrics) {
  return async (ctx: AppContext, next: Next) => {
    const given = ctx.get('x-request-id');
    const requestId = GOOD_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = log.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const start = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = ctx.state.route ?? (ctx.status === 404 ? 'unmatched' : ctx.path);
      metrics.httpRequests.inc({ method: ctx.method, route, status: String(ctx.status) });
      metrics.httpDuration.observe({ method: ctx.method, route }, seconds);
      if (!ctx.path.startsWith('/sandbox/api/poll')) {
        ctx.state.log.info({ method: ctx.method, url: redactUrl(ctx.url), status: ctx.status, ms: Math.round(seconds * 1000) }, 'request');
      }
    }
  };
}
