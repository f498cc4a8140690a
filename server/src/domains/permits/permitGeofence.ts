import gcoord from 'gcoord';

/** Coordinate datums in use in China: GPS/browsers, Tencent/AMap/WeCom, Baidu. */
export type GeoDatum = 'WGS-84' | 'GCJ-02' | 'BD-09';

/** A position as a device reports it. */
export interface GeoPoint {
  lng: number;
  lat: number;
  datum: GeoDatum;
  /** Reported accuracy radius in metres, when known. */
  accuracyM?: number;
}

/** An area's fence as the plant file states it, in the area's datum. */
export type Fence = { type: 'polygon'; points: ReadonlyArray<readonly [number, number]> } | { type: 'circle'; center: readonly [number, number]; radiusM: number };

/** Result of a fence check: inside (within tolerance) and the distance to the fence (0 when inside). */
export interface FenceCheck {
  inside: boolean;
  distanceM: number;
}

const CRS: Record<GeoDatum, string> = { 'WGS-84': gcoord.WGS84, 'GCJ-02': gcoord.GCJ02, 'BD-09': gcoord.BD09 };
const EARTH_RADIUS_M = 6371008.8;

/** Converts a [lng, lat] between datums (the WGS-84 ↔ GCJ-02 offset in China is up to ~500 m). */
export function toDatum(p: readonly [number, number], from: GeoDatum, to: GeoDatum): [number, number] {
  if (from === to) return [p[0], p[1]];
  const out = gcoord.transform([p[0], p[1]], CRS[from] as never, CRS[to] as never) as unknown as [number, number];
  return [out[0], out[1]];
}

/** Great-circle distance in metres (haversine). */
export function haversineM(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Ray casting; points exactly on an edge may go either way (the tolerance absorbs that). */
export function pointInPolygon(p: readonly [number, number], ring: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance in metres from a point to the nearest polygon edge, on a local flat projection (fences are small). */
function distanceToRingM(p: readonly [number, number], ring: ReadonlyArray<readonly [number, number]>): number {
  const mPerDegLat = (Math.PI / 180) * EARTH_RADIUS_M;
  const mPerDegLng = mPerDegLat * Math.cos((p[1] * Math.PI) / 180);
  const xy = (q: readonly [number, number]) => [(q[0] - p[0]) * mPerDegLng, (q[1] - p[1]) * mPerDegLat];
  let best = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = xy(ring[j]);
    const [bx, by] = xy(ring[i]);
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

/**
 * Checks a reported position against an area's fence: the point is converted into the fence's
 * datum first, then tested (polygon: ray casting; circle: haversine distance to the centre).
 * `toleranceM` allows for GPS error near the boundary. Pure.
 */
export function checkFence(point: GeoPoint, fence: Fence, fenceDatum: GeoDatum, toleranceM = 0): FenceCheck {
  const q = toDatum([point.lng, point.lat], point.datum, fenceDatum);
  let distanceM: number;
  if (fence.type === 'circle') {
    distanceM = Math.max(0, haversineM(q, fence.center) - fence.radiusM);
  } else {
    distanceM = pointInPolygon(q, fence.points) ? 0 : distanceToRingM(q, fence.points);
  }
  const rounded = Math.round(distanceM * 10) / 10;
  return { inside: distanceM <= toleranceM, distanceM: rounded };
}
