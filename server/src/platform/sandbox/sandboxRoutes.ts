import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { decodeActionRef } from '../../../../cards/src/actionRef';
import { t } from '../../../../cards/src/i18n/catalogue';
import type { BotEvent } from '../../../../bot/src/messenger';
import type { Principal } from '../auth/principal';
import { findFile, storeImage } from '../files/fileService';
import { readUpload } from '../files/readUpload';
import { SANDBOX_COOKIE } from '../http/authenticator';
import { rateLimit } from '../http/rateLimit';
import { AppError } from '../errors';
import type { ServerDeps } from '../serverDeps';
import { SandboxRepo } from './sandboxRepo';

const PAGE_DIR = join(__dirname, 'page');
/** The page's files (no build step: plain ES modules and CSS) and their content types; anything else is a 404. */
const PAGE_FILES = new Map<string, string>(Object.entries({
  'index.html': 'html',
  'app.css': 'text/css',
  'app.js': 'application/javascript',
  'api.js': 'application/javascript',
  'i18n.js': 'application/javascript',
  'markdown.js': 'application/javascript',
  'cards.js': 'application/javascript',
  'messages.js': 'application/javascript',
  'composer.js': 'application/javascript',
}));
const PAGE_CSP = "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Conversations a person sees in the Sandbox: their one-to-one chat and the plant's Sandbox groups. */
async function conversationsOf(deps: ServerDeps, p: Principal): Promise<Array<{ id: string; kind: 'dm' | 'group'; name: string }>> {
  const groups = await deps.db.query<{ id: string; name: string }>(
    `SELECT id, name FROM groups WHERE plant_id = $1 AND deleted_at IS NULL AND data->>'platform' = 'sandbox' ORDER BY key`,
    [p.plantId],
  );
  return [
    { id: `dm:${p.personId}`, kind: 'dm', name: t(p.locale, 'sandbox.bot_name') },
    ...groups.rows.map((g) => ({ id: `group:${g.id}`, kind: 'group' as const, name: g.name })),
  ];
}

function sandboxPrincipal(p: Principal): Principal & { personId: string } {
  if (p.via !== 'sandbox' || !p.personId) throw new AppError('forbidden', 'Sandbox calls need a Sandbox session');
  return p as Principal & { personId: string };
}

/**
 * The Sandbox: a page that emulates the chat apps (pick a person, chat with the bot, see group
 * notices, click cards) and the small API it uses. Messages go through the same router and
 * commands as WeCom and DingTalk.
 */
export function registerSandboxRoutes(deps: ServerDeps): void {
  const { api, db } = deps;
  const repo = new SandboxRepo(db);
  const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

  const serve = (file: string) => async (ctx: Parameters<Parameters<typeof api.route>[0]['handler']>[0]) => {
    const type = PAGE_FILES.get(file);
    if (!type) throw new AppError('not_found', 'no such Sandbox page file', { file });
    ctx.type = type;
    ctx.set('Cache-Control', 'no-cache');
    // Chat content is rendered by script; the policy keeps injected markup from loading or running anything.
    if (type === 'html') ctx.set('Content-Security-Policy', PAGE_CSP);
    ctx.body = readFileSync(join(PAGE_DIR, file));
    return undefined;
  };
  api.route({ method: 'get', path: '/sandbox', summary: 'The Sandbox chat page', tags: ['sandbox'], auth: false, produces: 'text/html', handler: serve('index.html') });
  api.route({
    method: 'get', path: '/sandbox/:file', summary: 'Sandbox page scripts and styles', tags: ['sandbox'], auth: false, produces: 'application/javascript',
    params: z.object({ file: z.string().max(64) }),
    handler: (ctx, { params }) => serve(params.file)(ctx),
  });

  api.route({
    method: 'get', path: '/sandbox/api/people', summary: 'Plants and people to pick from', tags: ['sandbox'], auth: false,
    handler: async () => {
      const plants = await deps.directory.plantIds();
      const out = [];
      for (const plantId of plants) {
        const name = (await db.query<{ name: string }>('SELECT name FROM plants WHERE id = $1', [plantId])).rows[0]?.name;
        // Department and role names and job titles let the picker group and label people.
        const named = async (table: 'departments' | 'roles') =>
          (await db.query<{ key: string; name: string }>(`SELECT key, name FROM ${table} WHERE plant_id = $1 AND deleted_at IS NULL ORDER BY key`, [plantId])).rows;
        const titles = new Map(
          (await db.query<{ id: string; title: string | null }>(`SELECT id, data->>'title' AS title FROM people WHERE plant_id = $1`, [plantId])).rows.map((r) => [r.id, r.title]),
        );
        const people = (await deps.directory.people(plantId)).map((p) => ({ id: p.id, key: p.key, name: p.name, title: titles.get(p.id) ?? null, roles: p.roles, departmentKey: p.departmentKey, locale: p.locale }));
        out.push({ id: plantId, name, departments: await named('departments'), roles: await named('roles'), people });
      }
      return { banner: { 'zh-CN': t('zh-CN', 'sandbox.banner'), en: t('en', 'sandbox.banner') }, plants: out };
    },
  });

  api.route({
    method: 'post', path: '/sandbox/api/session', summary: 'Act as a person in the Sandbox (sets the Sandbox cookie)', tags: ['sandbox'], auth: false,
    before: [rateLimit('login', deps.env.RATE_LIMIT_PER_MINUTE)],
    body: z.object({ plantId: z.string().min(1).max(64), personId: z.uuid() }),
    handler: async (ctx, { body }) => {
      const person = await deps.directory.person(body.plantId, body.personId);
      if (!person) throw new AppError('not_found', 'person not found', { personId: body.personId });
      const { token, expiresAt } = deps.sessions.issue(body.plantId, person.id, 'sandbox');
      ctx.cookies.set(SANDBOX_COOKIE, token, { httpOnly: true, sameSite: 'strict', expires: expiresAt, overwrite: true });
      return { person: { id: person.id, name: person.name, roles: person.roles, locale: person.locale }, token, expiresAt };
    },
  });

  api.route({
    method: 'get', path: '/sandbox/api/conversations', summary: 'The current person\'s chats', tags: ['sandbox'],
    handler: async (_ctx, { principal }) => conversationsOf(deps, sandboxPrincipal(principal)),
  });

  api.route({
    method: 'get', path: '/sandbox/api/poll', summary: 'Messages changed since a revision', tags: ['sandbox'],
    query: z.object({ after: z.coerce.number().int().min(0).default(0) }),
    handler: async (_ctx, { principal, query }) => {
      const p = sandboxPrincipal(principal);
      const convs = (await conversationsOf(deps, p)).map((c) => c.id);
      return { messages: await repo.since(p.plantId, convs, query.after) };
    },
  });

  api.route({
    method: 'post', path: '/sandbox/api/upload', summary: 'Upload a photo to send in the Sandbox chat', tags: ['sandbox'], status: 201,
    before: [rateLimit('upload', deps.env.RATE_LIMIT_PER_MINUTE)],
    handler: async (ctx, { principal }) => {
      const p = sandboxPrincipal(principal);
      const up = await readUpload(ctx, deps.env.UPLOAD_LIMIT_BYTES);
      return db.transaction((tx) => storeImage(tx, deps.blobs, { plantId: p.plantId, bytes: up.bytes, originalName: up.filename, uploadedBy: p.personId, maxBytes: deps.env.UPLOAD_LIMIT_BYTES }));
    },
  });

  api.route({
    method: 'post', path: '/sandbox/api/messages', summary: 'Send a message to the bot as the current person', tags: ['sandbox'], status: 202,
    body: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('text'), clientId, text: z.string().trim().min(1).max(2000) }),
      z.object({ kind: z.literal('image'), clientId, fileId: z.uuid() }),
      z.object({ kind: z.literal('location'), clientId, lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), datum: z.enum(['WGS-84', 'GCJ-02', 'BD-09']).default('WGS-84'), label: z.string().max(200).optional() }),
    ]),
    handler: async (_ctx, { principal, body }) => {
      const p = sandboxPrincipal(principal);
      if (body.kind === 'image' && !(await findFile(db, p.plantId, body.fileId))) {
        throw new AppError('validation_failed', 'Invalid body.fileId: no such file', { fields: [{ field: 'body.fileId', message: 'unknown file' }] });
      }
      // The chat line is stored once per client id, so a double-submitted message shows once.
      const fresh = await db.query('INSERT INTO inbound_dedupe (platform, dedupe_key, plant_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', ['sandbox-line', `${p.personId}:${body.clientId}`, p.plantId]);
      if (fresh.rowCount === 0) return { accepted: true, duplicate: true };
      const lineBody = body.kind === 'text' ? { text: body.text } : body.kind === 'image' ? { fileId: body.fileId } : { lat: body.lat, lng: body.lng, datum: body.datum, label: body.label };
      await repo.append({ plantId: p.plantId, conversation: `dm:${p.personId}`, direction: 'in', senderPersonId: p.personId, kind: body.kind, body: lineBody });
      const event: BotEvent = {
        platform: 'sandbox', plantId: p.plantId, sender: { personId: p.personId, platformUserId: p.personId },
        dedupeKey: `${p.personId}:${body.clientId}`, kind: body.kind, receivedAt: deps.now(),
        ...(body.kind === 'text' ? { text: body.text } : body.kind === 'image' ? { image: { fileId: body.fileId } } : { location: { lat: body.lat, lng: body.lng, datum: body.datum, label: body.label } }),
      };
      await deps.inbound.handle(event);
      return { accepted: true };
    },
  });

  api.route({
    method: 'post', path: '/sandbox/api/actions', summary: 'Click a card button or submit a card\'s selects', tags: ['sandbox'], status: 202,
    body: z.object({
      clientId,
      messageId: z.number().int().positive(),
      action: z.string().min(1).max(1024),
      selections: z.record(z.string().max(64), z.array(z.string().max(128)).max(20)).optional(),
    }),
    handler: async (_ctx, { principal, body }) => {
      const p = sandboxPrincipal(principal);
      const msg = await repo.get(p.plantId, body.messageId);
      if (!msg || msg.kind !== 'card' || msg.conversation !== `dm:${p.personId}`) {
        throw new AppError('not_found', 'card not found in your chat', { messageId: body.messageId });
      }
      const action = decodeActionRef(body.action);
      if (!action) throw new AppError('validation_failed', 'Invalid body.action: not an action reference', { fields: [{ field: 'body.action', message: 'malformed' }] });
      const event: BotEvent = {
        platform: 'sandbox', plantId: p.plantId, sender: { personId: p.personId, platformUserId: p.personId },
        dedupeKey: `${p.personId}:${body.clientId}`, kind: 'action', action, selections: body.selections,
        sentRef: { platform: 'sandbox', ref: { messageId: body.messageId } }, receivedAt: deps.now(),
      };
      await deps.inbound.handle(event);
      return { accepted: true };
    },
  });
}
