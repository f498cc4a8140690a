import { hazardCode, plantLocalDay } from './hazardCode';

describe('plantLocalDay', () => {
  it.each([
    ['2026-11-23T16:30:00.000Z', 'Asia/Shanghai', '20261124'], // 00:30 in Beijing: already the next day
    ['2026-11-23T15:59:59.999Z', 'Asia/Shanghai', '20261123'],
    ['2026-11-23T16:30:00.000Z', 'UTC', '20261123'],
    ['2026-03-08T06:59:00.000Z', 'America/New_York', '20260308'], // 01:59 EST on the DST change day
    ['2026-12-31T16:00:00.000Z', 'Asia/Shanghai', '20270101'],
    ['0999-06-01T12:00:00.000Z', 'UTC', '09990601'],
  ])('%s in %s is %s', (iso, tz, day) => {
    expect(plantLocalDay(new Date(iso), tz)).toBe(day);
  });

  it('throws on an unknown time zone', () => {
    expect(() => plantLocalDay(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('hazardCode', () => {
  it.each([
    ['YH', '20261124', 1, 'YH-20261124-0001'],
    ['YH', '20261124', 42, 'YH-20261124-0042'],
    ['YH', '20261124', 9999, 'YH-20261124-9999'],
    ['YH', '20261124', 12345, 'YH-20261124-12345'],
    ['ZG2', '20270101', 7, 'ZG2-20270101-0007'],
  ])('%s %s %d → %s', (prefix, day, seq, code) => {
    expect(hazardCode(prefix, day, seq)).toBe(code);
  });

  it.each([
    ['yh', '20261124', 1],
    ['', '20261124', 1],
    ['YH', '2026-11-24', 1],
    ['YH', '20261124', 0],
    ['YH', '20261124', 1.5],
  ])('refuses %j %j %j', (prefix, day, seq) => {
    expect(() => hazardCode(prefix, day, seq)).toThrow(RangeError);
  });

  it('composes with plantLocalDay', () => {
    expect(hazardCode('YH', plantLocalDay(new Date('2026-11-24T01:00:00Z'), 'Asia/Shanghai'), 1)).toBe('YH-20261124-0001');
  });
});
