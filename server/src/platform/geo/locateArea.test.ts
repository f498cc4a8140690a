import { convertDatum } from './convertDatum';
import type { GeoFix } from './geoFix';
import { locateArea, type PlantArea } from './locateArea';

// Areas of server/plants/demo-plant.yaml (fences drawn in GCJ-02).
const areas: PlantArea[] = [
  { key: 'tank_farm', datum: 'GCJ-02', geofence: { type: 'polygon', points: [[118.8050, 31.9020], [118.8075, 31.9020], [118.8075, 31.9040], [118.8050, 31.9040]] } },
  { key: 'synthesis', datum: 'GCJ-02', geofence: { type: 'polygon', points: [[118.8025, 31.9020], [118.8042, 31.9020], [118.8042, 31.9032], [118.8025, 31.9032]] } },
  { key: 'substation', datum: 'GCJ-02', geofence: { type: 'circle', center: [118.8015, 31.9025], radiusM: 25 } },
  // A pipe rack crossing the tank farm: the smaller fence wins where they overlap.
  { key: 'pipe_rack', datum: 'GCJ-02', geofence: { type: 'polygon', points: [[118.8055, 31.9028], [118.8070, 31.9028], [118.8070, 31.9031], [118.8055, 31.9031]] } },
];

const gcj = (lng: number, lat: number): GeoFix => ({ lng, lat, datum: 'GCJ-02' });
function wgsOf(lng: number, lat: number): GeoFix {
  const [wl, wa] = convertDatum([lng, lat], 'GCJ-02', 'WGS-84');
  return { lng: wl, lat: wa, datum: 'WGS-84' };
}

describe('locateArea', () => {
  test.each<[string, GeoFix, string | null]>([
    ['a GCJ-02 fix in the tank farm', gcj(118.8060, 31.9022), 'tank_farm'],
    ['a GCJ-02 fix in the synthesis hall', gcj(118.8030, 31.9025), 'synthesis'],
    ['a GCJ-02 fix in the substation circle', gcj(118.8015, 31.9026), 'substation'],
    ['overlap: the pipe rack (smaller) wins over the tank farm', gcj(118.8060, 31.9029), 'pipe_rack'],
    ['a GPS (WGS-84) fix of the same synthesis spot', wgsOf(118.8030, 31.9025), 'synthesis'],
    ['between areas', gcj(118.8046, 31.9010), null],
  ])('%s', (_n, fix, key) => {
    expect(locateArea(areas, fix).areaKey).toBe(key);
  });

  test('an untranslated WGS-84 fix would land in the wrong place: the datum matters', () => {
    // The synthesis hall spot in GCJ-02, wrongly tagged WGS-84, is ~500 m away once converted.
    const r = locateArea(areas, { lng: 118.8030, lat: 31.9025, datum: 'WGS-84' });
    expect(r.areaKey).not.toBe('synthesis');
  });

  test('GPS far outside the plant (Shanghai) is flagged off site', () => {
    const r = locateArea(areas, { lng: 121.4737, lat: 31.2304, datum: 'WGS-84' });
    expect(r.areaKey).toBeNull();
    expect(r.outsidePlant).toBe(true);
    expect(r.nearest!.distanceM).toBeGreaterThan(200_000);
  });

  test('near but not inside a fence is on site, with the nearest area named', () => {
    const r = locateArea(areas, gcj(118.8046, 31.9010));
    expect(r.outsidePlant).toBe(false);
    expect(r.nearest?.areaKey).toBeDefined();
  });

  test('no areas: everything is outside', () => {
    expect(locateArea([], gcj(118.8, 31.9))).toEqual({ areaKey: null, nearest: null, outsidePlant: true });
  });
});
