import { convertDatum, distanceM, LocatableArea, locateArea, pointInPolygon } from './areaLocator';

const synthesis: LocatableArea = {
  key: 'synthesis',
  datum: 'GCJ-02',
  geofence: { type: 'polygon', points: [[118.8025, 31.902], [118.8042, 31.902], [118.8042, 31.9032], [118.8025, 31.9032]] },
};
const substation: LocatableArea = { key: 'substation', datum: 'GCJ-02', geofence: { type: 'circle', center: [118.8015, 31.9025], radiusM: 25 } };
const inside: [number, number] = [118.8033, 31.9026];

describe('convertDatum', () => {
  // The BD-09 inverse is the published approximation (centimetres off): far below any fence size.
  it.each([
    ['WGS-84', 'GCJ-02', 0.01],
    ['GCJ-02', 'BD-09', 0.2],
    ['WGS-84', 'BD-09', 0.2],
  ] as const)('round-trips %s → %s within %s m', (from, to, tolerance) => {
    const there = convertDatum(inside, from, to);
    expect(distanceM(there, inside)).toBeGreaterThan(100);
    const back = convertDatum(there, to, from);
    expect(distanceM(back, inside)).toBeLessThan(tolerance);
  });

  it('shifts points in China by hundreds of metres and leaves others alone', () => {
    const shift = distanceM(convertDatum(inside, 'WGS-84', 'GCJ-02'), inside);
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(800);
    expect(convertDatum([2.3522, 48.8566], 'WGS-84', 'GCJ-02')).toEqual([2.3522, 48.8566]);
  });
});

describe('locateArea', () => {
  it('finds the polygon and the circle that contain a point', () => {
    expect(locateArea(inside, 'GCJ-02', [substation, synthesis])).toBe('synthesis');
    expect(locateArea([118.8016, 31.9025], 'GCJ-02', [synthesis, substation])).toBe('substation');
    // ~40 m east of the substation centre: outside its 25 m circle.
    expect(locateArea([118.80192, 31.9025], 'GCJ-02', [substation])).toBeNull();
  });

  it('converts a GPS (WGS-84) point before comparing, so the same place is found in either datum', () => {
    const gps = convertDatum(inside, 'GCJ-02', 'WGS-84');
    expect(locateArea(gps, 'WGS-84', [synthesis])).toBe('synthesis');
    // The GPS numbers taken as if they were GCJ-02 land hundreds of metres away.
    expect(locateArea(gps, 'GCJ-02', [synthesis])).toBeNull();
  });

  it('prefers the smaller of overlapping fences, then the earlier area', () => {
    const strip: LocatableArea = { key: 'pipe_rack', datum: 'GCJ-02', geofence: { type: 'polygon', points: [[118.803, 31.9025], [118.804, 31.9025], [118.804, 31.9027], [118.803, 31.9027]] } };
    expect(locateArea(inside, 'GCJ-02', [synthesis, strip])).toBe('pipe_rack');
    const twin = { ...synthesis, key: 'twin' };
    expect(locateArea(inside, 'GCJ-02', [synthesis, twin])).toBe('synthesis');
  });

  it('treats a polygon with a closing point like an open one', () => {
    const ring = (synthesis.geofence as { points: readonly (readonly [number, number])[] }).points;
    expect(pointInPolygon(inside, [...ring, ring[0]])).toBe(true);
    expect(pointInPolygon([118.81, 31.9026], ring)).toBe(false);
  });
});
