import type { Queryable } from '../../platform/db/db';
import type { Fence, GeoDatum } from './permitGeofence';

/** An area of the plant as permits need it: fence, datum, outdoor flag. */
export interface PermitArea {
  key: string;
  name: string;
  outdoor: boolean;
  datum: GeoDatum;
  geofence: Fence;
  departmentKey: string | null;
}

/** A live area by key (null when unknown or deleted). */
export async function loadArea(q: Queryable, plantId: string, key: string): Promise<PermitArea | null> {
  const r = await q.query<{ key: string; name: string; data: { outdoor: boolean; datum: GeoDatum; geofence: Fence; departmentKey?: string } }>(
    'SELECT key, name, data FROM areas WHERE plant_id = $1 AND key = $2 AND deleted_at IS NULL',
    [plantId, key],
  );
  const row = r.rows[0];
  if (!row) return null;
  return { key: row.key, name: row.name, outdoor: row.data.outdoor, datum: row.data.datum, geofence: row.data.geofence, departmentKey: row.data.departmentKey ?? null };
}

/** A live unit by key with the area it belongs to. */
export async function loadUnit(q: Queryable, plantId: string, key: string): Promise<{ key: string; name: string; areaKey: string } | null> {
  const r = await q.query<{ key: string; name: string; data: { areaKey: string } }>(
    'SELECT key, name, data FROM units WHERE plant_id = $1 AND key = $2 AND deleted_at IS NULL',
    [plantId, key],
  );
  const row = r.rows[0];
  return row ? { key: row.key, name: row.name, areaKey: row.data.areaKey } : null;
}

/** Area and unit names of a plant, for cards, the record and the PDF. */
export async function placeNames(q: Queryable, plantId: string): Promise<{ areas: Map<string, string>; units: Map<string, string> }> {
  const a = await q.query<{ key: string; name: string }>('SELECT key, name FROM areas WHERE plant_id = $1', [plantId]);
  const u = await q.query<{ key: string; name: string }>('SELECT key, name FROM units WHERE plant_id = $1', [plantId]);
  return { areas: new Map(a.rows.map((r) => [r.key, r.name])), units: new Map(u.rows.map((r) => [r.key, r.name])) };
}
