import { z } from 'zod';
import { DatumSchema } from '../config/plantPrimitives';
import type { ServerDeps } from '../serverDeps';
import { convertDatum } from './convertDatum';
import type { Fence } from './geofence';
import { GeoFixSchema } from './geoFix';
import { locateArea, type PlantArea } from './locateArea';
import { loadPlantAreas } from './plantAreas';

/** A fence re-expressed in another datum (for clients that locate offline in their own datum). */
function fenceIn(area: PlantArea, to: PlantArea['datum']): Fence {
  const f = area.geofence;
  const c = (p: readonly [number, number]) => convertDatum(p, area.datum, to);
  return f.type === 'circle' ? { type: 'circle', center: c(f.center), radiusM: f.radiusM } : { type: 'polygon', points: f.points.map(c) };
}

/** Plant areas for clients, and server-side locating of a fix. */
export function registerGeoRoutes(deps: ServerDeps): void {
  deps.api.route({
    method: 'get', path: '/api/geo/areas', tags: ['geo'],
    summary: 'Plant areas with fences, converted to the datum the client locates in (default: as declared)',
    query: z.object({ datum: DatumSchema.optional() }),
    handler: async (_ctx, { principal, query }) => {
      const areas = await loadPlantAreas(deps.db, principal.plantId);
      return {
        items: areas.map((a) => ({
          key: a.key, name: a.name ?? a.key, declaredDatum: a.datum,
          datum: query.datum ?? a.datum, geofence: query.datum ? fenceIn(a, query.datum) : a.geofence,
        })),
      };
    },
  });

  deps.api.route({
    method: 'post', path: '/api/geo/locate', tags: ['geo'],
    summary: 'Which plant area a fix (tagged with its datum) lies in; compared in each area\'s declared datum',
    body: GeoFixSchema,
    handler: async (_ctx, { principal, body }) => {
      const areas = await loadPlantAreas(deps.db, principal.plantId);
      const r = locateArea(areas, body);
      return { ...r, areaName: areas.find((a) => a.key === r.areaKey)?.name ?? null };
    },
  });
}
