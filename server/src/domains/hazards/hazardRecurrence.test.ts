import { findRecurrence } from './hazardRecurrence';
import type { RecurrenceCandidate } from './hazardRecurrence';

const DAY = 86_400_000;
const NOW = new Date('2026-11-24T02:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const probe = { areaKey: 'A', categoryKey: 'elec.box.unlocked', reportedAt: NOW };
const c = (id: string, days: number, extra: Partial<RecurrenceCandidate> = {}): RecurrenceCandidate => ({ id, areaKey: 'A', categoryKey: 'elec.box.unlocked', reportedAt: ago(days), ...extra });

describe('findRecurrence', () => {
  it.each([
    ['the most recent earlier match', [c('old', 60), c('recent', 10), c('mid', 30)], probe, 'recent'],
    ['exactly 90 days ago still counts', [c('edge', 90)], probe, 'edge'],
    ['older than 90 days does not', [c('stale', 90.001)], probe, null],
    ['another area does not', [c('b', 5, { areaKey: 'B' })], probe, null],
    ['another category does not', [c('x', 5, { categoryKey: 'fire' })], probe, null],
    ['a rejected report does not', [c('rej', 5, { status: 'rejected' }), c('ok', 20, { status: 'closed' })], probe, 'ok'],
    ['the same moment is not earlier', [c('same', 0)], probe, null],
    ['a later hazard is not earlier', [c('later', -1)], probe, null],
    ['itself is excluded', [c('self', 1)], { ...probe, id: 'self' }, null],
    ['with a tag, only the same tag (case/width-insensitive)', [c('p1', 3, { equipmentTag: 'P-102' }), c('p2', 5, { equipmentTag: 'ｐ-101 ' })], { ...probe, equipmentTag: 'P-101' }, 'p2'],
    ['with a tag, untagged hazards do not count', [c('untagged', 3)], { ...probe, equipmentTag: 'P-101' }, null],
    ['without a tag, tagged hazards count', [c('tagged', 3, { equipmentTag: 'P-101' })], probe, 'tagged'],
    ['a blank tag is no tag', [c('tagged', 3, { equipmentTag: 'P-101' })], { ...probe, equipmentTag: '  ' }, 'tagged'],
    ['no candidates', [], probe, null],
  ])('%s', (_n, candidates, newReport, expected) => {
    expect(findRecurrence(newReport, candidates)).toBe(expected);
  });

  it('honours a custom window', () => {
    expect(findRecurrence(probe, [c('x', 20)], 14)).toBeNull();
    expect(findRecurrence(probe, [c('x', 10)], 14)).toBe('x');
  });

  it('breaks a tie on time by the smallest id, whatever the input order', () => {
    expect(findRecurrence(probe, [c('b', 3), c('a', 3)])).toBe('a');
    expect(findRecurrence(probe, [c('a', 3), c('b', 3)])).toBe('a');
  });
});
