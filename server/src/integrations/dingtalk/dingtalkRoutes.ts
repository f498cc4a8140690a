import { z } from 'zod';
import type { DingtalkApi } from '../../../../bot/src/adapters/dingtalk/dingtalkApi';
import { DingtalkApiError } from '../../../../bot/src/adapters/dingtalk/dingtalkApiError';
import { t } from '../../../../cards/src/i18n/catalogue';
import { actorOf } from '../../platform/auth/principal';
import { AppError } from '../../platform/errors';
import { rateLimit } from '../../platform/http/rateLimit';
import type { ServerDeps } from '../../platform/serverDeps';
import { runDingtalkSync } from './dingtalkSync';

/** Body of POST /api/admin/dingtalk/sync (also what `npm run dingtalk:sync` sends). */
export const DingtalkSyncBody = z.object({
  /** Write the changes; without it the sync only reports what it would change (as WeCom's sync). */
  apply: z.boolean().default(false),
  /** DingTalk department to sync with everything below it (1 = the whole organisation). */
  rootDeptId: z.number().int().positive().default(1),
  /** Role given to people the sync creates; without it new DingTalk users are reported as skipped. */
  defaultRole: z.string().min(1).max(64).optional(),
  /** Department for users DingTalk lists only in the root department. */
  defaultDepartment: z.string().min(1).max(64).optional(),
  /** Deactivate people the sync created whom DingTalk no longer lists (only with rootDeptId 1). */
  deactivateMissing: z.boolean().default(false),
});

/** H5 login and the admin directory sync. */
export function registerDingtalkRoutes(deps: ServerDeps, api: Pick<DingtalkApi, 'getUserByAuthCode' | 'listAllDepartments' | 'listAllDepartmentUsers'>): void {
  deps.api.route({
    method: 'post', path: '/api/sessions/dingtalk', summary: 'H5 login (免登): exchange a DingTalk auth code for a session token', tags: ['sessions'], auth: false,
    before: [rateLimit('login', deps.env.RATE_LIMIT_PER_MINUTE)],
    body: z.object({
      /** The one-time code from dd.getAuthCode({corpId}) on the H5 page. */
      code: z.string().trim().min(1).max(256),
      /** Which plant to sign in to, when the person belongs to several. */
      plantId: z.string().min(1).max(63).optional(),
    }),
    handler: async (_ctx, { body }) => {
      let userId: string;
      try {
        userId = (await api.getUserByAuthCode(body.code)).userId;
      } catch (err) {
        if (err instanceof DingtalkApiError && !err.retryable) {
          deps.log.info({ code: err.code }, 'dingtalk login: auth code refused by DingTalk');
          throw new AppError('unauthenticated', t('zh-CN', 'dingtalk.login.failed'), { reason: 'auth_code_refused' });
        }
        deps.log.warn({ err }, 'dingtalk login: DingTalk unreachable');
        throw new AppError('unavailable', t('zh-CN', 'dingtalk.login.failed'));
      }
      const plants = body.plantId ? [body.plantId] : await deps.directory.plantIds();
      for (const plantId of plants) {
        const person = await deps.directory.personByPlatform(plantId, 'dingtalk', userId);
        if (!person) continue;
        const { token, expiresAt } = deps.sessions.issue(plantId, person.id, 'dingtalk');
        return { token, expiresAt, plantId, person: { id: person.id, name: person.name, roles: person.roles, locale: person.locale } };
      }
      deps.log.warn({ userId }, 'dingtalk login: DingTalk user is not a person of any plant');
      throw new AppError('forbidden', t('zh-CN', 'dingtalk.login.unknown_person'), { reason: 'unknown_person' });
    },
  });

  deps.api.route({
    method: 'post', path: '/api/admin/dingtalk/sync', summary: 'Sync DingTalk departments and users into the plant (dry run unless apply is true; deactivates only when asked)', tags: ['admin'],
    right: 'admin.sync', body: DingtalkSyncBody,
    handler: async (_ctx, { body, principal }) => {
      try {
        const report = await runDingtalkSync(deps.db, api, {
          plantId: principal.plantId, dryRun: !body.apply, actor: actorOf(principal), now: deps.now(),
          options: { rootDeptId: body.rootDeptId, defaultRole: body.defaultRole, defaultDepartment: body.defaultDepartment, deactivateMissing: body.deactivateMissing },
        });
        if (report.applied) deps.directory.invalidate(principal.plantId);
        deps.log.info({ plant: principal.plantId, applied: report.applied, summary: report.summary }, 'dingtalk directory sync');
        return report;
      } catch (err) {
        if (err instanceof DingtalkApiError) throw new AppError('unavailable', `DingTalk refused the directory listing: ${err.message}`, { code: err.code });
        throw err;
      }
    },
  });
}
