import { z } from 'zod';
import { DATUMS, DatumSchema, type Datum } from '../config/plantPrimitives';

export { DATUMS, type Datum };

/** `[longitude, latitude]` in degrees (GeoJSON order), always read together with a datum. */
export type LngLat = readonly [number, number];

/**
 * One position fix as a device reported it. The datum travels with the numbers: GCJ-02 and
 * WGS-84 differ by ~500 m in China, more than most plant areas, so an untagged fix is useless.
 */
export interface GeoFix {
  lat: number;
  lng: number;
  datum: Datum;
  /** Horizontal accuracy the device claimed, in metres. */
  accuracyM?: number;
}

/** A fix in an API body: `wgs84`/`gcj02`/`bd09` spellings are accepted like in plant files. */
export const GeoFixSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  datum: DatumSchema,
  accuracyM: z.number().nonnegative().max(100_000).optional(),
});

/** The datum a mini-program `wx.getLocation({type})` or a browser reported in. */
export function datumOfClientType(type: 'wgs84' | 'gcj02' | 'browser'): Datum {
  // The W3C Geolocation API reports WGS-84; WeChat's type says it outright.
  return type === 'gcj02' ? 'GCJ-02' : 'WGS-84';
}

/** The fix as `[lng, lat]`. */
export function lngLatOf(fix: Pick<GeoFix, 'lat' | 'lng'>): LngLat {
  return [fix.lng, fix.lat];
}
