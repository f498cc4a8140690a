import { activate, approvedPermit, at, draftInput, failingTest, hotPermitIn, P, passingTest, step, TZ } from './permitFixtures';
import { decidePermit } from './permitMachine';
import { LevelId, WorkType } from './permitModel';
import { Actor, PermitAction, PermitState } from './permitState';

const decide = (s: PermitState, a: PermitAction, actor: Actor, now: Date) => decidePermit(s, a, actor, now, { timezone: TZ });
const outcome = (d: ReturnType<typeof decide>) => ('refusal' in d ? `!${d.refusal.code}` : `→${d.next.status}`);
const interrupted = (type: WorkType, level: LevelId, atMin: number) =>
  step(activate(approvedPermit(draftInput(type, level))), { type: 'interrupt', reason: '午休' }, P.guardian, at(atMin));

describe('activation by guardian check-in', () => {
  it.each([
    ['BLD needs no gas test', 'BLD', 'single', '→active'],
    ['CSE with test and monitoring', 'CSE', 'single', '→active'],
    ['HOT 特级 with shift check, test, monitoring and video', 'HOT', 'special', '→active'],
    ['TMP outside a hazardous area needs no gas test', 'TMP', 'single', '→active'],
  ] as Array<[string, WorkType, LevelId, string]>)('%s', (_name, type, level, expected) => {
    expect(activate(approvedPermit(draftInput(type, level))).status).toBe(expected.slice(1));
  });

  it('TMP inside a running fire/explosion area needs a gas test (10.1)', () => {
    const s = approvedPermit(draftInput('TMP', 'single', { inFireExplosionArea: true }));
    expect(outcome(decide(s, { type: 'check_in', geofencePassed: true, distanceM: 3 }, P.guardian, at(5)))).toBe('!gas_test_required');
  });

  it('excavation under confined-space rules needs the CSE gas test and monitoring (11.10)', () => {
    const s = approvedPermit(draftInput('EXC', 'single', { confinedSpaceRules: true }));
    expect(s.rules.gas.requiredKinds).toEqual(['combustible', 'oxygen']);
    expect(outcome(decide(s, { type: 'check_in', geofencePassed: true, distanceM: 3, continuousMonitoringOn: true }, P.guardian, at(5)))).toBe('!gas_test_required');
  });

  it('schedules the 2-hourly CSE gas record on activation', () => {
    const s = step(approvedPermit(draftInput('CSE', 'single')), { type: 'record_gas_test', test: passingTest('g', at(1)) }, P.worker, at(1));
    const d = decide(s, { type: 'check_in', geofencePassed: true, distanceM: 3, continuousMonitoringOn: true }, P.guardian, at(5));
    expect('effects' in d && d.effects).toContainEqual({ type: 'schedule_gas_record', at: at(125).toISOString() });
  });
});

describe('resume after interruption: gas re-test past the gap limit', () => {
  it.each([
    ['HOT 一级, 25 min', 'HOT', 'L1', 25, '→active'],
    ['HOT 一级, 31 min', 'HOT', 'L1', 31, '!gas_retest_required'],
    ['HOT 特级, 31 min', 'HOT', 'special', 31, '!gas_retest_required'],
    ['HOT 二级, 45 min', 'HOT', 'L2', 45, '→active'],
    ['HOT 二级, 61 min', 'HOT', 'L2', 61, '!gas_retest_required'],
    ['CSE, 59 min', 'CSE', 'single', 59, '→active'],
    ['CSE, 61 min', 'CSE', 'single', 61, '!gas_retest_required'],
    ['BLD, 300 min (no gas rule)', 'BLD', 'single', 300, '→active'],
  ] as Array<[string, WorkType, LevelId, number, string]>)('%s → %s', (_name, type, level, gap, expected) => {
    const s = interrupted(type, level, 10);
    expect(outcome(decide(s, { type: 'resume' }, P.guardian, at(10 + gap)))).toBe(expected);
  });

  it('names the gap and the limit, and accepts a test newer than the interruption', () => {
    const s = interrupted('HOT', 'L1', 10);
    const refused = decide(s, { type: 'resume' }, P.guardian, at(41));
    expect('refusal' in refused && refused.refusal).toMatchObject({ params: { gapMin: 31, limitMin: 30 }, sourceRef: 'GB 30871-2022 5.3.1 d)' });
    const tested = step(s, { type: 'record_gas_test', test: passingTest('g-re', at(40)) }, P.worker, at(40));
    const d = decide(tested, { type: 'resume' }, P.guardian, at(41));
    expect('next' in d && d.next.interruptions).toEqual([{ at: at(10).toISOString(), byId: 'p-guard', reason: '午休', resumedAt: at(41).toISOString(), retestId: 'g-re', reconfirmed: false }]);
  });

  it('a test taken before the interruption does not count', () => {
    const s = step(interrupted('HOT', 'L1', 10), { type: 'record_gas_test', test: passingTest('g-old', at(9)) }, P.worker, at(39));
    expect(outcome(decide(s, { type: 'resume' }, P.guardian, at(41)))).toBe('!gas_retest_required');
  });

  it('work at height must re-confirm conditions after any interruption (8.2.11)', () => {
    const s = interrupted('HGT', 'II', 10);
    expect(outcome(decide(s, { type: 'resume' }, P.guardian, at(12)))).toBe('!reconfirm_required');
    expect(outcome(decide(s, { type: 'resume', conditionsReconfirmed: true }, P.guardian, at(12)))).toBe('→active');
  });

  it('hot work needs a gas test every day before work (5.3.1 d)', () => {
    const s = step(activate(approvedPermit(draftInput('HOT', 'L2', { validTo: at(48 * 60).toISOString() }))), { type: 'interrupt', reason: '收工' }, P.guardian, at(830));
    expect(outcome(decide(s, { type: 'resume' }, P.guardian, at(860)))).toBe('!daily_gas_test_required');
    const tested = step(s, { type: 'record_gas_test', test: passingTest('g-day2', at(855)) }, P.worker, at(855));
    expect(outcome(decide(tested, { type: 'resume' }, P.guardian, at(860)))).toBe('→active');
  });

  it('a failing test during work stops it, alerts, and needs a passing test to resume', () => {
    const d = decide(hotPermitIn('active'), { type: 'record_gas_test', test: failingTest('g-bad', at(19)) }, P.worker, at(20));
    expect(outcome(d)).toBe('→interrupted');
    expect('effects' in d && d.effects).toEqual([{ type: 'gas_alert', testId: 'g-bad', failureCodes: ['combustible_over_limit'] }]);
    const s = 'next' in d ? d.next : hotPermitIn('active');
    expect(outcome(decide(s, { type: 'resume' }, P.guardian, at(22)))).toBe('!gas_retest_required');
    const ok = step(s, { type: 'record_gas_test', test: passingTest('g-good', at(24)) }, P.worker, at(24));
    expect(outcome(decide(ok, { type: 'resume' }, P.guardian, at(25)))).toBe('→active');
  });

  it('a supervisor may resume; a stranger may not', () => {
    const s = interrupted('HOT', 'L1', 10);
    expect(outcome(decide(s, { type: 'resume' }, P.safety, at(20)))).toBe('→active');
    expect(outcome(decide(s, { type: 'resume' }, P.stranger, at(20)))).toBe('!not_guardian');
  });
});

describe('holds and suspension', () => {
  const twoHolds = () => step(hotPermitIn('suspended'), { type: 'place_hold', holdId: 'wind-5', reason: '五级风' }, P.weather, at(11));

  it('keeps one entry per hold id and suspends once', () => {
    const s = twoHolds();
    expect(s.holds.map((h) => h.id)).toEqual(['h-1', 'wind-5']);
    const again = decide(s, { type: 'place_hold', holdId: 'h-1', reason: 'repeat' }, P.alarm, at(12));
    expect('next' in again && again.next).toBe(s);
    expect('effects' in again && again.effects).toEqual([]);
  });

  it('stays suspended until every hold is released, then asks for a re-check', () => {
    let s = step(twoHolds(), { type: 'release_hold', holdId: 'h-1' }, P.alarm, at(20));
    expect(s.status).toBe('suspended');
    expect(outcome(decide(s, { type: 'resume', conditionsReconfirmed: true }, P.guardian, at(21)))).toBe('!holds_active');
    const d = decide(s, { type: 'release_hold', holdId: 'wind-5' }, P.safety, at(30));
    expect('effects' in d && d.effects).toEqual([{ type: 'notify_parties', event: 'holds_cleared' }]);
    s = 'next' in d ? d.next : s;
    expect(outcome(decide(s, { type: 'resume' }, P.guardian, at(31)))).toBe('!reconfirm_required');
    expect(outcome(decide(s, { type: 'resume', conditionsReconfirmed: true }, P.guardian, at(31)))).toBe('!gas_retest_required');
    const tested = step(s, { type: 'record_gas_test', test: passingTest('g-after', at(32)) }, P.worker, at(32));
    expect(outcome(decide(tested, { type: 'resume', conditionsReconfirmed: true }, P.guardian, at(33)))).toBe('→active');
  });

  it('a test taken before the last release does not clear the re-check', () => {
    const early = step(hotPermitIn('suspended'), { type: 'record_gas_test', test: passingTest('g-early', at(15)) }, P.worker, at(15));
    const s = step(early, { type: 'release_hold', holdId: 'h-1' }, P.alarm, at(20));
    expect(outcome(decide(s, { type: 'resume', conditionsReconfirmed: true }, P.guardian, at(21)))).toBe('!gas_retest_required');
  });

  it('returns to approved when suspended before work started', () => {
    let s = step(hotPermitIn('approved'), { type: 'place_hold', holdId: 'storm', reason: '雷暴' }, P.weather, at(1));
    expect(s.suspendedFrom).toBe('approved');
    s = step(s, { type: 'release_hold', holdId: 'storm' }, P.weather, at(2));
    s = step(s, { type: 'record_gas_test', test: passingTest('g2', at(3)) }, P.worker, at(3));
    expect(outcome(decide(s, { type: 'resume', conditionsReconfirmed: true }, P.guardian, at(4)))).toBe('→approved');
  });

  it('a hold during an interruption closes the interruption when work resumes', () => {
    let s = step(interrupted('BLD', 'single', 10), { type: 'place_hold', holdId: 'gas-alarm', reason: 'H2S' }, P.alarm, at(12));
    s = step(s, { type: 'release_hold', holdId: 'gas-alarm' }, P.alarm, at(20));
    s = step(s, { type: 'resume', conditionsReconfirmed: true }, P.guardian, at(21));
    expect(s.status).toBe('active');
    expect(s.interruptions[0].resumedAt).toBe(at(21).toISOString());
  });

  it.each([
    ['the system that placed it', P.alarm, '→suspended'],
    ['a supervisor', P.safety, '→suspended'],
    ['another system', P.weather, '!not_hold_owner'],
    ['the guardian', P.guardian, '!not_hold_owner'],
  ])('a system hold can be released by %s', (_name, actor, expected) => {
    expect(outcome(decide(hotPermitIn('suspended'), { type: 'release_hold', holdId: 'h-1' }, actor, at(20)))).toBe(expected);
  });

  it('a person hold can be released by that person', () => {
    const s = step(hotPermitIn('active'), { type: 'place_hold', holdId: 'stop-card', reason: '发现违章' }, P.guardian, at(12));
    expect(outcome(decide(s, { type: 'release_hold', holdId: 'stop-card' }, P.guardian, at(13)))).toBe('→suspended');
    expect(outcome(decide(s, { type: 'release_hold', holdId: 'stop-card' }, P.worker, at(13)))).toBe('!not_hold_owner');
  });
});

describe('completion, acceptance and endings', () => {
  it('hot work completion ends dependent temporary power', () => {
    const d = decide(hotPermitIn('active'), { type: 'complete' }, P.leader, at(30));
    expect('effects' in d && d.effects).toEqual([{ type: 'notify_parties', event: 'completed' }, { type: 'end_dependent_permits', parentPermitId: 'permit-HOT-L1' }]);
  });

  it('blind-plate acceptance is joint: enterprise and work leader (7.12)', () => {
    let s = step(activate(approvedPermit(draftInput('BLD', 'single'))), { type: 'complete' }, P.guardian, at(30));
    s = step(s, { type: 'accept' }, P.unit, at(40));
    expect(s.status).toBe('completed');
    expect(outcome(decide(s, { type: 'accept' }, P.boss, at(41)))).toBe('!not_acceptor');
    s = step(s, { type: 'accept' }, P.leader, at(42));
    expect(s.status).toBe('closed');
    expect(s.acceptance.map((a) => a.as)).toEqual(['unit_head', 'work_leader']);
  });

  it('temporary power is accepted by the power-distribution unit', () => {
    const s = step(activate(approvedPermit(draftInput('TMP', 'single'))), { type: 'complete' }, P.leader, at(30));
    expect(outcome(decide(s, { type: 'accept' }, P.unit, at(31)))).toBe('!not_acceptor');
    expect(outcome(decide(s, { type: 'accept' }, P.power, at(31)))).toBe('→closed');
  });

  it.each([
    ['content', 'GB 30871-2022 4.16'],
    ['scope', 'GB 30871-2022 4.16'],
    ['location', 'GB 30871-2022 4.16'],
    ['conditions', 'GB 30871-2022 4.17'],
  ] as const)('voiding for %s requires a new permit (%s)', (cause, sourceRef) => {
    const d = decide(hotPermitIn('active'), { type: 'void', cause }, P.safety, at(20));
    expect('effects' in d && d.effects[0]).toEqual({ type: 'reissue_required', cause, sourceRef });
  });

  it.each([
    ['approved', (s: PermitState) => s, '→cancelled'],
    ['active', (s: PermitState) => activate(s), '→completed'],
    ['suspended from active', (s: PermitState) => step(activate(s), { type: 'place_hold', holdId: 'h', reason: 'x' }, P.alarm, at(9)), '→completed'],
  ] as const)('temporary power ends with its parent when %s', (_name, drive, expected) => {
    const s = drive(approvedPermit(draftInput('TMP', 'single', { parentPermitId: 'hot-1' })));
    expect(outcome(decide(s, { type: 'end_with_parent', parentPermitId: 'hot-1' }, P.scheduler, at(20)))).toBe(expected);
  });

  it('expiry of a live permit ends its dependants', () => {
    const d = decide(hotPermitIn('active'), { type: 'expire' }, P.scheduler, at(8 * 60));
    expect('effects' in d && d.effects).toEqual([{ type: 'notify_parties', event: 'expired' }, { type: 'end_dependent_permits', parentPermitId: 'permit-HOT-L1' }]);
  });
});
