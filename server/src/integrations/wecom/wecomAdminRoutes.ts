import { z } from 'zod';
import type { WecomApi } from '../../../../bot/src/adapters/wecom/wecomApi';
import { WecomApiError } from '../../../../bot/src/adapters/wecom/wecomErrors';
import { actorOf } from '../../platform/auth/principal';
import { DELIVER_QUEUE, REFRESH_QUEUE } from '../../platform/delivery/delivery';
import { AppError } from '../../platform/errors';
import type { ServerDeps } from '../../platform/serverDeps';
import { syncWecomDirectory } from './wecomDirectorySync';
import { WECOM_QUEUES } from './wecomQueues';

/** Queues whose unfinished jobs are messages on their way to WeCom (or callbacks being handled). */
const OUTBOUND_QUEUES = [DELIVER_QUEUE, REFRESH_QUEUE, ...WECOM_QUEUES];

interface JobRow {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  start_after: Date;
  data: Record<string, unknown>;
  output: { message?: string } | null;
}

/** What a listed job is about, without message bodies. */
function summary(row: JobRow): Record<string, unknown> {
  const d = row.data;
  if (row.name === DELIVER_QUEUE) {
    const c = (d.content ?? {}) as Record<string, unknown>;
    return { to: d.to, content: { type: c.type, kind: c.kind, messageKey: c.messageKey, subjectType: c.subjectType, subjectId: c.subjectId } };
  }
  if (row.name === REFRESH_QUEUE) return { subjectType: d.subjectType, subjectId: d.subjectId };
  if ('keyRef' in d) return { robot: d.keyRef, parts: Array.isArray(d.parts) ? d.parts.length : 0 };
  if ('userId' in d) return { userId: d.userId, messageKey: d.messageKey };
  const m = (d.message ?? {}) as Record<string, unknown>;
  return { from: m.fromUserName, kind: m.kind };
}

/**
 * Admin routes: the directory import (dry run by default) and the view of sends that have not
 * gone out yet. A failed send stays a job (pg-boss keeps failed jobs), shows here with its last
 * error, and can be retried: no message is lost silently.
 */
export function registerWecomAdminRoutes(deps: ServerDeps, api: WecomApi | null): void {
  deps.api.route({
    method: 'post', path: '/api/admin/wecom/sync', summary: 'Import departments and people from WeCom (dry run unless apply is true)',
    tags: ['admin', 'wecom'], right: 'admin.sync',
    body: z.object({
      apply: z.boolean().default(false),
      defaultRoles: z.array(z.string().min(1).max(64)).min(1).max(10).default(['worker']),
      deactivateMissing: z.boolean().default(false),
    }),
    handler: async (_ctx, { body, principal }) => {
      if (!api) throw new AppError('not_found', 'WeCom is not configured on this server');
      for (const role of body.defaultRoles) {
        if (!(await deps.directory.hasRole(principal.plantId, role))) {
          throw new AppError('validation_failed', `Invalid body.defaultRoles: no role ${role} in this plant`, { fields: [{ field: 'body.defaultRoles', message: 'unknown role' }] });
        }
      }
      let result;
      try {
        result = await syncWecomDirectory(deps.db, api, {
          plantId: principal.plantId, apply: body.apply, now: deps.now(), actor: actorOf(principal),
          options: { defaultRoles: body.defaultRoles, deactivateMissing: body.deactivateMissing },
        });
      } catch (err) {
        if (!(err instanceof WecomApiError)) throw err;
        deps.log.warn({ errcode: err.errcode, path: err.path }, 'WeCom directory could not be read');
        throw new AppError('unavailable', `WeCom directory could not be read (errcode ${err.errcode}); check the app's contact permissions`);
      }
      if (body.apply) deps.directory.invalidate(principal.plantId);
      return result;
    },
  });

  deps.api.route({
    method: 'get', path: '/api/admin/wecom/jobs', summary: 'Messages not yet delivered: queued, retrying, or failed after every retry',
    tags: ['admin', 'wecom'], right: 'admin.sync',
    query: z.object({ state: z.enum(['pending', 'failed', 'all']).default('all'), limit: z.coerce.number().int().min(1).max(500).default(100) }),
    handler: async (_ctx, { query, principal }) => {
      const states = query.state === 'pending' ? ['created', 'retry', 'active'] : query.state === 'failed' ? ['failed'] : ['created', 'retry', 'active', 'failed'];
      const rows = await deps.db.query<JobRow>(
        `SELECT id, name, state::text AS state, retry_count, retry_limit, created_on, start_after, data, output FROM pgboss.job
          WHERE name = ANY($1::text[]) AND state::text = ANY($2::text[]) AND (data->>'plantId' = $3 OR data->>'plantId' IS NULL)
          ORDER BY created_on DESC LIMIT $4`,
        [OUTBOUND_QUEUES, states, principal.plantId, query.limit],
      );
      return rows.rows.map((r) => ({
        id: r.id, queue: r.name, state: r.state, retryCount: r.retry_count, retryLimit: r.retry_limit,
        createdAt: r.created_on, nextAttemptAt: r.state === 'failed' ? null : r.start_after,
        lastError: r.output?.message ?? null, about: summary(r),
      }));
    },
  });

  deps.api.route({
    method: 'post', path: '/api/admin/wecom/jobs/:id/retry', summary: 'Send a failed message again', tags: ['admin', 'wecom'], right: 'admin.sync',
    params: z.object({ id: z.uuid() }),
    handler: async (_ctx, { params, principal }) => {
      const row = (await deps.db.query<{ name: string }>(
        `SELECT name FROM pgboss.job WHERE id = $1 AND name = ANY($2::text[]) AND state = 'failed' AND (data->>'plantId' = $3 OR data->>'plantId' IS NULL)`,
        [params.id, OUTBOUND_QUEUES, principal.plantId],
      )).rows[0];
      if (!row) throw new AppError('not_found', 'no failed job with this id');
      await deps.jobs.boss.retry(row.name, params.id);
      deps.jobs.wake(row.name);
      return { id: params.id, queue: row.name, state: 'retry' };
    },
  });
}
