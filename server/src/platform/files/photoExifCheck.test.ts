import type { GeoFix } from '../geo/geoFix';
import { checkExif } from './photoExifCheck';
import type { ExifFacts } from './photoTypes';

const none: ExifFacts = { takenAt: null, lat: null, lng: null, make: null, model: null, orientation: null };
const at = new Date('2026-11-24T04:00:00Z');
// The synthesis hall of the demo plant, WGS-84 (what EXIF GPS records) and GCJ-02 (what WeCom reports).
const wgsSpot = { lat: 31.90454, lng: 118.79883 };
const gcjFix: GeoFix = { lat: 31.9025, lng: 118.8040, datum: 'GCJ-02' };

describe('checkExif', () => {
  test.each<[string, ExifFacts, GeoFix | null, string, string[]]>([
    ['no EXIF at all (chat image) is not a mismatch', none, gcjFix, 'no_exif', []],
    ['same minute, same spot (GCJ-02 fix vs WGS-84 EXIF)', { ...none, takenAt: '2026-11-24T03:59:00Z', ...wgsSpot }, gcjFix, 'match', []],
    ['time only, within the hour', { ...none, takenAt: '2026-11-24T03:20:00Z' }, gcjFix, 'match', []],
    ['taken three days earlier: a reused photo', { ...none, takenAt: '2026-11-21T04:00:00Z', ...wgsSpot }, gcjFix, 'mismatch', ['time']],
    ['taken in Shanghai', { ...none, takenAt: '2026-11-24T04:00:00Z', lat: 31.2304, lng: 121.4737 }, gcjFix, 'mismatch', ['place']],
    ['old and elsewhere', { ...none, takenAt: '2025-01-01T00:00:00Z', lat: 31.2304, lng: 121.4737 }, gcjFix, 'mismatch', ['time', 'place']],
    ['GPS but the report has no fix: time alone decides', { ...none, takenAt: '2026-11-24T04:10:00Z', lat: 31.2304, lng: 121.4737 }, null, 'match', []],
  ])('%s', (_n, exif, fix, verdict, reasons) => {
    const r = checkExif(exif, { capturedAt: at, fix });
    expect(r.verdict).toBe(verdict);
    expect(r.reasons).toEqual(reasons);
  });

  test('an untranslated GCJ-02 fix would be ~500 m off: the datum is converted', () => {
    const r = checkExif({ ...none, takenAt: at.toISOString(), ...wgsSpot }, { capturedAt: at, fix: gcjFix });
    expect(r.distanceM).toBeLessThan(20);
  });

  test('tolerances are parameters', () => {
    const exif = { ...none, takenAt: '2026-11-24T03:50:00Z' };
    expect(checkExif(exif, { capturedAt: at }, { maxTimeDiffS: 300, maxDistanceM: 100 }).verdict).toBe('mismatch');
    expect(checkExif(exif, { capturedAt: at }).timeDiffS).toBe(-600);
  });
});
