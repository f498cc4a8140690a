import { z } from 'zod';
import { actorOf } from '../../platform/auth/principal';
import { errors } from '../../platform/errors';
import { runCommand } from '../../platform/http/idempotency';
import type { ServerDeps } from '../../platform/serverDeps';
import { complianceReport } from './permitComplianceReport';
import { createPermitHoldService } from './permitHolds';
import { presentCompliance } from './permitPresenter';
import { complianceRate } from './complianceRate';
import { loadPermit } from './permitRepo';
import { createRestriction, listRestrictions, releaseRestriction } from './permitRestrictions';
import { ComplianceQuery, HoldSchema, PermitIdParams, RestrictionSchema } from './permitSchemas';
import { policyStoreFor } from './permitTransition';
import { checkScope } from './permitValidation';

const TAGS = ['permits'];
const IdParams = z.object({ id: z.uuid() });

/** Holds, work restrictions, compliance reports and the effective policy over HTTP. */
export function registerPermitAdminRoutes(deps: ServerDeps): void {
  const { api, db } = deps;
  const holds = createPermitHoldService(deps);

  api.route({
    method: 'post', path: '/api/permits/holds', summary: 'Place a hold (a person stops work): named permits or an area/unit/type/outdoor scope', tags: TAGS,
    right: 'permit.hold', body: HoldSchema, idempotent: true,
    handler: async (ctx, { body, principal }) => runCommand(db, ctx, principal, async (tx) => {
      await checkScope(tx, principal.plantId, body, deps.now(), principal.locale);
      return holds.placeHold(tx, {
        plantId: principal.plantId, scope: body.scope, source: 'person', sourceId: principal.personId ?? actorOf(principal).id, reason: body.reason,
        blockNewApplications: body.blockNewApplications, until: body.until ? new Date(body.until) : null, actor: actorOf(principal),
      });
    }),
  });

  api.route({
    method: 'get', path: '/api/permits/holds', summary: 'Holds of the plant (live=1 for unreleased ones)', tags: TAGS, right: 'permit.read',
    query: z.object({ live: z.enum(['0', '1', 'true', 'false']).optional() }),
    handler: async (_ctx, { query, principal }) => {
      const live = query.live === '1' || query.live === 'true';
      const r = await db.query(
        `SELECT h.id, h.source, h.source_id AS "sourceId", h.reason, h.scope, h.block_new AS "blockNewApplications", h.until, h.placed_by AS "placedBy",
                h.placed_at AS "placedAt", h.released_at AS "releasedAt", h.released_by AS "releasedBy",
                COALESCE((SELECT json_agg(t.permit_id) FROM permit_hold_targets t WHERE t.hold_id = h.id), '[]'::json) AS "permitIds"
         FROM permit_holds h WHERE h.plant_id = $1${live ? ' AND h.released_at IS NULL' : ''} ORDER BY h.placed_at DESC LIMIT 500`,
        [principal.plantId],
      );
      return { holds: r.rows };
    },
  });

  api.route({
    method: 'post', path: '/api/permits/holds/:id/release', summary: 'Release one hold (other holds on the same permits stay)', tags: TAGS,
    right: 'permit.hold', params: IdParams, idempotent: true, status: 200,
    handler: async (ctx, { params, principal }) => runCommand(db, ctx, principal, (tx) => holds.releaseHold(tx, { plantId: principal.plantId, holdId: params.id, actor: actorOf(principal) })),
  });

  api.route({
    method: 'get', path: '/api/permits/restrictions', summary: 'Work restrictions (live=1 for those in force)', tags: TAGS, right: 'permit.read',
    query: z.object({ live: z.enum(['0', '1', 'true', 'false']).optional() }),
    handler: async (_ctx, { query, principal }) => ({ restrictions: await listRestrictions(db, principal.plantId, { live: query.live === '1' || query.live === 'true', now: deps.now() }) }),
  });

  api.route({
    method: 'post', path: '/api/permits/restrictions', summary: 'Block new applications in a scope (running permits go on)', tags: TAGS,
    right: 'permit.restrict', body: RestrictionSchema, idempotent: true,
    handler: async (ctx, { body, principal }) => runCommand(db, ctx, principal, async (tx) => {
      await checkScope(tx, principal.plantId, body, deps.now(), principal.locale);
      return { id: await createRestriction(tx, { plantId: principal.plantId, scope: body.scope, reason: body.reason, until: body.until ? new Date(body.until) : null, actor: actorOf(principal), now: deps.now() }) };
    }),
  });

  api.route({
    method: 'post', path: '/api/permits/restrictions/:id/release', summary: 'Lift a work restriction', tags: TAGS,
    right: 'permit.restrict', params: IdParams, idempotent: true, status: 200,
    handler: async (ctx, { params, principal }) => runCommand(db, ctx, principal, async (tx) => ({
      released: await releaseRestriction(tx, { plantId: principal.plantId, id: params.id, actor: actorOf(principal), now: deps.now() }),
    })),
  });

  api.route({
    method: 'get', path: '/api/permits/compliance', summary: 'Process compliance rate (过程合规率) by area, type or month, with the missed nodes', tags: TAGS,
    right: 'permit.read', query: ComplianceQuery,
    handler: async (_ctx, { query, principal }) => {
      const plant = await policyStoreFor(deps).load(db, principal.plantId);
      return complianceReport(db, principal.plantId, plant.timezone, principal.locale, query);
    },
  });

  api.route({
    method: 'get', path: '/api/permits/policy', summary: 'The effective permit policy of the plant, with its overrides and role mapping', tags: TAGS,
    right: 'permit.read',
    handler: async (_ctx, { principal }) => {
      const plant = await policyStoreFor(deps).load(db, principal.plantId);
      return { configHash: plant.configHash, overrides: plant.resolved.overrides, roleMappings: plant.resolved.roleMappings, policy: plant.policy, config: { expiryReminderMinutes: plant.config.expiryReminderMinutes, geofenceToleranceM: plant.config.geofenceToleranceM } };
    },
  });

  api.route({
    method: 'get', path: '/api/permits/:id/compliance', summary: 'Process compliance rate of one permit: nodes executed ÷ nodes required, with the missed ones', tags: TAGS,
    right: 'permit.read', params: PermitIdParams,
    handler: async (_ctx, { params, principal }) => {
      const row = await loadPermit(db, principal.plantId, params.id);
      if (!row) throw errors.notFound('permit', params.id);
      return { permitId: row.id, code: row.code, ...presentCompliance(complianceRate(row.state), principal.locale) };
    },
  });
}
