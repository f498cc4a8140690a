import { formatPlantMinute, parseExifDateTime, wallTimeToInstant } from './photoTime';

describe('photo time helpers', () => {
  test.each<[string, unknown, string, string | null]>([
    ['plant-local wall time (Shanghai, UTC+8)', null, 'Asia/Shanghai', '2026-11-20T01:15:00.000Z'],
    ['an explicit offset wins over the plant zone', '-05:00', 'Asia/Shanghai', '2026-11-20T14:15:00.000Z'],
    ['a plant in Europe', null, 'Europe/Berlin', '2026-11-20T08:15:00.000Z'],
  ])('%s', (_n, offset, tz, iso) => {
    expect(parseExifDateTime('2026:11:20 09:15:00', offset, tz)?.toISOString() ?? null).toBe(iso);
  });

  test.each<[unknown]>([[undefined], [''], ['0000:00:00 00:00:00'], ['garbage'], [42]])('unusable value %p → null', (raw) => {
    expect(parseExifDateTime(raw, null, 'Asia/Shanghai')).toBeNull();
  });

  test('DST gap and overlap settle on a real instant', () => {
    // 2026-03-29 02:30 does not exist in Berlin; any nearby instant is acceptable, not NaN.
    expect(Number.isFinite(wallTimeToInstant(2026, 3, 29, 2, 30, 0, 'Europe/Berlin').getTime())).toBe(true);
  });

  test('formatPlantMinute shows plant-local time', () => {
    expect(formatPlantMinute(new Date('2026-11-24T04:05:59Z'), 'Asia/Shanghai')).toBe('2026-11-24 12:05');
  });
});
