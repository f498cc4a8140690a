import { DingtalkApi } from '../../../../bot/src/adapters/dingtalk/dingtalkApi';
import { DingtalkMessenger } from '../../../../bot/src/adapters/dingtalk/dingtalkMessenger';
import type { StreamStatus } from '../../../../bot/src/adapters/dingtalk/dingtalkTypes';
import { DingtalkStreamClient } from '../../../../bot/src/adapters/dingtalk/streamClient';
import type { StreamClientOptions } from '../../../../bot/src/adapters/dingtalk/streamClientOptions';
import type { Env } from '../../env';
import type { Logger } from '../../platform/log';
import type { ServerDeps, ServerModule } from '../../platform/serverDeps';
import { DingtalkFrameHandler } from './dingtalkFrameHandler';
import { DingtalkIdentity } from './dingtalkIdentity';
import { registerDingtalkRoutes } from './dingtalkRoutes';
import { DingtalkSentCards } from './dingtalkSentCards';

/** Test and bench knobs of the stream client (back-off, keep-alive, ack deadline). */
export type DingtalkStreamTuning = Partial<Omit<StreamClientOptions, 'clientId' | 'clientSecret' | 'logger' | 'gatewayUrl' | 'tokenUrl'>>;

/** Options of createDingtalkModule. */
export interface DingtalkModuleOptions {
  stream?: DingtalkStreamTuning;
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
      deps.messengers.add(new DingtalkMessenger(api, { cardTemplateId, logger: dlog }));
      registerDingtalkRoutes(deps, api);
      const identity = new DingtalkIdentity({ ...deps, log: dlog }, api);
      handler = new DingtalkFrameHandler({ ...deps, log: dlog }, api, identity, new DingtalkSentCards({ ...deps, log: dlog }));
      deps.health.register('dingtalk', () => {
        if (!client) return { ok: true, state: leading ? 'starting' : 'standby', detail: { cardTemplate: Boolean(cardTemplateId) } };
        const s: StreamStatus = client.status();
        return {
          ok: s.state === 'connected', state: s.state,
          detail: { since: s.since.toISOString(), connections: s.connections, failedAttempts: s.failedAttempts, lastError: s.lastError, cardTemplate: Boolean(cardTemplateId) },
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
        // Resolves after the first attempt; a failing gateway keeps retrying in the background.
        await c.connect();
      },
      async stop() {
        leading = false;
        const c = client;
        client = null;
        if (c) await c.stop();
      },
    },
  };
}

/**
 * A ready instance. It holds the stream connection, so one instance serves one running server at
 * a time; a process running several servers at once gives each its own createDingtalkModule().
 */
export const dingtalkModule: ServerModule = createDingtalkModule();
