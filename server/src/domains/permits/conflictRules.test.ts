import { ConflictCandidate, findConflicts, PermitSummary } from './conflictRules';
import { fatigueReview } from './fatigueRule';
import { NATIONAL_PERMIT_POLICY as POLICY } from './permitTypes';

const h = (hours: number) => new Date(Date.UTC(2026, 10, 24, hours));
const live = (id: string, extra: Partial<PermitSummary> = {}): PermitSummary =>
  ({ id, type: 'HGT', status: 'active', areaId: 'A1', from: h(1), to: h(5), ...extra });
const cand = (extra: Partial<ConflictCandidate> = {}): ConflictCandidate => ({ type: 'HOT', areaId: 'A1', from: h(3), to: h(6), ...extra });
const codes = (c: ConflictCandidate, permits: PermitSummary[]) => {
  const r = findConflicts(c, permits);
  return [...r.errors.map((e) => e.code), ...r.warnings.map((w) => `~${w.code}`)];
};

describe('findConflicts', () => {
  it.each([
    ['same area, overlapping', [live('p1')], ['~simultaneous_operations']],
    ['same area, touching windows do not overlap', [live('p1', { to: h(3) })], []],
    ['other area', [live('p1', { areaId: 'B2' })], []],
    ['closed permit', [live('p1', { status: 'closed' })], []],
    ['submitted permit counts as live', [live('p1', { status: 'submitted' })], ['~simultaneous_operations']],
  ])('%s → %j', (_name, permits, expected) => {
    expect(codes(cand(), permits)).toEqual(expected);
  });

  it('lists all simultaneous permits in one warning (4.7)', () => {
    const r = findConflicts(cand(), [live('p1'), live('p2', { type: 'LFT' })]);
    expect(r.warnings[0]).toEqual({ code: 'simultaneous_operations', field: 'location.areaId', params: { permitIds: ['p1', 'p2'], types: ['HGT', 'LFT'] }, sourceRef: 'GB 30871-2022 4.7' });
  });

  it('ignores permits of the same job: itself, its parent, its children and related permits', () => {
    const permits = [live('me'), live('parent'), live('child', { type: 'TMP', parentPermitId: 'me' }), live('rel')];
    expect(codes(cand({ id: 'me', parentPermitId: 'parent', relatedPermitIds: ['rel'] }), permits)).toEqual([]);
  });

  it.each([
    ['same plate, same action, any time → block (7.11)', live('b1', { type: 'BLD', from: h(20), to: h(22), blindPlate: { plateId: 'MB-07', action: 'insert' } }), ['blind_plate_duplicate']],
    ['same plate, other action', live('b1', { type: 'BLD', from: h(20), to: h(22), blindPlate: { plateId: 'MB-07', action: 'remove' } }), []],
    ['same plate and action but closed', live('b1', { type: 'BLD', status: 'closed', blindPlate: { plateId: 'MB-07', action: 'insert' } }), []],
    ['other plate on the same pipeline, overlapping (7.10)', live('b1', { type: 'BLD', blindPlate: { plateId: 'MB-08', action: 'insert', pipelineId: 'L-101' } }), ['blind_plate_same_pipeline', '~simultaneous_operations']],
    ['other plate on the same pipeline, later', live('b1', { type: 'BLD', from: h(20), to: h(22), blindPlate: { plateId: 'MB-08', action: 'insert', pipelineId: 'L-101' } }), []],
  ])('blind plates: %s', (_name, other, expected) => {
    const c = cand({ type: 'BLD', blindPlate: { plateId: 'MB-07', action: 'insert', pipelineId: 'L-101' } });
    expect(codes(c, [other])).toEqual(expected);
  });

  it('warns about hot work beside live blind-plate work (7.6)', () => {
    expect(codes(cand(), [live('b1', { type: 'BLD', blindPlate: { plateId: 'MB-01', action: 'remove' } })])).toEqual(['~simultaneous_operations', '~hot_work_near_blind_plate']);
  });
});

describe('fatigueReview (plant rule, default: 7th confined-space permit in a month)', () => {
  const TZ = 'Asia/Shanghai';
  const history = (n: number, month = '2026-11') =>
    Array.from({ length: n }, (_, i) => ({ permitId: `c${i}`, personIds: ['w1'], from: `${month}-${String(i + 1).padStart(2, '0')}T01:00:00Z` }));

  it.each([
    [5, false, 6],
    [6, true, 7],
    [9, true, 10],
  ])('%s earlier permits this month → review %s (ordinal %s)', (n, review, ordinal) => {
    const r = fatigueReview(['w1', 'w2'], new Date('2026-11-24T02:00:00Z'), history(n), POLICY, TZ);
    expect(r.results[0]).toEqual({ personId: 'w1', ordinal, reviewRequired: review });
    expect(r.results[1]).toEqual({ personId: 'w2', ordinal: 1, reviewRequired: false });
    expect(r.extraSteps.map((s) => s.roles)).toEqual(review ? [['team_leader']] : []);
  });

  it('counts by plant-local calendar month', () => {
    const lastOfOctLocal = [{ permitId: 'x', personIds: ['w1'], from: '2026-10-31T17:00:00Z' }]; // 2026-11-01 01:00 in Shanghai
    const r = fatigueReview(['w1'], new Date('2026-11-24T02:00:00Z'), [...history(5), ...lastOfOctLocal], POLICY, TZ);
    expect(r.results[0].ordinal).toBe(7);
    expect(r.warnings[0]).toMatchObject({ code: 'fatigue_review_required', field: 'people.performerIds[0]', params: { personId: 'w1', ordinal: 7, threshold: 7, month: '2026-11' } });
  });

  it('does not count the permit being re-validated', () => {
    const r = fatigueReview(['w1'], new Date('2026-11-24T02:00:00Z'), history(7), POLICY, TZ, 'c6');
    expect(r.results[0].ordinal).toBe(7);
  });
});
