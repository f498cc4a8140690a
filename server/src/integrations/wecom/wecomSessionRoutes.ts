import { z } from 'zod';
import type { WecomApi } from '../../../../bot/src/adapters/wecom/wecomApi';
import { WecomApiError } from '../../../../bot/src/adapters/wecom/wecomErrors';
import { AppError } from '../../platform/errors';
import { rateLimit } from '../../platform/http/rateLimit';
import type { ServerDeps } from '../../platform/serverDeps';
import { resolveWecomPerson } from './resolveWecomPerson';
import type { WecomSettings } from './wecomSettings';

const CodeSchema = z.object({ code: z.string().trim().min(1).max(512) });
const SessionSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  person: z.object({ id: z.string(), plantId: z.string(), name: z.string(), roles: z.array(z.string()), locale: z.string() }),
});

/**
 * Login for the mini-program inside WeCom (wx.qy.login code → /cgi-bin/miniprogram/jscode2session)
 * and for H5 pages opened inside WeCom (OAuth code → /cgi-bin/auth/getuserinfo). Both end in the
 * platform's session token. A code WeCom rejects (40029: unknown, used or older than 5 min) is a
 * plain 401; WeCom's own message never reaches the client. Without WeCom the routes answer 404.
 */
export function registerWecomSessionRoutes(deps: ServerDeps, s: WecomSettings | null, api: WecomApi | null): void {
  const login = async (exchange: (api: WecomApi) => Promise<{ userId: string; corpId?: string }>) => {
    if (!s || !api) throw new AppError('not_found', 'WeCom is not configured on this server');
    let who: { userId: string; corpId?: string };
    try {
      who = await exchange(api);
    } catch (err) {
      if (err instanceof WecomApiError && !err.retryable) {
        deps.log.info({ errcode: err.errcode, path: err.path }, 'WeCom refused a login code');
        throw new AppError('invalid_token', 'The login code is invalid or expired; log in again');
      }
      deps.log.warn({ err }, 'WeCom login exchange failed');
      throw new AppError('unavailable', 'WeCom cannot be reached right now; try again shortly');
    }
    // jscode2session answers the corp the member belongs to: another corp's member is not ours.
    if (who.corpId !== undefined && who.corpId !== s.corpId) throw new AppError('forbidden');
    const person = await resolveWecomPerson(deps.directory, who.userId);
    if (!person) throw new AppError('forbidden', 'You are not registered in this plant; ask your administrator');
    const { token, expiresAt } = deps.sessions.issue(person.plantId, person.id, 'wecom');
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      person: { id: person.id, plantId: person.plantId, name: person.name, roles: person.roles, locale: person.locale },
    };
  };
  const limit = rateLimit('login', deps.env.RATE_LIMIT_PER_MINUTE, () => deps.now().getTime());

  deps.api.route({
    method: 'post', path: '/api/sessions/wecom/miniprogram', summary: 'Mini-program inside WeCom: exchange a wx.qy.login code for a session token',
    tags: ['sessions'], auth: false, before: [limit], body: CodeSchema, response: SessionSchema,
    handler: async (_ctx, { body }) => login((a) => a.jscode2session(body.code)),
  });
  for (const method of ['get', 'post'] as const) {
    deps.api.route({
      method, path: '/api/sessions/wecom/oauth', summary: 'H5 page inside WeCom: exchange an OAuth code for a session token',
      tags: ['sessions'], auth: false, before: [limit], response: SessionSchema,
      ...(method === 'get' ? { query: CodeSchema } : { body: CodeSchema }),
      handler: async (_ctx, input) => {
        const code = (method === 'get' ? input.query : input.body) as { code: string };
        return login(async (a) => ({ userId: await a.getUserInfoByCode(code.code) }));
      },
    });
  }
}
