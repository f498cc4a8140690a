import { convertDatum } from './convertDatum';
import { distanceToFenceM, fenceAreaM2, type Fence } from './geofence';
import type { Datum, GeoFix } from './geoFix';

/** What locating needs of a plant area: its key, the datum its fence is drawn in, the fence. */
export interface PlantArea {
  key: string;
  name?: string;
  datum: Datum;
  geofence: Fence;
}

/** Where a fix is, relative to the plant's areas. */
export interface AreaLocation {
  /** The containing area (the smallest when fences overlap), or null. */
  areaKey: string | null;
  /** The nearest area and how far its fence is (0 when inside). */
  nearest: { areaKey: string; distanceM: number } | null;
  /** True when the fix is further than `marginM` from every area: not on site at all. */
  outsidePlant: boolean;
}

/** Default distance from the nearest fence beyond which a fix counts as off site. */
export const OUTSIDE_PLANT_MARGIN_M = 500;

/**
 * Locates a fix among a plant's areas. Each fence is compared in the datum its area declares:
 * the fix is converted into that datum first (never the fence into the fix's). Pure.
 */
export function locateArea(areas: readonly PlantArea[], fix: GeoFix, opts: { marginM?: number } = {}): AreaLocation {
  const margin = opts.marginM ?? OUTSIDE_PLANT_MARGIN_M;
  let inside: { key: string; size: number } | null = null;
  let nearest: { areaKey: string; distanceM: number } | null = null;
  for (const area of areas) {
    const p = convertDatum([fix.lng, fix.lat], fix.datum, area.datum);
    const d = distanceToFenceM(p, area.geofence);
    if (!nearest || d < nearest.distanceM) nearest = { areaKey: area.key, distanceM: d };
    if (d === 0) {
      const size = fenceAreaM2(area.geofence);
      if (!inside || size < inside.size) inside = { key: area.key, size };
    }
  }
  return { areaKey: inside?.key ?? null, nearest, outsidePlant: !nearest || nearest.distanceM > margin };
}
