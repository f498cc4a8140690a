/**
 * Which plant area a reported position falls in (pre-selects the area of a chat draft). Pure.
 * Positions arrive in three datums: WGS-84 (GPS, browsers), GCJ-02 (WeCom/WeChat, Tencent/AMap maps)
 * and BD-09 (Baidu). A fence is compared in its own datum, so the point is converted first; the
 * offsets are up to ~500 m in China, bigger than most areas, so skipping this would pick wrong areas.
 */

import { convertDatum } from '../../platform/geo/convertDatum';
import { distanceM, fenceAreaM2, pointInPolygon } from '../../platform/geo/geofence';

/** Coordinate datum of a point or fence. */
export type GeoDatum = 'WGS-84' | 'GCJ-02' | 'BD-09';

/** A longitude/latitude pair, GeoJSON order. */
export type LngLat = readonly [number, number];

/** A geofence as the plant file states it. */
export type AreaFence = { type: 'polygon'; points: readonly LngLat[] } | { type: 'circle'; center: LngLat; radiusM: number };

/** What locateArea needs of an area. */
export interface LocatableArea {
  key: string;
  datum: GeoDatum;
  geofence: AreaFence;
}

// Datum conversion, distances, point-in-polygon and fence sizes are the platform's (platform/geo,
// gcoord underneath); re-exported for callers of this module.
export { convertDatum };

export { distanceM, pointInPolygon };

/** True when `p` (in `datum`) lies inside the area's fence. */
export function inArea(p: LngLat, datum: GeoDatum, area: LocatableArea): boolean {
  const q = convertDatum(p, datum, area.datum);
  const f = area.geofence;
  return f.type === 'circle' ? distanceM(q, f.center) <= f.radiusM : pointInPolygon(q, f.points);
}

/**
 * The key of the area containing the point, or null when none does. Where fences overlap (a pipe
 * rack crossing a unit), the smallest fence wins; equal sizes go to the earlier area.
 */
export function locateArea(p: LngLat, datum: GeoDatum, areas: readonly LocatableArea[]): string | null {
  let best: { key: string; size: number } | null = null;
  for (const area of areas) {
    if (!inArea(p, datum, area)) continue;
    const size = fenceAreaM2(area.geofence);
    if (!best || size < best.size) best = { key: area.key, size };
  }
  return best?.key ?? null;
}
