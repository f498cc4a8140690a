import type { GeoFix } from '../geo/geoFix';

/** Image types the photo pipeline accepts (what sniffMime recognises). */
export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';

/** Processing state of a photo: variants exist only when `ready`. */
export type PhotoStatus = 'pending' | 'ready' | 'failed';

/** Why processing gave up (stable codes; the original is kept either way). */
export type PhotoFailure = 'image_corrupt' | 'too_many_pixels' | 'unsupported_image';

/**
 * What the watermark and the EXIF comparison are made from: when and where the report says the
 * photo was taken, by whom, and under which readable code. Set at upload, refined when a domain
 * attaches the photo to a report (the code is known only then).
 */
export interface PhotoContext {
  /** When the person took it, per the device (the outbox keeps it while offline). */
  capturedAt: string;
  /** The device's fix at capture, tagged with its datum. */
  fix?: GeoFix | null;
  /** The area the fix (or the person) placed the report in. */
  areaKey?: string | null;
  /** Human-readable place, e.g. the area name. */
  placeLabel?: string | null;
  /** True when the fix lies far from every plant area. */
  outsidePlant?: boolean;
  /** Readable code of the report (YH-20261124-0001) once known. */
  code?: string | null;
  /** The person the photo is attributed to. */
  personId?: string | null;
  personName?: string | null;
  /** Subject the photo belongs to, once attached (hazard, permit …). */
  subject?: { type: string; id: string } | null;
}

/** Facts read from the original's EXIF (before it is stripped from the variants). */
export interface ExifFacts {
  /** DateTimeOriginal as an instant (plant-local unless the photo carries an offset). */
  takenAt: string | null;
  /** GPS position; EXIF GPS is WGS-84 by the standard. */
  lat: number | null;
  lng: number | null;
  make: string | null;
  model: string | null;
  orientation: number | null;
}

/** The report-vs-EXIF verdict: a mismatch is flagged for reviewers, never a rejection. */
export type ExifVerdict = 'match' | 'mismatch' | 'no_exif';

/** The verdict and what it was based on. */
export interface ExifCheck {
  verdict: ExifVerdict;
  /** Which comparisons failed (time, place); empty unless mismatch. */
  reasons: Array<'time' | 'place'>;
  /** EXIF capture time minus the reported capture time, seconds. */
  timeDiffS: number | null;
  /** Distance between the EXIF GPS and the reported fix, metres. */
  distanceM: number | null;
}
