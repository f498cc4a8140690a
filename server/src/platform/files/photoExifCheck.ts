import { convertDatum } from '../geo/convertDatum';
import { distanceM } from '../geo/geofence';
import type { GeoFix } from '../geo/geoFix';
import type { ExifCheck, ExifFacts } from './photoTypes';

/** How far EXIF may be from the report before it is flagged. */
export interface ExifTolerance {
  /** Seconds between EXIF capture time and the reported capture time. */
  maxTimeDiffS: number;
  /** Metres between EXIF GPS and the reported fix (GPS error plus walking around the spot). */
  maxDistanceM: number;
}

/** Defaults: a photo from the same hour, within a kilometre. */
export const DEFAULT_EXIF_TOLERANCE: ExifTolerance = { maxTimeDiffS: 3600, maxDistanceM: 1000 };

/**
 * Compares what the photo's EXIF says with what the report says. No EXIF at all is normal
 * (compressed chat images) and is not a mismatch; a time or place outside tolerance is flagged
 * as a mismatch (an old photo reused), never rejected. Pure.
 */
export function checkExif(
  exif: ExifFacts,
  report: { capturedAt: Date; fix?: GeoFix | null },
  tolerance: ExifTolerance = DEFAULT_EXIF_TOLERANCE,
): ExifCheck {
  const hasTime = exif.takenAt !== null;
  const hasGps = exif.lat !== null && exif.lng !== null;
  if (!hasTime && !hasGps) return { verdict: 'no_exif', reasons: [], timeDiffS: null, distanceM: null };
  const reasons: ExifCheck['reasons'] = [];
  let timeDiffS: number | null = null;
  if (hasTime) {
    timeDiffS = Math.round((Date.parse(exif.takenAt!) - report.capturedAt.getTime()) / 1000);
    if (Math.abs(timeDiffS) > tolerance.maxTimeDiffS) reasons.push('time');
  }
  let dist: number | null = null;
  if (hasGps && report.fix) {
    // EXIF GPS is WGS-84; compare both in WGS-84.
    const reported = convertDatum([report.fix.lng, report.fix.lat], report.fix.datum, 'WGS-84');
    dist = Math.round(distanceM([exif.lng!, exif.lat!], reported));
    if (dist > tolerance.maxDistanceM) reasons.push('place');
  }
  return { verdict: reasons.length ? 'mismatch' : 'match', reasons, timeDiffS, distanceM: dist };
}
