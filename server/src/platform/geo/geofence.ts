import type { LngLat } from './geoFix';

/** A fence as plant files state it; its coordinates are in the area's declared datum. */
export type Fence = { type: 'polygon'; points: readonly LngLat[] } | { type: 'circle'; center: LngLat; radiusM: number };

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine); both points in the same datum. */
export function distanceM(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLng = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Ray casting. A closing point equal to the first is allowed; a point on an edge may go either way. */
export function pointInPolygon(p: LngLat, ring: readonly LngLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Local metric projection around `origin` (plenty accurate over a plant's few kilometres). */
function toMetres(p: LngLat, origin: LngLat): [number, number] {
  return [(p[0] - origin[0]) * RAD * EARTH_RADIUS_M * Math.cos(origin[1] * RAD), (p[1] - origin[1]) * RAD * EARTH_RADIUS_M];
}

function segmentDistance(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Distance in metres from a point to a fence: 0 inside, else to the nearest edge or the circle. */
export function distanceToFenceM(p: LngLat, fence: Fence): number {
  if (fence.type === 'circle') return Math.max(0, distanceM(p, fence.center) - fence.radiusM);
  if (pointInPolygon(p, fence.points)) return 0;
  const q = toMetres(p, p);
  let best = Infinity;
  for (let i = 0, j = fence.points.length - 1; i < fence.points.length; j = i++) {
    best = Math.min(best, segmentDistance(q, toMetres(fence.points[j], p), toMetres(fence.points[i], p)));
  }
  return best;
}

/** Approximate fence area in m², to prefer the more specific of overlapping fences. */
export function fenceAreaM2(fence: Fence): number {
  if (fence.type === 'circle') return Math.PI * fence.radiusM * fence.radiusM;
  const origin = fence.points[0];
  let twice = 0;
  for (let i = 0, j = fence.points.length - 1; i < fence.points.length; j = i++) {
    const [xj, yj] = toMetres(fence.points[j], origin);
    const [xi, yi] = toMetres(fence.points[i], origin);
    twice += xj * yi - xi * yj;
  }
  return Math.abs(twice) / 2;
}
