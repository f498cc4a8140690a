import { hasMessage } from '../../../../cards/src/i18n/catalogue';
import { REFUSAL_CODES } from './permitCodes';
import { activate, approvedPermit, at, draftInput, failingTest, hotPermitIn, P, passingTest, step, TZ } from './permitFixtures';
import { decidePermit } from './permitMachine';
import { Actor, PermitAction, PermitState } from './permitState';

type Scenario = [state: () => PermitState, action: PermitAction, actor: Actor, now: Date];

const activeHot = () => hotPermitIn('active');
const approvedCheckedHot = () => step(hotPermitIn('approved'), { type: 'shift_check' }, P.shift, at(1));
const checkIn: PermitAction = { type: 'check_in', geofencePassed: true, distanceM: 5 };
const bldCompleted = () => step(activate(approvedPermit(draftInput('BLD', 'single'))), { type: 'complete' }, P.guardian, at(30));
const tmpApproved = () => approvedPermit(draftInput('TMP', 'single', { parentPermitId: 'hot-1' }));

/**
 * One minimal scenario per refusal code: the code, the situation, and the request that meets it.
 * The table must list every code of REFUSAL_CODES, and every code must have a message.
 */
const SCENARIOS: Record<(typeof REFUSAL_CODES)[number], Scenario> = {
  invalid_state: [() => hotPermitIn('closed'), { type: 'cancel' }, P.applicant, at(20)],
  not_applicant: [() => hotPermitIn('draft'), { type: 'submit' }, P.leader, at(-30)],
  window_ended: [() => hotPermitIn('draft'), { type: 'submit' }, P.applicant, at(8 * 60)],
  person_required: [() => hotPermitIn('submitted'), { type: 'approve', mode: 'onsite' }, P.alarm, at(-20)],
  system_required: [() => hotPermitIn('active'), { type: 'expire' }, P.safety, at(9 * 60)],
  applicant_cannot_approve: [() => hotPermitIn('submitted'), { type: 'approve', mode: 'onsite' }, { kind: 'person', personId: 'p-app', roles: ['unit_head'] }, at(-20)],
  already_approved: [() => hotPermitIn('approving'), { type: 'approve', mode: 'onsite' }, { kind: 'person', personId: 'p-unit', roles: ['safety_dept'] }, at(-5)],
  not_step_role: [() => hotPermitIn('submitted'), { type: 'approve', mode: 'onsite' }, P.safety, at(-20)],
  remote_approval_not_allowed: [() => hotPermitIn('submitted'), { type: 'approve', mode: 'remote' }, P.unit, at(-20)],
  reason_required: [() => activeHot(), { type: 'interrupt', reason: '' }, P.guardian, at(20)],
  not_yet_expired: [() => hotPermitIn('approved'), { type: 'expire' }, P.scheduler, at(60)],
  not_authorized_to_void: [() => activeHot(), { type: 'void', cause: 'scope' }, P.worker, at(20)],
  invalid_cause: [() => activeHot(), { type: 'void', cause: 'boredom' as never }, P.guardian, at(20)],
  not_dependent_permit: [() => activeHot(), { type: 'end_with_parent', parentPermitId: 'x' }, P.scheduler, at(20)],
  parent_mismatch: [tmpApproved, { type: 'end_with_parent', parentPermitId: 'hot-2' }, P.scheduler, at(20)],
  not_guardian: [approvedCheckedHot, checkIn, P.worker, at(5)],
  outside_geofence: [approvedCheckedHot, { ...checkIn, geofencePassed: false, distanceM: 850 }, P.guardian, at(5)],
  not_yet_valid: [approvedCheckedHot, checkIn, P.guardian, at(-1)],
  shift_check_required: [() => hotPermitIn('approved'), checkIn, P.guardian, at(5)],
  gas_test_required: [() => approvedPermit(draftInput('CSE', 'single')), { ...checkIn, continuousMonitoringOn: true }, P.guardian, at(5)],
  gas_retest_required: [() => step(activeHot(), { type: 'interrupt', reason: '午休' }, P.guardian, at(10)), { type: 'resume' }, P.guardian, at(41)],
  gas_test_failed: [() => step(approvedCheckedHot(), { type: 'record_gas_test', test: failingTest('g-bad', at(2)) }, P.worker, at(2)), checkIn, P.guardian, at(5)],
  gas_test_stale: [approvedCheckedHot, checkIn, P.guardian, at(25)],
  continuous_monitoring_required: [() => step(approvedPermit(draftInput('CSE', 'single')), { type: 'record_gas_test', test: passingTest('g', at(1)) }, P.worker, at(1)), checkIn, P.guardian, at(5)],
  video_required: [
    () => step(step(approvedPermit(draftInput('HOT', 'special')), { type: 'shift_check' }, P.shift, at(1)), { type: 'record_gas_test', test: passingTest('g', at(2)) }, P.worker, at(2)),
    { ...checkIn, continuousMonitoringOn: true }, P.guardian, at(5),
  ],
  shift_check_not_required: [() => approvedPermit(draftInput('CSE', 'single')), { type: 'shift_check' }, P.shift, at(1)],
  not_shift_leader: [() => hotPermitIn('approved'), { type: 'shift_check' }, P.unit, at(1)],
  already_shift_checked: [approvedCheckedHot, { type: 'shift_check' }, P.shift, at(2)],
  not_permit_party: [activeHot, { type: 'complete' }, P.stranger, at(20)],
  holds_active: [() => hotPermitIn('suspended'), { type: 'resume', conditionsReconfirmed: true }, P.guardian, at(20)],
  reconfirm_required: [() => step(activate(approvedPermit(draftInput('HGT', 'I'))), { type: 'interrupt', reason: '雨' }, P.guardian, at(10)), { type: 'resume' }, P.guardian, at(20)],
  daily_gas_test_required: [
    () => step(activate(approvedPermit(draftInput('HOT', 'L2', { validTo: at(48 * 60).toISOString() }))), { type: 'interrupt', reason: '收工' }, P.guardian, at(830)),
    { type: 'resume' }, P.guardian, at(860),
  ],
  gas_test_in_future: [activeHot, { type: 'record_gas_test', test: passingTest('g-f', at(30)) }, P.worker, at(20)],
  gas_test_duplicate: [activeHot, { type: 'record_gas_test', test: passingTest('g-1', at(19)) }, P.worker, at(20)],
  not_hold_source: [activeHot, { type: 'place_hold', holdId: 'h', reason: 'x' }, P.scheduler, at(20)],
  hold_id_required: [activeHot, { type: 'place_hold', holdId: ' ', reason: 'x' }, P.alarm, at(20)],
  hold_not_found: [() => hotPermitIn('suspended'), { type: 'release_hold', holdId: 'nope' }, P.alarm, at(20)],
  not_hold_owner: [() => hotPermitIn('suspended'), { type: 'release_hold', holdId: 'h-1' }, P.guardian, at(20)],
  already_accepted: [() => step(bldCompleted(), { type: 'accept' }, P.unit, at(40)), { type: 'accept' }, P.unit, at(41)],
  not_acceptor: [() => hotPermitIn('completed'), { type: 'accept' }, P.guardian, at(20)],
};

describe('refusal reasons: one scenario per code', () => {
  it('lists exactly the refusal codes of the machine', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...REFUSAL_CODES].sort());
  });

  it.each(Object.entries(SCENARIOS))('%s', (code, [state, action, actor, now]) => {
    const d = decidePermit(state(), action, actor, now, { timezone: TZ });
    expect('refusal' in d ? d.refusal.code : `accepted → ${d.next.status}`).toBe(code);
  });

  it.each([...REFUSAL_CODES])('%s has a message', (code) => {
    expect(hasMessage(`permits.refusal.${code}`)).toBe(true);
  });
});
