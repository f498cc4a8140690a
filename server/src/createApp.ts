import bodyParser from '@koa/bodyparser';
import Koa from 'koa';
import { errorHandler } from './platform/http/errorHandler';
import type { AppState } from './platform/http/koaTypes';
import { requestContext } from './platform/http/requestContext';
import type { ServerDeps } from './platform/serverDeps';

/**
 * The Koa application: request context → error catalogue → JSON body → routes. Routes are
 * already registered on `deps.api` by the platform and the modules.
 */
export function createApp(deps: ServerDeps): Koa<AppState> {
  const app = new Koa<AppState>({ proxy: true });
  app.keys = [deps.appSecret];
  app.use(requestContext(deps.log, deps.metrics));
  app.use(errorHandler);
  app.use(async (ctx, next) => {
    // A draining instance refuses new work so the load balancer moves on.
    if (deps.health.draining && !ctx.path.startsWith('/healthz') && !ctx.path.startsWith('/readyz')) {
      ctx.set('Connection', 'close');
      ctx.status = 503;
      ctx.body = { error: { code: 'unavailable', message: 'Server is shutting down' } };
      return;
    }
    await next();
  });
  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: deps.env.BODY_LIMIT_BYTES,
      // Uploads, platform callbacks (XML) and the like read their own bodies.
      parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
    }),
  );
  app.use(deps.api.router.routes());
  app.use(deps.api.router.allowedMethods());
  return app;
}
