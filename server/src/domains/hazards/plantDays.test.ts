import { inclusiveDays, isRealDay, nextDay, plantDayStart, tzOffsetMinutes } from './plantDays';

describe('plant days', () => {
  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    expect(plantDayStart('2026-11-24', 'Asia/Shanghai').toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(tzOffsetMinutes(new Date('2026-11-24T00:00:00Z'), 'Asia/Shanghai')).toBe(480);
  });

  it('follows daylight saving time where a plant has it', () => {
    expect(plantDayStart('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(plantDayStart('2026-01-15', 'Europe/Berlin').toISOString()).toBe('2026-01-14T23:00:00.000Z');
  });

  it('counts inclusive days and rejects impossible dates', () => {
    expect(inclusiveDays('2026-01-01', '2026-01-01')).toBe(1);
    expect(inclusiveDays('2024-01-01', '2024-12-31')).toBe(366);
    expect(inclusiveDays('2026-02-02', '2026-02-01')).toBe(0);
    expect(isRealDay('2026-02-30')).toBe(false);
    expect(isRealDay('2026-02-28')).toBe(true);
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
