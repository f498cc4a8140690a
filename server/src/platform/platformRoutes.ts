import { z } from 'zod';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { createApiToken } from './auth/apiTokens';
import { createBackup } from './backup/backupArchive';
import { actorOf } from './auth/principal';
import { appendEvidence } from './evidence/evidenceChain';
import { verifyChain } from './evidence/verifyChain';
import { findFile, storeUpload } from './files/fileService';
import { readUpload } from './files/readUpload';
import { rateLimit } from './http/rateLimit';
import { runCommand } from './http/idempotency';
import { redactPlant } from './config/redactPlant';
import type { PlantFile } from './config/plantSchema';
import { AppError } from './errors';
import type { ServerDeps } from './serverDeps';

/** Public probes, OpenAPI, admin, audit and file routes of the platform itself. */
export function registerPlatformRoutes(deps: ServerDeps): void {
  const { api, db, env } = deps;

  api.route({
    method: 'get', path: '/healthz', summary: 'Liveness: the process answers', tags: ['platform'], auth: false,
    handler: async () => ({ status: 'ok' }),
  });

  api.route({
    method: 'get', path: '/readyz', summary: 'Readiness: database, jobs and integrations', tags: ['platform'], auth: false,
    handler: async (ctx) => {
      const report = await deps.health.report();
      ctx.status = report.ready ? 200 : 503;
      ctx.body = report;
      return undefined;
    },
  });

  api.route({
    method: 'get', path: '/metrics', summary: 'Prometheus metrics', tags: ['platform'], auth: false, produces: 'text/plain',
    handler: async (ctx) => {
      ctx.type = deps.metrics.registry.contentType;
      ctx.body = await deps.metrics.registry.metrics();
      return undefined;
    },
  });

  api.route({
    method: 'get', path: '/api/openapi.json', summary: 'This API as an OpenAPI 3.1 document', tags: ['platform'], auth: false,
    handler: async () => api.openapi({ title: 'Anquan EHS API', version: '0.1.0' }),
  });

  api.route({
    method: 'get', path: '/api/me', summary: 'Who the presented credentials belong to', tags: ['platform'],
    handler: async (_ctx, { principal }) => ({
      plantId: principal.plantId, personId: principal.personId, label: principal.label, roles: principal.roles,
      rights: [...principal.rights].sort(), via: principal.via, locale: principal.locale,
    }),
  });

  api.route({
    method: 'get', path: '/api/people', summary: 'The plant\'s people for pickers: id, key, name, department (no phone numbers or messenger ids)', tags: ['platform'],
    handler: async (_ctx, { principal }) => {
      const departments = new Map((await db.query<{ key: string; name: string }>('SELECT key, name FROM departments WHERE plant_id = $1', [principal.plantId])).rows.map((d) => [d.key, d.name]));
      const people = await deps.directory.people(principal.plantId);
      return {
        people: people.map((p) => ({ id: p.id, key: p.key, name: p.name, department: p.departmentKey ? { key: p.departmentKey, name: departments.get(p.departmentKey) ?? p.departmentKey } : null })),
      };
    },
  });

  api.route({
    method: 'get', path: '/api/admin/config', summary: 'The plant configuration as imported (secrets redacted)', tags: ['admin'],
    right: 'admin.config.read',
    handler: async (_ctx, { principal }) => {
      const row = (await db.query<{ config: PlantFile | null; config_version: number; imported_at: Date }>('SELECT config, config_version, imported_at FROM plants WHERE id = $1', [principal.plantId])).rows[0];
      if (!row?.config) throw new AppError('not_found', 'plant not found');
      return { plantId: principal.plantId, configVersion: row.config_version, importedAt: row.imported_at, plant: redactPlant(row.config) };
    },
  });

  api.route({
    method: 'post', path: '/api/admin/tokens', summary: 'Issue an API token (the secret is in this answer only)', tags: ['admin'],
    right: 'admin.token.create', idempotent: true,
    body: z.object({
      name: z.string().trim().min(1).max(100),
      role: z.string().min(1).max(64),
      scope: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
      ownerPersonId: z.uuid().optional(),
    }),
    handler: async (ctx, { body, principal }) => {
      if (!(await deps.directory.hasRole(principal.plantId, body.role))) {
        throw new AppError('validation_failed', `Invalid body.role: no role ${body.role} in plant ${principal.plantId}`, { fields: [{ field: 'body.role', message: 'unknown role' }] });
      }
      if (body.ownerPersonId && !(await deps.directory.person(principal.plantId, body.ownerPersonId))) {
        throw new AppError('validation_failed', 'Invalid body.ownerPersonId: unknown person', { fields: [{ field: 'body.ownerPersonId', message: 'unknown person' }] });
      }
      return runCommand(db, ctx, principal, async (tx) => {
        const created = await createApiToken(tx, { plantId: principal.plantId, name: body.name, roleKey: body.role, scope: body.scope, ownerPersonId: body.ownerPersonId });
        await appendEvidence(tx, {
          plantId: principal.plantId, kind: 'api_token.created', subjectType: 'api_token', subjectId: created.id,
          actor: actorOf(principal), occurredAt: deps.now(), data: { name: body.name, role: body.role, scope: body.scope ?? ['*'] },
        });
        return { id: created.id, token: created.token, role: body.role, name: body.name };
      });
    },
  });

  api.route({
    method: 'get', path: '/api/audit/verify', summary: 'Re-hash the evidence chain and name the first broken link', tags: ['audit'],
    right: 'audit.verify',
    query: z.object({
      fromSeq: z.coerce.number().int().min(0).optional(),
      fromHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
    }),
    handler: async (_ctx, { principal, query }) =>
      verifyChain(db, principal.plantId, { fromSeq: query.fromSeq, fromHash: query.fromHash, maxEvents: query.limit }),
  });

  api.route({
    method: 'get', path: '/api/audit/daily-heads', summary: 'Head hash of the chain at the end of each plant-local day', tags: ['audit'],
    right: 'audit.verify',
    handler: async (_ctx, { principal }) =>
      (await db.query<{ day: Date; seq: number; hash: string }>(`SELECT to_char(day, 'YYYY-MM-DD') AS day, seq, hash FROM evidence_daily_heads WHERE plant_id = $1 ORDER BY day`, [principal.plantId])).rows,
  });

  api.route({
    method: 'post', path: '/api/admin/backup', summary: 'Embedded mode: write a backup archive (database + files) into DATA_DIR/backups', tags: ['admin'],
    right: 'admin.backup', status: 201,
    handler: async () => {
      const raw = (db as { raw?: PGlite }).raw;
      if (db.kind !== 'pglite' || !raw) throw new AppError('conflict', 'PostgreSQL mode: back up with pg_dump and a copy of DATA_DIR/files (see README)');
      const dir = join(env.DATA_DIR, 'backups');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `anquan-backup-${deps.now().toISOString().replace(/[:.]/g, '-')}.tar.gz`);
      const manifest = await createBackup(raw, env.DATA_DIR, file);
      return { file, manifest };
    },
  });

  api.route({
    method: 'post', path: '/api/files', summary: 'Upload a photo or a PDF document (raw body or multipart/form-data); returns its id, sha256, mime (and pages for a PDF)', tags: ['files'],
    status: 201, produces: 'application/json',
    before: [rateLimit('upload', env.RATE_LIMIT_PER_MINUTE)],
    handler: async (ctx, { principal }) => {
      const up = await readUpload(ctx, env.UPLOAD_LIMIT_BYTES);
      const stored = await db.transaction(async (tx) => {
        const f = await storeUpload(tx, deps.blobs, { plantId: principal.plantId, bytes: up.bytes, originalName: up.filename, uploadedBy: principal.personId, maxBytes: env.UPLOAD_LIMIT_BYTES });
        await appendEvidence(tx, {
          plantId: principal.plantId, kind: 'file.stored', subjectType: 'file', subjectId: f.id,
          actor: actorOf(principal), occurredAt: deps.now(), data: { sha256: f.sha256, size: f.size, mime: f.mime },
        });
        return f;
      });
      return stored;
    },
  });

  api.route({
    method: 'get', path: '/api/files/:id', summary: 'Download an original file (an image or a PDF document)', tags: ['files'], produces: 'application/octet-stream',
    params: z.object({ id: z.uuid() }),
    handler: async (ctx, { params, principal }) => {
      const f = await findFile(db, principal.plantId, params.id);
      if (!f) throw new AppError('not_found', 'file not found', { file: params.id });
      ctx.type = f.mime;
      ctx.set('Cache-Control', 'private, max-age=31536000, immutable');
      ctx.set('X-Content-SHA256', f.sha256);
      ctx.body = await deps.blobs.get(f.sha256);
      return undefined;
    },
  });
}
