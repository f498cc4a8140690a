import type { Queryable } from '../db/db';
import type { Fence } from './geofence';
import type { Datum } from './geoFix';
import type { PlantArea } from './locateArea';

/** The active areas of a plant with their fences, as imported from the plant file. */
export async function loadPlantAreas(q: Queryable, plantId: string): Promise<PlantArea[]> {
  const r = await q.query<{ key: string; name: string; data: { datum: Datum; geofence: Fence } }>(
    'SELECT key, name, data FROM areas WHERE plant_id = $1 AND deleted_at IS NULL ORDER BY key',
    [plantId],
  );
  return r.rows.map((row) => ({ key: row.key, name: row.name, datum: row.data.datum, geofence: row.data.geofence }));
}
