import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FRAGMENTS } from '../../../../cards/src/i18n/catalogue';
import { LOCALES } from '../../../../cards/src/i18n/messageTypes';
import { AppError } from '../errors';
import type { AppContext } from '../http/koaTypes';
import type { ServerDeps } from '../serverDeps';
import { PRIVACY_NOTICE_VERSION } from './consentRoutes';

const PAGE_DIR = join(__dirname, 'page');
/** The pages' files (no build step: plain scripts and CSS); anything else is a 404. */
const ASSETS = new Map<string, string>([
  ['h5.css', 'text/css'], ['outboxCore.js', 'application/javascript'], ['h5Common.js', 'application/javascript'],
  ['report.js', 'application/javascript'], ['tasks.js', 'application/javascript'], ['checkin.js', 'application/javascript'],
  ['hazard.js', 'application/javascript'],
]);
// DingTalk's JSAPI (for the auth code) is the only outside script, loaded only inside DingTalk.
const CSP = "default-src 'self'; script-src 'self' https://g.alicdn.com; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** The texts the pages need: the mini-program's and the status names, both locales. Pure. */
export function h5Messages(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const locale of LOCALES) {
    out[locale] = {};
    for (const f of Object.values(FRAGMENTS)) {
      for (const [k, v] of Object.entries(f[locale])) if (/^(miniprogram|hazards\.(status|grade|action)|permits\.status)\./.test(k)) out[locale][k] = v;
    }
  }
  return out;
}

/**
 * The H5 pages for DingTalk's workbench and plain mobile browsers: /m/report, /m/tasks,
 * /m/check-in and /m/permits/:id/check-in (the permit QR's target). They share the mini-program's
 * outbox (IndexedDB here) and sign in with WeCom OAuth, a DingTalk auth code, or the Sandbox cookie.
 */
export function registerH5Pages(deps: ServerDeps): void {
  const { api, env } = deps;
  const messages = h5Messages();
  const page = (file: string) => async (ctx: AppContext) => {
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('Content-Security-Policy', CSP);
    ctx.body = readFileSync(join(PAGE_DIR, file));
    return undefined;
  };
  const tags = ['h5'];
  api.route({ method: 'get', path: '/m/report', summary: 'H5: report a hazard (photos, position, category, one line; works offline)', tags, auth: false, produces: 'text/html', handler: page('report.html') });
  api.route({ method: 'get', path: '/m/tasks', summary: 'H5: my hazards (to rectify, reported by me)', tags, auth: false, produces: 'text/html', handler: page('tasks.html') });
  api.route({
    method: 'get', path: '/m/hazards/:id', summary: 'H5: one hazard (status, people, deadline, before/after photos, timeline), opened from a card or the task list', tags, auth: false,
    produces: 'text/html', params: z.object({ id: z.uuid() }), handler: page('hazard.html'),
  });
  api.route({ method: 'get', path: '/m/check-in', summary: 'H5: permit check-in (paste or open the QR link)', tags, auth: false, produces: 'text/html', handler: page('checkin.html') });
  api.route({
    method: 'get', path: '/m/permits/:id/check-in', summary: 'H5: permit check-in opened from the permit QR code', tags, auth: false, produces: 'text/html',
    params: z.object({ id: z.uuid() }), handler: page('checkin.html'),
  });

  api.route({
    method: 'get', path: '/m/config.js', summary: 'H5: texts, notice version and sign-in settings for the pages', tags, auth: false, produces: 'application/javascript',
    handler: async (ctx) => {
      const locale = /^en\b/i.test(ctx.get('accept-language')) ? 'en' : 'zh-CN';
      const config = {
        locale, messages, noticeVersion: PRIVACY_NOTICE_VERSION,
        ...(env.wecomEnabled ? { wecomCorpId: env.WECOM_CORP_ID, wecomAgentId: env.WECOM_AGENT_ID } : {}),
      };
      ctx.type = 'application/javascript';
      ctx.set('Cache-Control', 'no-cache');
      // JSON is valid JS; "<" is escaped so no text can close a script element.
      ctx.body = `window.ANQUAN_CONFIG = ${JSON.stringify(config).replace(/</g, '\\u003c')};\n`;
      return undefined;
    },
  });

  api.route({
    method: 'get', path: '/m/assets/:file', summary: 'H5 page scripts and styles', tags, auth: false, produces: 'application/javascript',
    params: z.object({ file: z.string().max(64) }),
    handler: async (ctx, { params }) => {
      const type = ASSETS.get(params.file);
      if (!type) throw new AppError('not_found', 'no such H5 asset', { file: params.file });
      ctx.type = type;
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = readFileSync(join(PAGE_DIR, params.file));
      return undefined;
    },
  });
}
