import { z } from 'zod';
import { t } from '../../../../cards/src/i18n/catalogue';
import { appendEvidence } from '../evidence/evidenceChain';
import { AppError } from '../errors';
import { rateLimit } from '../http/rateLimit';
import type { ServerDeps } from '../serverDeps';
import { jscode2session, WechatLoginError } from './wechatApi';
import { bindWechat, consumeBindCode, findWechatBinding } from './wechatBinding';

const Body = z.strictObject({
  /** The wx.login() code (single use, 5 minutes). */
  code: z.string().trim().min(1).max(512),
  /** The one-time code the bot showed in chat (first sign-in only). */
  bindCode: z.string().trim().min(4).max(20).optional(),
});

/**
 * Mini-program sign-in in plain WeChat: wx.login code → openid (jscode2session). A bound openid
 * gets a session at once; an unbound one needs the one-time code the person asked the bot for
 * ("绑定微信") — after that, never again. Without WECHAT_APP_ID/SECRET the route answers 404.
 */
export function registerWechatSessionRoutes(deps: ServerDeps): void {
  const { env, db } = deps;
  deps.api.route({
    method: 'post', path: '/api/sessions/wechat', tags: ['sessions'], auth: false, body: Body,
    summary: 'Mini-program in WeChat: exchange a wx.login code (plus, the first time, the binding code shown in chat) for a session token',
    before: [rateLimit('login', env.RATE_LIMIT_PER_MINUTE, () => deps.now().getTime())],
    handler: async (_ctx, { body }) => {
      if (!env.WECHAT_APP_ID || !env.WECHAT_APP_SECRET) throw new AppError('not_found', 'WeChat sign-in is not configured on this server');
      let openid: string;
      try {
        openid = (await jscode2session(env.WECHAT_API_BASE, env.WECHAT_APP_ID, env.WECHAT_APP_SECRET, body.code)).openid;
      } catch (err) {
        if (err instanceof WechatLoginError && err.kind === 'code_refused') {
          deps.log.info({ errcode: err.errcode }, 'WeChat refused a login code');
          throw new AppError('invalid_token', t('zh-CN', 'miniprogram.login.code_refused'));
        }
        deps.log.warn({ err }, 'WeChat login exchange failed');
        throw new AppError('unavailable', t('zh-CN', 'miniprogram.login.unreachable'));
      }
      const who = await db.transaction(async (tx) => {
        const bound = await findWechatBinding(tx, openid);
        if (bound) return bound;
        if (!body.bindCode) return null;
        const now = deps.now();
        const owner = await consumeBindCode(tx, body.bindCode, openid, now);
        if (!owner) throw new AppError('forbidden', t('zh-CN', 'miniprogram.bind.code_invalid'), { reason: 'bind_code_invalid' });
        await bindWechat(tx, openid, owner.plantId, owner.personId, now);
        await appendEvidence(tx, {
          plantId: owner.plantId, kind: 'wechat.bound', subjectType: 'person', subjectId: owner.personId,
          actor: { type: 'person', id: owner.personId, via: 'wechat' }, occurredAt: now, data: { openidHash: openid.length > 6 ? `…${openid.slice(-6)}` : openid },
        });
        return owner;
      });
      if (!who) throw new AppError('forbidden', t('zh-CN', 'miniprogram.bind.required'), { reason: 'binding_required' });
      const person = await deps.directory.person(who.plantId, who.personId);
      if (!person) throw new AppError('forbidden', t('zh-CN', 'miniprogram.bind.person_gone'), { reason: 'person_gone' });
      const { token, expiresAt } = deps.sessions.issue(who.plantId, person.id, 'wechat');
      return { token, expiresAt: expiresAt.toISOString(), person: { id: person.id, plantId: person.plantId, name: person.name, roles: person.roles, locale: person.locale } };
    },
  });
}
