import gcoord from 'gcoord';
import type { Datum, GeoFix, LngLat } from './geoFix';

const CRS = { 'WGS-84': gcoord.WGS84, 'GCJ-02': gcoord.GCJ02, 'BD-09': gcoord.BD09 } as const;

/**
 * Converts `[lng, lat]` between WGS-84, GCJ-02 and BD-09 with gcoord (maintained, used by the
 * Chinese map SDK community). Outside mainland China GCJ-02 equals WGS-84, which gcoord handles.
 */
export function convertDatum(p: LngLat, from: Datum, to: Datum): LngLat {
  if (from === to) return p;
  const [lng, lat] = gcoord.transform([p[0], p[1]], CRS[from], CRS[to]);
  return [lng, lat];
}

/** A fix re-expressed in another datum (accuracy kept). */
export function fixIn(fix: GeoFix, to: Datum): GeoFix {
  const [lng, lat] = convertDatum([fix.lng, fix.lat], fix.datum, to);
  return { ...fix, lat, lng, datum: to };
}
