/**
 * Just enough geometry to pre-select an area on the phone, offline. The fences come from the
 * server already converted to WGS-84 (what wx.getLocation({type:'wgs84'}) reports); the server
 * compares again in each area's declared datum and has the last word.
 */

const R = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres between [lng, lat] points. */
export function distanceM(a: readonly [number, number], b: readonly [number, number]): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLng = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Ray casting over a ring of [lng, lat]. */
export function inPolygon(p: readonly [number, number], ring: ReadonlyArray<readonly [number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A fence in the phone's datum. */
export type Fence = { type: 'polygon'; points: ReadonlyArray<readonly [number, number]> } | { type: 'circle'; center: readonly [number, number]; radiusM: number };

/** Rough distance from a point to a fence (0 inside; vertices for polygons — enough for "far away"). */
export function distanceToFence(p: readonly [number, number], f: Fence): number {
  if (f.type === 'circle') return Math.max(0, distanceM(p, f.center) - f.radiusM);
  if (inPolygon(p, f.points)) return 0;
  return Math.min(...f.points.map((q) => distanceM(p, q)));
}
