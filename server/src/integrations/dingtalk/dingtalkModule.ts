import { DingtalkApi } from '../../../../bot/src/adapters/dingtalk/dingtalkApi';
import { DingtalkMessenger } from '../../../../bot/src/adapters/dingtalk/dingtalkMessenger';
import type { StreamStatus } from '../../../../bot/src/adapters/dingtalk/dingtalkTypes';
import { DingtalkStreamClient } from '../../../../bot/src/adapters/dingtalk/streamClient';
import { DingtalkWebhookRobot, WebhookCredentials } from '../../../../bot/src/adapters/dingtalk/dingtalkWebhookRobot';
import type { StreamClientOptions } from '../../../../bot/src/adapters/dingtalk/streamClientOptions';
import type { Env } from '../../env';
import { cardImageLoader } from '../../platform/files/cardImageLoader';
import type { Logger } from '../../platform/log';
import type { ServerDeps, ServerModule } from '../../platform/serverDeps';
import { DingtalkFrameHandler, FrameHandlerOptions } from './dingtalkFrameHandler';
import { DingtalkIdentity } from './dingtalkIdentity';
import { DingtalkInbox } from './dingtalkInbox';
import { DingtalkProcessor } from './dingtalkProcessor';
import { registerDingtalkRoutes } from './dingtalkRoutes';
import { DingtalkSentCards } from './dingtalkSentCards';

/** Test and bench knobs of the stream client (back-off, keep-alive, ack deadline). */
export type DingtalkStreamTuning = Partial<Omit<StreamClientOptions, 'clientId' | 'clientSecret' | 'logger' | 'gatewayUrl' | 'tokenUrl'>>;

/** Options of createDingtalkModule. */
export interface DingtalkModuleOptions {
  stream?: DingtalkStreamTuning;
  /** Frame handling (answer budget, processing concurrency, sweep); defaults in DEFAULT_FRAME_OPTIONS. */
  frames?: Partial<FrameHandlerOptions>;
  /** Logger for the DingTalk components instead of the server's (tests read what was logged). */
  logger?: Logger;
}

/** The OpenAPI client for the configured app (also used by `npm run dingtalk:sync` offline). */
export function dingtalkApiFromEnv(env: Env, logger: Logger): DingtalkApi {
  return new DingtalkApi({
    baseUrl: env.DINGTALK_API_BASE, oapiBaseUrl: env.DINGTALK_OAPI_BASE, clientId: env.DINGTALK_CLIENT_ID ?? '',
    clientSecret: env.DINGTALK_CLIENT_SECRET ?? '', robotCode: env.DINGTALK_ROBOT_CODE ?? '', maxDownloadBytes: env.UPLOAD_LIMIT_BYTES, logger,
  });
}

/** A custom group robot's token and secret: the env vars a DingTalk group's robotKeyRef / robotSecretRef name. */
async function webhookCredentials(deps: ServerDeps, groupId: string): Promise<WebhookCredentials | null> {
  const g = await deps.db.query<{ data: { robotKeyRef?: string; robotSecretRef?: string } }>('SELECT data FROM groups WHERE id = $1', [groupId]);
  const d = g.rows[0]?.data;
  const accessToken = d?.robotKeyRef ? deps.env.secret(d.robotKeyRef) : undefined;
  if (!accessToken) return null;
  return { accessToken, secret: d?.robotSecretRef ? deps.env.secret(d.robotSecretRef) : undefined };
}

/**
 * Defaults of the frame handler. A click normally completes within the 25 ms answer budget, so
 * its ack carries the updated card; under load the ack still leaves at once (the backlog waits
 * in the inbox) and the card follows through the API. Concurrency: 4 on PostgreSQL, 2 on PGlite
 * (one connection; the second slot only overlaps network waits such as picture downloads). During
 * a burst (over 50 frames a second) PostgreSQL processes one at a time and PGlite, whose queries
 * share the event loop with the acks, waits for the burst to pass: acks keep their deadline.
 */
export const DEFAULT_FRAME_OPTIONS = { answerBudgetMs: 25, burstPerSecond: 50, lateUpdateMs: 3000, sweepMs: 15_000, maxAttempts: 8 } as const;

/** Before this, a stored frame belongs to its in-process attempt and the sweep leaves it alone. */
const INBOX_GRACE_SECONDS = 30;

/**
 * DingTalk as a ServerModule. Inert unless DINGTALK_CLIENT_ID/SECRET/ROBOT_CODE are set. Every
 * instance sends (messenger) and serves the H5 login and sync routes; only the leader runs the
 * stream connection, whose frames go through the inbound pipeline (command transactions store
 * the dedupe keys). /readyz shows the connection state under `dingtalk`.
 */
export function createDingtalkModule(opts: DingtalkModuleOptions = {}): ServerModule {
  let handler: DingtalkFrameHandler | null = null;
  let client: DingtalkStreamClient | null = null;
  let leading = false;

  return {
    name: 'dingtalk',
    register(deps: ServerDeps) {
      const { env, log } = deps;
      handler = null;
      if (!env.dingtalkEnabled) {
        deps.health.register('dingtalk', () => ({ ok: true, state: 'disabled' }));
        return;
      }
      const dlog = (opts.logger ?? log).child({ component: 'dingtalk' });
      const api = dingtalkApiFromEnv(env, dlog);
      const cardTemplateId = env.DINGTALK_CARD_TEMPLATE_ID;
      if (!cardTemplateId) {
        dlog.warn('DINGTALK_CARD_TEMPLATE_ID is not set: cards go out as robot action cards without buttons; set it to the template built from the README');
      }
      registerDingtalkRoutes(deps, api);
      const messenger = new DingtalkMessenger(api, {
        cardTemplateId, logger: dlog,
        webhook: { robot: new DingtalkWebhookRobot({ oapiBaseUrl: env.DINGTALK_OAPI_BASE }), credentials: (target) => webhookCredentials(deps, target.groupId) },
        // Card images go up as media (the server is often not reachable from DingTalk's clients); 1 MB is the documented image limit.
        loadImage: cardImageLoader(deps.db, deps.blobs, dlog, { platform: 'dingtalk', maxBytes: 1024 * 1024, maxEdge: 1600 }),
        now: () => deps.now(),
      });
      deps.messengers.add(messenger);
      const mdeps = { ...deps, log: dlog };
      const identity = new DingtalkIdentity(mdeps, api);
      const sentCards = new DingtalkSentCards(mdeps);
      const inbox = new DingtalkInbox(deps.db, deps.now, INBOX_GRACE_SECONDS);
      const pglite = deps.db.kind === 'pglite';
      const frameOptions: FrameHandlerOptions = { ...DEFAULT_FRAME_OPTIONS, concurrency: pglite ? 2 : 4, burstConcurrency: pglite ? 0 : 1, ...opts.frames };
      const h = new DingtalkFrameHandler(mdeps, inbox, new DingtalkProcessor(mdeps, api, identity, sentCards), messenger, frameOptions);
      handler = h;
      deps.health.register('dingtalk', async () => {
        if (!client) return { ok: true, state: leading ? 'starting' : 'standby', detail: { cardTemplate: Boolean(cardTemplateId) } };
        const s: StreamStatus = client.status();
        return {
          ok: s.state === 'connected', state: s.state,
          detail: {
            since: s.since.toISOString(), connections: s.connections, failedAttempts: s.failedAttempts, lastError: s.lastError,
            cardTemplate: Boolean(cardTemplateId), inboxBacklog: await inbox.backlog(), processing: h.load,
          },
        };
      });
    },
    leader: {
      async start(deps: ServerDeps) {
        leading = true;
        if (!handler || client) return;
        const { env } = deps;
        const dlog = (opts.logger ?? deps.log).child({ component: 'dingtalk-stream' });
        const c = new DingtalkStreamClient({
          ...opts.stream,
          clientId: env.DINGTALK_CLIENT_ID ?? '', clientSecret: env.DINGTALK_CLIENT_SECRET ?? '', logger: dlog,
          gatewayUrl: env.DINGTALK_GATEWAY_URL, tokenUrl: `${env.DINGTALK_OAPI_BASE}/gettoken`,
        });
        c.onFrame(handler.handle);
        c.on('status', (s: StreamStatus) => deps.metrics.integrationUp.set({ integration: 'dingtalk' }, s.state === 'connected' ? 1 : 0));
        client = c;
        handler.startSweeping();
        // Resolves after the first attempt; a failing gateway keeps retrying in the background.
        await c.connect();
      },
      async stop() {
        leading = false;
        const c = client;
        client = null;
        if (c) await c.stop();
        await handler?.stop();
      },
    },
  };
}

/**
 * A ready instance. It holds the stream connection, so one instance serves one running server at
 * a time; a process running several servers at once gives each its own createDingtalkModule().
 */
export const dingtalkModule: ServerModule = createDingtalkModule();
