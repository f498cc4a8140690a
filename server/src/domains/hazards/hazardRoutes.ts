import { t } from '../../../../cards/src/i18n/catalogue';
import { AppError } from '../../platform/errors';
import { runCommand } from '../../platform/http/idempotency';
import type { ServerDeps } from '../../platform/serverDeps';
import { suggestCategories } from './categorySuggest';
import { createHazard } from './hazardCreate';
import { callerOf, HazardDeps } from './hazardDeps';
import { loadHazardPolicy } from './hazardPolicy';
import { decodeCursor, listHazards } from './hazardQueries';
import { loadHazard } from './hazardRepo';
import { canSee, hazardNotFound, presentRows, visibilityOf } from './hazardRouteHelpers';
import { HazardParamsSchema, HazardsCreateSchema, HazardsListQuerySchema, SuggestQuerySchema } from './hazardSchemas';

/**
 * Hazard routes: list with filters, one hazard with timeline and photos, report, category suggestions.
 * Action routes are in hazardActionRoutes.ts, exports in hazardExportRoutes.ts. Static paths are
 * registered before `/api/hazards/:id` so they are not taken for ids.
 */
export function registerHazardRoutes(deps: ServerDeps, hz: HazardDeps): void {
  const { api, db } = deps;
  const tags = ['hazards'];

  api.route({
    method: 'get', path: '/api/hazards/category-suggestions', summary: 'Suggest hazard categories for a description', tags,
    right: 'hazard.report', query: SuggestQuerySchema,
    handler: async (_ctx, { principal, query }) => {
      const policy = await loadHazardPolicy(db, principal.plantId, { demoProfile: deps.env.DEMO_PROFILE });
      return { suggestions: suggestCategories(query.text, policy.categories) };
    },
  });

  api.route({
    method: 'get', path: '/api/hazards', summary: 'List hazards (filters: status, area, category, grade, assignee, reporter, overdue, date range)', tags,
    query: HazardsListQuerySchema,
    handler: async (_ctx, { principal, query }) => {
      const policy = await loadHazardPolicy(db, principal.plantId, { demoProfile: deps.env.DEMO_PROFILE });
      const visibility = await visibilityOf(deps, principal, policy);
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      if (cursor === null) {
        const message = t(principal.locale, 'hazards.error.invalid_cursor');
        throw new AppError('validation_failed', message, { fields: [{ field: 'query.cursor', message }] });
      }
      const { limit, cursor: _c, ...filter } = query;
      const page = await listHazards(db, principal.plantId, filter, visibility, { limit, cursor }, deps.now());
      return { items: await presentRows(db, deps, page.items, { policy }), nextCursor: page.nextCursor };
    },
  });

  api.route({
    method: 'post', path: '/api/hazards', summary: 'Report a hazard (photos uploaded first with POST /api/files)', tags,
    right: 'hazard.report', body: HazardsCreateSchema, idempotent: true,
    handler: async (ctx, { principal, body }) => {
      const caller = callerOf(principal);
      if (!caller.personId) throw new AppError('forbidden', 'Only a person can report a hazard', { reason: 'person_required' });
      return runCommand(db, ctx, principal, async (tx) => {
        const row = await createHazard(
          hz,
          tx,
          { plantId: principal.plantId, reporterId: caller.personId as string, ...body, location: body.location ?? null, source: 'api' },
          caller,
        );
        return (await presentRows(tx, deps, [row]))[0];
      });
    },
  });

  api.route({
    method: 'get', path: '/api/hazards/:id', summary: 'One hazard with its timeline (evidence events) and photos', tags,
    params: HazardParamsSchema,
    handler: async (_ctx, { principal, params }) => {
      const policy = await loadHazardPolicy(db, principal.plantId, { demoProfile: deps.env.DEMO_PROFILE });
      const visibility = await visibilityOf(deps, principal, policy);
      const row = await loadHazard(db, principal.plantId, params.id);
      if (!row || !canSee(visibility, row)) throw hazardNotFound(principal.locale, params.id);
      return (await presentRows(db, deps, [row], { policy, timeline: true }))[0];
    },
  });
}
