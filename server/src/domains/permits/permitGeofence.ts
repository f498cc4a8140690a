import { convertDatum } from '../../platform/geo/convertDatum';
import { distanceToFenceM, type Fence as PlatformFence } from '../../platform/geo/geofence';

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
export type Fence = PlatformFence;

/** Result of a fence check: inside (within tolerance) and the distance to the fence (0 when inside). */
export interface FenceCheck {
  inside: boolean;
  distanceM: number;
}

/** Converts a [lng, lat] between datums (the WGS-84 ↔ GCJ-02 offset in China is up to ~500 m). */
export function toDatum(p: readonly [number, number], from: GeoDatum, to: GeoDatum): [number, number] {
  const [lng, lat] = convertDatum(p, from, to);
  return [lng, lat];
}

/**
 * Checks a reported position against an area's fence for an on-site approval or a check-in: the
 * point is first converted into the fence's datum (platform/geo), then its distance to the fence is
 * measured (0 inside a polygon or circle). `toleranceM` allows for GPS error at the edge. Pure.
 */
export function checkFence(point: GeoPoint, fence: Fence, fenceDatum: GeoDatum, toleranceM = 0): FenceCheck {
  const q = toDatum([point.lng, point.lat], point.datum, fenceDatum);
  const distanceM = distanceToFenceM(q, fence);
  return { inside: distanceM <= toleranceM, distanceM: Math.round(distanceM * 10) / 10 };
}
