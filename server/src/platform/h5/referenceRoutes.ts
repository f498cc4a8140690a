import { z } from 'zod';
import { DatumSchema } from '../config/plantPrimitives';
import { convertDatum } from '../geo/convertDatum';
import type { Fence } from '../geo/geofence';
import { loadPlantAreas } from '../geo/plantAreas';
import type { ServerDeps } from '../serverDeps';

/**
 * Reference data a phone caches to capture offline: areas with fences (in the datum it locates
 * in) and the hazard category tree. Reference data stays out of the client's config.
 */
export function registerReferenceRoutes(deps: ServerDeps): void {
  deps.api.route({
    method: 'get', path: '/api/h5/reference', tags: ['h5'],
    summary: 'Areas (fences converted to ?datum) and hazard categories, for offline capture in the mini-program and H5 pages',
    query: z.object({ datum: DatumSchema.default('WGS-84') }),
    handler: async (_ctx, { principal, query }) => {
      const areas = await loadPlantAreas(deps.db, principal.plantId);
      const conv = (p: readonly [number, number], from: typeof query.datum) => convertDatum(p, from, query.datum);
      const cats = await deps.db.query<{ key: string; name: string; data: { level: number; parentKey?: string; defaultGrade?: string } }>(
        'SELECT key, name, data FROM hazard_categories WHERE plant_id = $1 AND deleted_at IS NULL ORDER BY key',
        [principal.plantId],
      );
      return {
        datum: query.datum,
        areas: areas.map((a) => {
          const f = a.geofence;
          const geofence: Fence = f.type === 'circle'
            ? { type: 'circle', center: conv(f.center, a.datum), radiusM: f.radiusM }
            : { type: 'polygon', points: f.points.map((p) => conv(p, a.datum)) };
          return { key: a.key, name: a.name ?? a.key, geofence };
        }),
        categories: cats.rows.map((c) => ({ key: c.key, name: c.name, level: c.data.level, parentKey: c.data.parentKey ?? null, defaultGrade: c.data.defaultGrade ?? 'general' })),
      };
    },
  });
}
