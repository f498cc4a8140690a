import getRawBody from 'raw-body';
import { AppError } from '../../platform/errors';
import type { AppContext } from '../../platform/http/koaTypes';
import type { ServerDeps } from '../../platform/serverDeps';
import { CallbackQuery, CallbackRefusal, openCallback, openUrlCheck, REFUSAL_STATUS } from './wecomCallbackOpen';
import { WecomFailureLimiter } from './wecomFailureLimiter';
import { WECOM_INBOUND_QUEUE, type WecomInboundJob } from './wecomQueues';
import type { WecomSettings } from './wecomSettings';

/** Callback bodies are an envelope of a few KB; anything larger is not WeCom. */
export const CALLBACK_BODY_LIMIT = 64 * 1024;

/** Catalogue codes of the refusal statuses; their generic messages are all the client sees. */
const REFUSAL_CODE = { 400: 'validation_failed', 401: 'unauthenticated', 403: 'forbidden' } as const;

/**
 * The callback URL: GET answers WeCom's URL check, POST takes messages and card clicks. A POST is
 * verified, decrypted and parsed here; then ONE transaction stores the dedupe key and inserts a
 * 'wecom-inbound' job, and the answer is an empty 200. The work (photo download, commands, replies)
 * runs in the job, woken right after commit, so the answer never waits on WeCom's API or on a
 * slow command and stays far inside WeCom's 5 s; a retried or concurrent duplicate finds the key
 * and gets the same empty 200 with no effect. Refusals carry no detail and change nothing.
 */
export function registerWecomCallbackRoutes(deps: ServerDeps, s: WecomSettings): void {
  const limiter = new WecomFailureLimiter(deps.env.RATE_LIMIT_PER_MINUTE, () => deps.now().getTime());

  const refuse = (ctx: AppContext, refusal: CallbackRefusal, detail?: string): never => {
    limiter.fail(ctx.ip);
    deps.metrics.events.inc({ kind: `wecom_callback_${refusal}` });
    ctx.state.log?.warn({ refusal, detail }, 'WeCom callback refused');
    throw new AppError(REFUSAL_CODE[REFUSAL_STATUS[refusal]]);
  };
  const guard = async (ctx: AppContext, next: () => Promise<unknown>) => {
    if (limiter.blocked(ctx.ip)) {
      ctx.set('Retry-After', String(limiter.retryAfterSeconds(ctx.ip)));
      throw new AppError('rate_limited');
    }
    await next();
  };

  deps.api.route({
    method: 'get', path: s.callbackPath, summary: 'WeCom callback URL check (answers the decrypted echostr)', tags: ['wecom'],
    auth: false, produces: 'text/plain', before: [guard],
    handler: async (ctx) => {
      const opened = openUrlCheck(s, ctx.query as CallbackQuery, deps.now());
      if (!opened.ok) return refuse(ctx, opened.refusal, opened.detail);
      // WeCom wants the bare plaintext: no quotes, no BOM, no newline.
      ctx.status = 200;
      ctx.type = 'text/plain';
      ctx.body = opened.echo;
      return undefined;
    },
  });

  deps.api.route({
    method: 'post', path: s.callbackPath, summary: 'WeCom messages and card clicks (encrypted XML; answers an empty 200)', tags: ['wecom'],
    auth: false, produces: 'text/plain', before: [guard],
    handler: async (ctx) => {
      const body = await readXmlBody(ctx);
      const opened = openCallback(s, ctx.query as CallbackQuery, body, deps.now());
      if (!opened.ok) return refuse(ctx, opened.refusal, opened.detail);
      const job: WecomInboundJob = { message: opened.message, dedupeKey: opened.dedupeKey, receivedAt: deps.now().toISOString() };
      const fresh = await deps.db.transaction(async (tx) => {
        const ins = await tx.query("INSERT INTO inbound_dedupe (platform, dedupe_key) VALUES ('wecom', $1) ON CONFLICT DO NOTHING", [opened.dedupeKey]);
        if (ins.rowCount === 0) return false;
        await deps.jobs.send(tx, WECOM_INBOUND_QUEUE, job, { wake: true });
        return true;
      });
      deps.metrics.events.inc({ kind: fresh ? 'wecom_callback_accepted' : 'duplicate_inbound' });
      // An empty body means "received, no passive reply" and stops WeCom's retries.
      ctx.status = 200;
      ctx.type = 'text/plain';
      ctx.body = '';
      return undefined;
    },
  });
}

/** The raw body as text; the JSON body parser leaves XML alone, so it is read here with a small limit. */
async function readXmlBody(ctx: AppContext): Promise<string> {
  const parsed = (ctx.request as { rawBody?: unknown }).rawBody;
  // A JSON-typed request was already consumed by the body parser: it is not a WeCom envelope.
  if (typeof parsed === 'string') return parsed.length > CALLBACK_BODY_LIMIT ? '' : parsed;
  try {
    return await getRawBody(ctx.req, { limit: CALLBACK_BODY_LIMIT, encoding: 'utf8', length: ctx.get('content-length') || undefined });
  } catch (err) {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large' || e.status === 413) throw new AppError('payload_too_large');
    throw new AppError('validation_failed');
  }
}
