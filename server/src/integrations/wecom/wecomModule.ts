import { t } from '../../../../cards/src/i18n/catalogue';
import { WecomMessenger } from '../../../../bot/src/adapters/wecom/wecomMessenger';
import { cardImageLoader } from '../../platform/files/cardImageLoader';
import type { ServerDeps, ServerModule } from '../../platform/serverDeps';
import { registerWecomAdminRoutes } from './wecomAdminRoutes';
import { registerWecomCallbackRoutes } from './wecomCallbackRoutes';
import { restoreSyncedRows } from './wecomDirectorySync';
import { wecomInboundHandler } from './wecomInboundJob';
import { WECOM_INBOUND_QUEUE, WECOM_QUEUES, WECOM_REPLY_QUEUE, WECOM_ROBOT_QUEUE, type WecomInboundJob, type WecomReplyJob, type WecomRobotJob } from './wecomQueues';
import { WecomResponseCodeRepo } from './wecomResponseCodeRepo';
import { registerWecomSessionRoutes } from './wecomSessionRoutes';
import { createWecomApi, wecomSettings } from './wecomSettings';

/**
 * WeCom as a chat platform: the callback URL, the messenger (people get cards, groups notices),
 * the jobs behind both, mini-program/H5 login and the directory import. Inert unless all five
 * WECOM_* credentials are set; the login routes then answer 404.
 */
export const wecomModule: ServerModule = {
  name: 'wecom',
  async register(deps: ServerDeps) {
    const s = wecomSettings(deps.env);
    if (!s) {
      registerWecomSessionRoutes(deps, null, null);
      registerWecomAdminRoutes(deps, null);
      deps.health.register('wecom', () => ({ ok: true, state: 'disabled' }));
      return;
    }
    const api = createWecomApi(s, () => deps.now());
    const codes = new WecomResponseCodeRepo(deps.db);
    const restored = await restoreSyncedRows(deps.db);
    if (restored > 0) {
      deps.directory.invalidate();
      deps.log.info({ restored }, 'people and departments imported from WeCom were kept although the plant file does not list them');
    }
    const messenger = new WecomMessenger({
      api,
      codes,
      defaultUrl: deps.publicUrl,
      resolveSecret: (ref) => (ref.startsWith('env:') ? deps.env.secret(ref.slice(4)) : undefined),
      // WeCom takes JPG/PNG media; the group robot at most 2 MB.
      loadImage: cardImageLoader(deps.db, deps.blobs, deps.log, { platform: 'wecom', maxBytes: 2 * 1024 * 1024, maxEdge: 1920 }),
      queueRobotPost: (post) => deps.db.transaction(async (tx) => void (await deps.jobs.send<WecomRobotJob>(tx, WECOM_ROBOT_QUEUE, post, { wake: true }))),
      log: deps.log,
      now: () => deps.now(),
    });
    deps.messengers.add(messenger);

    // Several callbacks are handled at once; one sender's are serialized inside the handler.
    const inbound = wecomInboundHandler(deps, api, codes);
    deps.jobs.register<WecomInboundJob>(
      WECOM_INBOUND_QUEUE,
      async (job) => {
        await inbound(job);
        // pg-boss workers sleep a poll interval after each fetch unless woken; waking after every
        // job keeps them draining a backlog back to back instead of a batch per interval.
        deps.jobs.wake(WECOM_INBOUND_QUEUE);
      },
      { concurrency: 4, batchSize: 5, expireInSeconds: 120, retryLimit: 5, retryDelay: 2 },
    );
    deps.jobs.register<WecomReplyJob>(
      WECOM_REPLY_QUEUE,
      async (job) => void (await api.sendText({ touser: [job.userId], content: t(job.locale, job.messageKey, job.params ?? {}) })),
      { concurrency: 1, expireInSeconds: 60, retryLimit: 8, retryDelay: 10 },
    );
    // The robot client waits for a free slot (20 a minute per robot), so jobs may take a minute.
    deps.jobs.register<WecomRobotJob>(WECOM_ROBOT_QUEUE, (job) => messenger.postToRobot(job), { concurrency: 2, expireInSeconds: 300, retryLimit: 8, retryDelay: 30 });

    registerWecomCallbackRoutes(deps, s);
    registerWecomSessionRoutes(deps, s, api);
    registerWecomAdminRoutes(deps, api);

    deps.health.register('wecom', async () => {
      const failed = await deps.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pgboss.job WHERE name = ANY($1::text[]) AND state = 'failed'",
        [['deliver', 'refresh-cards', ...WECOM_QUEUES]],
      );
      const n = failed.rows[0]?.n ?? 0;
      // Failed sends degrade the integration (shown in /readyz) without making the server unready.
      return { ok: n === 0, state: n === 0 ? 'up' : 'degraded', detail: { failedJobs: n, tokenFetches: api.tokenFetchCount, callbackPath: s.callbackPath } };
    });
  },
};
