import exifr from 'exifr';
import type { ExifFacts } from './photoTypes';
import { parseExifDateTime } from './photoTime';

const NONE: ExifFacts = { takenAt: null, lat: null, lng: null, make: null, model: null, orientation: null };

/** Degrees from EXIF's [deg, min, sec] rationals and the N/S/E/W reference. */
function degrees(dms: unknown, ref: unknown): number | null {
  if (!Array.isArray(dms) || dms.length < 1) return null;
  const [d, m = 0, s = 0] = dms.map(Number);
  if (![d, m, s].every(Number.isFinite)) return null;
  const value = d + m / 60 + s / 3600;
  return ref === 'S' || ref === 'W' ? -value : value;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : null;
}

/**
 * Reads the facts the evidence needs from an original's EXIF: capture time, GPS, camera.
 * Unreadable or absent EXIF is normal (chat apps strip it) and yields all-null facts.
 */
export async function readExifFacts(bytes: Buffer, timezone: string): Promise<ExifFacts> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(bytes, {
      tiff: true, exif: true, gps: true, ifd1: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false,
      reviveValues: false, translateValues: false, translateKeys: true, mergeOutput: true,
    });
  } catch {
    // A malformed EXIF block is treated like none: the photo itself may be fine.
    return NONE;
  }
  if (!tags) return NONE;
  const takenAt = parseExifDateTime(tags.DateTimeOriginal ?? tags.CreateDate ?? tags.DateTime, tags.OffsetTimeOriginal ?? tags.OffsetTime, timezone);
  let lat = degrees(tags.GPSLatitude, tags.GPSLatitudeRef);
  let lng = degrees(tags.GPSLongitude, tags.GPSLongitudeRef);
  // (0, 0) is what some cameras write when they had no fix.
  if (lat === null || lng === null || (lat === 0 && lng === 0) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    lat = null;
    lng = null;
  }
  const orientation = typeof tags.Orientation === 'number' ? tags.Orientation : null;
  return { takenAt: takenAt?.toISOString() ?? null, lat, lng, make: text(tags.Make), model: text(tags.Model), orientation };
}
