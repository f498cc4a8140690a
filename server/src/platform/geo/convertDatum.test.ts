import { convertDatum, fixIn } from './convertDatum';
import { distanceM } from './geofence';
import type { Datum, LngLat } from './geoFix';

// Published pairs from the coordtransform README (wandergis/coordtransform), input (116.404, 39.915).
const cases: Array<[Datum, Datum, LngLat, LngLat, number]> = [
  ['WGS-84', 'GCJ-02', [116.404, 39.915], [116.41024449916938, 39.91640428150164], 1e-9],
  ['GCJ-02', 'BD-09', [116.404, 39.915], [116.41036949371029, 39.92133699351022], 1e-9],
  ['BD-09', 'GCJ-02', [116.404, 39.915], [116.39762729119315, 39.90865673957631], 1e-9],
  // coordtransform's gcj02towgs84 is a one-step approximation (~1 m off); gcoord iterates.
  ['GCJ-02', 'WGS-84', [116.404, 39.915], [116.39775550083061, 39.91359571849836], 2e-5],
];

describe('convertDatum (known points)', () => {
  test.each(cases)('%s → %s %p', (from, to, input, expected, tol) => {
    const [lng, lat] = convertDatum(input, from, to);
    expect(Math.abs(lng - expected[0])).toBeLessThan(tol);
    expect(Math.abs(lat - expected[1])).toBeLessThan(tol);
  });

  test('the same datum is the identity', () => {
    expect(convertDatum([118.804, 31.9025], 'GCJ-02', 'GCJ-02')).toEqual([118.804, 31.9025]);
  });

  test('the GCJ-02 offset at the demo plant (Nanjing) is several hundred metres', () => {
    const wgs: LngLat = [118.7988, 31.9045];
    const gcj = convertDatum(wgs, 'WGS-84', 'GCJ-02');
    const d = distanceM(wgs, gcj);
    expect(d).toBeGreaterThan(300);
    expect(d).toBeLessThan(700);
  });

  test.each<[Datum, Datum]>([['WGS-84', 'GCJ-02'], ['WGS-84', 'BD-09'], ['GCJ-02', 'BD-09']])('%s ↔ %s round trip is within 0.5 m', (a, b) => {
    const p: LngLat = [118.8040, 31.9025];
    const back = convertDatum(convertDatum(p, a, b), b, a);
    expect(distanceM(p, back)).toBeLessThan(0.5);
  });

  test('outside mainland China GCJ-02 equals WGS-84', () => {
    const paris: LngLat = [2.3522, 48.8566];
    expect(distanceM(paris, convertDatum(paris, 'WGS-84', 'GCJ-02'))).toBeLessThan(0.01);
  });

  test('fixIn keeps the accuracy and retags the datum', () => {
    const f = fixIn({ lat: 39.915, lng: 116.404, datum: 'WGS-84', accuracyM: 12 }, 'GCJ-02');
    expect(f).toMatchObject({ datum: 'GCJ-02', accuracyM: 12 });
    expect(f.lng).toBeCloseTo(116.41024449916938, 9);
  });
});
