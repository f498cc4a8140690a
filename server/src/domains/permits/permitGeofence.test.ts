import { checkFence, toDatum, type Fence } from './permitGeofence';

/** The demo plant's wastewater area (circle) and synthesis building (polygon), both GCJ-02. */
const circle: Fence = { type: 'circle', center: [118.8065, 31.9005], radiusM: 60 };
const polygon: Fence = { type: 'polygon', points: [[118.8025, 31.902], [118.8042, 31.902], [118.8042, 31.9032], [118.8025, 31.9032]] };

describe('checkFence', () => {
  it.each([
    ['circle centre, same datum', { lng: 118.8065, lat: 31.9005, datum: 'GCJ-02' as const }, circle, true, 0],
    ['polygon middle, same datum', { lng: 118.8033, lat: 31.9026, datum: 'GCJ-02' as const }, polygon, true, 0],
    ['office, ~520 m west of the circle centre', { lng: 118.801, lat: 31.9005, datum: 'GCJ-02' as const }, circle, false, 450],
  ])('%s', (_name, point, fence, inside, minDistance) => {
    const r = checkFence(point, fence, 'GCJ-02');
    expect(r.inside).toBe(inside);
    expect(r.distanceM).toBeGreaterThanOrEqual(minDistance);
  });

  it('converts a browser (WGS-84) position into the fence datum before testing', () => {
    const [lng, lat] = toDatum([118.8065, 31.9005], 'GCJ-02', 'WGS-84');
    // The raw WGS-84 numbers are hundreds of metres off in GCJ-02 terms; converted, they are the centre.
    expect(checkFence({ lng, lat, datum: 'GCJ-02' }, circle, 'GCJ-02').inside).toBe(false);
    expect(checkFence({ lng, lat, datum: 'WGS-84' }, circle, 'GCJ-02')).toEqual({ inside: true, distanceM: 0 });
  });

  it('accepts a point just outside the edge within the tolerance, and not beyond it', () => {
    const justOutside = { lng: 118.8065, lat: 31.9005 + 70 / 111_195, datum: 'GCJ-02' as const }; // ~70 m north of the centre
    expect(checkFence(justOutside, circle, 'GCJ-02', 15).inside).toBe(true);
    expect(checkFence(justOutside, circle, 'GCJ-02', 5).inside).toBe(false);
  });
});
