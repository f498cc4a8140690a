import { distanceM, distanceToFenceM, fenceAreaM2, pointInPolygon, type Fence } from './geofence';
import type { LngLat } from './geoFix';

const square: LngLat[] = [[118.8050, 31.9020], [118.8075, 31.9020], [118.8075, 31.9040], [118.8050, 31.9040]];

describe('geofence', () => {
  test('distanceM: one degree of latitude is ~111.2 km', () => {
    expect(distanceM([118, 31], [118, 32])).toBeGreaterThan(111_000);
    expect(distanceM([118, 31], [118, 32])).toBeLessThan(111_400);
  });

  test.each<[string, LngLat, boolean]>([
    ['centre', [118.8060, 31.9030], true],
    ['just inside a corner', [118.80501, 31.90201], true],
    ['west of it', [118.8040, 31.9030], false],
    ['north of it', [118.8060, 31.9050], false],
  ])('pointInPolygon: %s', (_n, p, inside) => {
    expect(pointInPolygon(p, square)).toBe(inside);
    expect(pointInPolygon(p, [...square, square[0]])).toBe(inside);
  });

  test('pointInPolygon handles a concave (L-shaped) fence', () => {
    const l: LngLat[] = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]];
    expect(pointInPolygon([0.5, 1.5], l)).toBe(true);
    expect(pointInPolygon([1.5, 1.5], l)).toBe(false);
  });

  test('distanceToFenceM: 0 inside, metres to the nearest edge outside', () => {
    const fence: Fence = { type: 'polygon', points: square };
    expect(distanceToFenceM([118.8060, 31.9030], fence)).toBe(0);
    // 0.001° of longitude at 31.9° N is ~94.5 m.
    const d = distanceToFenceM([118.8040, 31.9030], fence);
    expect(d).toBeGreaterThan(90);
    expect(d).toBeLessThan(99);
  });

  test('circle fences: inside, on the rim, outside', () => {
    const c: Fence = { type: 'circle', center: [118.8015, 31.9025], radiusM: 25 };
    expect(distanceToFenceM([118.8015, 31.9026], c)).toBe(0);
    const out = distanceToFenceM([118.8015, 31.9030], c); // ~55.6 m from the centre
    expect(out).toBeGreaterThan(28);
    expect(out).toBeLessThan(33);
  });

  test('fenceAreaM2 of a ~236 m × 222 m rectangle', () => {
    const a = fenceAreaM2({ type: 'polygon', points: square });
    expect(a).toBeGreaterThan(50_000);
    expect(a).toBeLessThan(55_000);
    expect(fenceAreaM2({ type: 'circle', center: [0, 0], radiusM: 10 })).toBeCloseTo(314.16, 1);
  });
});
