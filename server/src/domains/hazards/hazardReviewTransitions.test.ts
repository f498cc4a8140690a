import { decideHazard, isHazardRefusal } from './hazardMachine';
import { must, SCENARIO_ACTORS, SCENARIO_T0, SCENARIO_TIMING, scenarioState } from './hazardScenario';
import { HazardAction, HazardActor, HazardDecision, HazardState } from './hazardTypes';

const H = 3_600_000;
const at = (h: number) => new Date(SCENARIO_T0.getTime() + h * H);
const NOW = at(5);
const { officer, worker, deputy } = SCENARIO_ACTORS;
const verifier: HazardActor = { personId: 'p-verifier', rights: ['hazard.verify'] };

const refusal = (d: HazardDecision) => (isHazardRefusal(d) ? d.refusal : null);
function accepted(d: HazardDecision) {
  if (isHazardRefusal(d)) throw new Error(`refused: ${JSON.stringify(d.refusal)}`);
  return d;
}
const run = (s: HazardState, a: HazardAction, actor: HazardActor) => decideHazard(s, a, actor, NOW);

describe('approve and return: who may verify', () => {
  const waiting = scenarioState('awaiting_verification');
  const selfVerifier: HazardActor = { personId: 'p-worker', rights: ['hazard.verify', 'hazard.rectify'] };

  it.each([
    ['without hazard.verify', waiting, worker, { code: 'missing_right', params: { right: 'hazard.verify' } }],
    ['the assignee, even with the right', waiting, selfVerifier, { code: 'self_verification' }],
    ['the delegate who did the work', scenarioState('awaiting_verification', { delegated: true }), { ...deputy, rights: ['*'] }, { code: 'self_verification' }],
    ['anyone but the pinned reviewer', scenarioState('awaiting_verification', { reviewerId: 'p-reviewer' }), verifier, { code: 'not_reviewer' }],
  ] as const)('refuses %s', (_n, state, actor, expected) => {
    expect(refusal(run(state, { type: 'approve' }, actor))).toEqual(expected);
    expect(refusal(run(state, { type: 'return', reason: 'x' }, actor))).toEqual(expected);
  });

  it('the pinned reviewer may approve', () => {
    const s = scenarioState('awaiting_verification', { reviewerId: 'p-verifier' });
    expect(accepted(run(s, { type: 'approve' }, verifier)).next.verifiedById).toBe('p-verifier');
  });
});

describe('approve', () => {
  it('closes, disarms the deadline timers and arms the reinspection 7 days later', () => {
    const d = accepted(run(scenarioState('awaiting_verification'), { type: 'approve' }, verifier));
    expect(d.next).toMatchObject({ status: 'closed', closedAt: NOW, verifiedById: 'p-verifier' });
    expect(d.next.timers).toEqual({ remind: null, escalate: null, reinspect: d.next.timers.reinspect });
    expect(d.next.reinspection.dueAt).toEqual(at(5 + 7 * 24));
    expect(d.effects).toEqual([
      { type: 'notify', to: 'reporter', card: 'hazard.closed', personId: 'p-reporter' },
      { type: 'notify', to: 'assignee', card: 'hazard.closed', personId: 'p-worker' },
      { type: 'notify', to: 'area_group', card: 'hazard.closed' },
      { type: 'schedule', job: 'hazard.reinspect', at: at(5 + 7 * 24), action: { type: 'reinspect_due', token: d.next.timers.reinspect } },
    ]);
  });

  it('schedules no reinspection when the plant has none', () => {
    const s = must(scenarioState('awaiting_verification'), { type: 'set_grade', grade: 'general', timing: { ...SCENARIO_TIMING, reinspectAfterMs: null } }, officer, at(4));
    const d = accepted(run(s, { type: 'approve' }, verifier));
    expect(d.next.reinspection.dueAt).toBeNull();
    expect(d.effects.some((e) => e.type === 'schedule')).toBe(false);
  });
});

describe('return', () => {
  it.each(['', '   '])('needs a reason (%j)', (reason) => {
    expect(refusal(run(scenarioState('awaiting_verification'), { type: 'return', reason }, verifier))).toEqual({ code: 'reason_required' });
  });

  it('goes back to rectifying, counts the return and drops the rejected photos', () => {
    const once = accepted(run(scenarioState('awaiting_verification', { delegated: true }), { type: 'return', reason: ' 锁具未更换 ' }, verifier));
    expect(once.next).toMatchObject({ status: 'rectifying', returnedCount: 1, lastReason: '锁具未更换', afterPhotoIds: [], submittedAt: null });
    expect(once.effects).toEqual([{ type: 'notify', to: 'assignee', card: 'hazard.returned', personId: 'p-deputy' }]);
    const resubmitted = must(once.next, { type: 'submit_rectification', afterPhotoIds: ['b'] }, deputy, at(6));
    expect(must(resubmitted, { type: 'return', reason: '仍未更换' }, verifier, at(7)).returnedCount).toBe(2);
  });
});

describe('reject', () => {
  it.each([
    ['without hazard.grade', { type: 'reject', reason: '不是隐患' }, verifier, 'missing_right'],
    ['without a reason', { type: 'reject', reason: ' ' }, officer, 'reason_required'],
  ] as const)('refuses %s', (_n, action, actor, code) => {
    expect(refusal(run(scenarioState('reported'), action, actor))?.code).toBe(code);
  });

  it('is terminal, disarms every timer and tells the reporter and the holder', () => {
    const d = accepted(run(scenarioState('rectifying'), { type: 'reject', reason: '设备已停用，不属隐患' }, officer));
    expect(d.next).toMatchObject({ status: 'rejected', rejectedAt: NOW, rejectedById: 'p-officer', lastReason: '设备已停用，不属隐患' });
    expect(d.next.timers).toEqual({ remind: null, escalate: null, reinspect: null });
    expect(d.effects).toEqual([
      { type: 'notify', to: 'reporter', card: 'hazard.rejected', personId: 'p-reporter' },
      { type: 'notify', to: 'assignee', card: 'hazard.rejected', personId: 'p-worker' },
    ]);
  });

  it('withdraws the major-hazard flag when a major report is rejected', () => {
    const d = accepted(run(scenarioState('reported', { major: true }), { type: 'reject', reason: '误报' }, officer));
    expect(d.effects).toContainEqual({ type: 'major_hazard', flagged: false });
  });
});

describe('set_grade', () => {
  const assigned = scenarioState('assigned');

  it.each([
    ['the same grade', { type: 'set_grade', grade: 'general' }, officer, 'no_change'],
    ['the same grade, deadline and timing', { type: 'set_grade', grade: 'general', deadline: assigned.deadline, timing: SCENARIO_TIMING }, officer, 'no_change'],
    ['a past deadline', { type: 'set_grade', grade: 'major', deadline: at(4) }, officer, 'invalid_deadline'],
    ['without hazard.grade', { type: 'set_grade', grade: 'major' }, verifier, 'missing_right'],
  ] as const)('refuses %s', (_n, action, actor, code) => {
    expect(refusal(run(assigned, action, actor))?.code).toBe(code);
  });

  it('upgrading flags the major hazard and tells the holder the five elements are needed', () => {
    const d = accepted(run(assigned, { type: 'set_grade', grade: 'major' }, officer));
    expect(d.next.grade).toBe('major');
    expect(d.effects).toEqual([
      { type: 'major_hazard', flagged: true },
      { type: 'notify', to: 'assignee', card: 'hazard.grade_changed', personId: 'p-worker' },
      { type: 'notify', to: 'assignee', card: 'hazard.major_elements_required', personId: 'p-worker' },
    ]);
    expect(d.next.timers).toEqual(assigned.timers); // no deadline change: timers stay valid
  });

  it('a new deadline resets the escalation level and re-arms both timers', () => {
    const escalated = must(assigned, { type: 'escalate', token: assigned.timers.escalate ?? '' }, { personId: 'system', rights: ['*'], system: true }, at(100));
    expect(escalated.escalationLevel).toBe(1);
    const d = decideHazard(escalated, { type: 'set_grade', grade: 'major', deadline: at(200) }, officer, at(101));
    const ok = accepted(d);
    expect(ok.next).toMatchObject({ deadline: at(200), escalationLevel: 0 });
    expect(ok.effects).toContainEqual({ type: 'schedule', job: 'hazard.escalate', at: at(224), action: { type: 'escalate', token: ok.next.timers.escalate } });
    expect(ok.effects).toContainEqual({ type: 'schedule', job: 'hazard.remind', at: at(176), action: { type: 'remind', token: ok.next.timers.remind } });
  });

  it('a new timing alone re-arms the next escalation with the new interval', () => {
    const d = accepted(run(assigned, { type: 'set_grade', grade: 'general', timing: { ...SCENARIO_TIMING, escalateEveryMs: 2 * H } }, officer));
    expect(d.next.escalationLevel).toBe(0);
    expect(d.effects).toContainEqual({ type: 'schedule', job: 'hazard.escalate', at: at(74), action: { type: 'escalate', token: d.next.timers.escalate } });
    expect(d.effects.some((e) => e.type === 'major_hazard')).toBe(false);
  });
});

describe('record_major_elements', () => {
  const major = must(scenarioState('assigned'), { type: 'set_grade', grade: 'major' }, officer, at(2));
  const full = { measures: '更换防爆配电箱', responsiblePersonId: 'p-director', fundsYuan: 12000, deadline: at(300), emergencyPlan: 'EP-电气-03' };

  it.each([
    ['a general hazard', scenarioState('assigned'), { measures: 'x' }, officer, { code: 'not_major' }],
    ['without hazard.major_elements', major, { measures: 'x' }, { personId: 'p-x', rights: ['hazard.grade'] }, { code: 'missing_right', params: { right: 'hazard.major_elements' } }],
    ['an empty record', major, {}, officer, { code: 'no_change' }],
    ['blank or impossible values', major, { measures: ' ', fundsYuan: -1, deadline: new Date('x'), emergencyPlan: 'ok' }, officer, { code: 'invalid_major_elements', params: { fields: ['measures', 'funds', 'deadline'] } }],
  ] as const)('refuses %s', (_n, state, elements, actor, expected) => {
    expect(refusal(run(state, { type: 'record_major_elements', elements }, actor))).toEqual(expected);
  });

  it('merges partial records and tells the holder once all five are in', () => {
    const first = accepted(run(major, { type: 'record_major_elements', elements: { measures: ' 更换防爆配电箱 ', fundsYuan: 12000 } }, officer));
    expect(first.next.majorElements).toEqual({ measures: '更换防爆配电箱', fundsYuan: 12000 });
    expect(first.effects).toEqual([]);
    const rest = { responsiblePersonId: full.responsiblePersonId, deadline: full.deadline, emergencyPlan: full.emergencyPlan };
    const second = accepted(decideHazard(first.next, { type: 'record_major_elements', elements: rest }, officer, NOW));
    expect(second.next.majorElements).toEqual(full);
    expect(second.effects).toEqual([{ type: 'notify', to: 'assignee', card: 'hazard.major_elements_complete', personId: 'p-worker' }]);
    expect(must(second.next, { type: 'start_rectification' }, worker, NOW).status).toBe('rectifying');
  });
});
