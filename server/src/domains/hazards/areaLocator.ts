/**
 * Which plant area a reported position falls in (pre-selects the area of a chat draft). Pure.
 * Positions arrive in three datums: WGS-84 (GPS, browsers), GCJ-02 (WeCom/WeChat, Tencent/AMap maps)
 * and BD-09 (Baidu). A fence is compared in its own datum, so the point is converted first; the
 * offsets are up to ~500 m in China, bigger than most areas, so skipping this would pick wrong areas.
 */

import { distanceM, pointInPolygon } from '../../platform/geo/geofence';

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

const A = 6378245.0; // Krasovsky 1940 semi-major axis, as used by the GCJ-02 obfuscation
const EE = 0.006693421622965943;
const X_PI = (Math.PI * 3000.0) / 180.0;

/** Outside mainland China GCJ-02 equals WGS-84 (rough bounding box, as every published implementation does). */
function outOfChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

function wgsToGcj([lng, lat]: LngLat): LngLat {
  if (outOfChina(lng, lat)) return [lng, lat];
  let dLat = transformLat(lng - 105.0, lat - 35.0);
  let dLng = transformLng(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng + dLng, lat + dLat];
}

/** GCJ-02 → WGS-84 by fixed-point iteration (the forward transform has no closed inverse); < 1 cm error. */
function gcjToWgs(p: LngLat): LngLat {
  let guess: LngLat = p;
  for (let i = 0; i < 8; i++) {
    const fwd = wgsToGcj(guess);
    guess = [guess[0] - (fwd[0] - p[0]), guess[1] - (fwd[1] - p[1])];
  }
  return guess;
}

function gcjToBd([lng, lat]: LngLat): LngLat {
  const z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

function bdToGcj([lng, lat]: LngLat): LngLat {
  const x = lng - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  return [z * Math.cos(theta), z * Math.sin(theta)];
}

/** Converts a point between datums (via GCJ-02). */
export function convertDatum(p: LngLat, from: GeoDatum, to: GeoDatum): LngLat {
  if (from === to) return p;
  const gcj = from === 'GCJ-02' ? p : from === 'WGS-84' ? wgsToGcj(p) : bdToGcj(p);
  if (to === 'GCJ-02') return gcj;
  return to === 'WGS-84' ? gcjToWgs(gcj) : gcjToBd(gcj);
}

// Distances and point-in-polygon are the platform's (platform/geo); re-exported for callers of this module.
export { distanceM, pointInPolygon };

/** Approximate fence size in m², to prefer the smaller (more specific) of overlapping fences. */
function fenceSizeM2(f: AreaFence): number {
  if (f.type === 'circle') return Math.PI * f.radiusM * f.radiusM;
  const lat0 = f.points[0][1];
  const mPerDegLat = 111_320;
  const mPerDegLng = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  let twice = 0;
  for (let i = 0, j = f.points.length - 1; i < f.points.length; j = i++) {
    twice += f.points[j][0] * mPerDegLng * (f.points[i][1] * mPerDegLat) - f.points[i][0] * mPerDegLng * (f.points[j][1] * mPerDegLat);
  }
  return Math.abs(twice) / 2;
}

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
    const size = fenceSizeM2(area.geofence);
    if (!best || size < best.size) best = { key: area.key, size };
  }
  return best?.key ?? null;
}
