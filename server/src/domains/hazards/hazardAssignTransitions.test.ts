import { decideHazard, isHazardRefusal } from './hazardMachine';
import { must, SCENARIO_ACTORS, SCENARIO_PEOPLE, SCENARIO_T0, scenarioState } from './hazardScenario';
import { HazardAction, HazardActor, HazardDecideOptions, HazardDecision, HazardState, SYSTEM_ACTOR } from './hazardTypes';

const H = 3_600_000;
const at = (h: number) => new Date(SCENARIO_T0.getTime() + h * H);
const NOW = at(5);
const { officer, worker, deputy, other, reporter } = SCENARIO_ACTORS;
const allowAll: HazardDecideOptions = { canDelegate: () => true };

function code(d: HazardDecision) {
  return isHazardRefusal(d) ? d.refusal : null;
}
function accepted(d: HazardDecision) {
  if (isHazardRefusal(d)) throw new Error(`refused: ${JSON.stringify(d.refusal)}`);
  return d;
}
const run = (s: HazardState, a: HazardAction, actor: HazardActor, opts: HazardDecideOptions = allowAll) => decideHazard(s, a, actor, NOW, opts);

describe('assign', () => {
  const reported = scenarioState('reported');

  it.each([
    ['without hazard.assign', { type: 'assign', assigneeId: 'p-x' }, worker, { code: 'missing_right', params: { right: 'hazard.assign' } }],
    ['blank assignee', { type: 'assign', assigneeId: '  ' }, officer, { code: 'assignee_required' }],
    ['deadline in the past', { type: 'assign', assigneeId: 'p-x', deadline: at(1) }, officer, { code: 'invalid_deadline' }],
    ['invalid deadline', { type: 'assign', assigneeId: 'p-x', deadline: new Date('nope') }, officer, { code: 'invalid_deadline' }],
  ] as const)('refuses %s', (_n, action, actor, refusal) => {
    expect(code(run(reported, action as HazardAction, actor))).toEqual(refusal);
  });

  it('notifies the assignee and arms the reminder 24 h before the deadline', () => {
    const d = accepted(run(reported, { type: 'assign', assigneeId: SCENARIO_PEOPLE.worker, reviewerId: SCENARIO_PEOPLE.officer }, officer));
    expect(d.next).toMatchObject({ status: 'assigned', assigneeId: 'p-worker', reviewerId: 'p-officer', assignedAt: NOW, version: reported.version + 1 });
    expect(d.effects).toEqual([
      { type: 'notify', to: 'assignee', card: 'hazard.assignment', personId: 'p-worker' },
      { type: 'schedule', job: 'hazard.remind', at: at(48), action: { type: 'remind', token: d.next.timers.remind } },
    ]);
    expect(d.next.timers.escalate).toBe(reported.timers.escalate); // same deadline: the ladder is untouched
  });

  it('a new deadline restarts escalation and moves the reminder', () => {
    const d = accepted(run(reported, { type: 'assign', assigneeId: 'p-worker', deadline: at(10) }, officer));
    expect(d.next.deadline).toEqual(at(10));
    expect(d.next.escalationLevel).toBe(0);
    expect(d.effects).toContainEqual({ type: 'schedule', job: 'hazard.escalate', at: at(34), action: { type: 'escalate', token: d.next.timers.escalate } });
    // 10 h - 24 h is before now: no reminder rather than one that merely repeats the assignment card.
    expect(d.effects.some((e) => e.type === 'schedule' && e.job === 'hazard.remind')).toBe(false);
    expect(d.next.timers.remind).toBeNull();
    const old = decideHazard(d.next, { type: 'escalate', token: reported.timers.escalate ?? '' }, SYSTEM_ACTOR, at(100));
    expect(code(old)).toEqual({ code: 'stale_timer' });
  });
});

describe('reassign', () => {
  const delegated = scenarioState('rectifying', { delegated: true });

  it.each([
    ['to the same assignee', { type: 'reassign', assigneeId: 'p-worker' }, officer, 'same_assignee'],
    ['without hazard.assign', { type: 'reassign', assigneeId: 'p-other' }, worker, 'missing_right'],
    ['to nobody', { type: 'reassign', assigneeId: '' }, officer, 'assignee_required'],
  ] as const)('refuses %s', (_n, action, actor, expected) => {
    expect(code(run(delegated, action as HazardAction, actor))?.code).toBe(expected);
  });

  it('moves the hazard back to assigned, clears the delegation and warns the people it is taken from', () => {
    const d = accepted(run(delegated, { type: 'reassign', assigneeId: 'p-other', reason: '人员调岗' }, officer));
    expect(d.next).toMatchObject({ status: 'assigned', assigneeId: 'p-other', delegateId: null, startedAt: null, lastReason: '人员调岗' });
    expect(d.effects.filter((e) => e.type === 'notify')).toEqual([
      { type: 'notify', to: 'previous_assignee', card: 'hazard.reassigned_away', personId: 'p-worker' },
      { type: 'notify', to: 'delegate', card: 'hazard.reassigned_away', personId: 'p-deputy' },
      { type: 'notify', to: 'assignee', card: 'hazard.assignment', personId: 'p-other' },
    ]);
  });

  it("makes the previous assignee's reminder stale and arms a fresh one", () => {
    const d = accepted(run(delegated, { type: 'reassign', assigneeId: 'p-other' }, officer));
    expect(d.next.timers.remind).not.toBe(delegated.timers.remind);
    expect(code(decideHazard(d.next, { type: 'remind', token: delegated.timers.remind ?? '' }, SYSTEM_ACTOR, at(48)))).toEqual({ code: 'stale_timer' });
    expect(isHazardRefusal(decideHazard(d.next, { type: 'remind', token: d.next.timers.remind ?? '' }, SYSTEM_ACTOR, at(48)))).toBe(false);
  });
});

describe('delegate', () => {
  const assigned = scenarioState('assigned');
  const delegated = scenarioState('assigned', { delegated: true });

  it.each([
    ['by someone else', assigned, { type: 'delegate', delegateId: 'p-deputy' }, other, allowAll, { code: 'not_assignee' }],
    ['without hazard.rectify', assigned, { type: 'delegate', delegateId: 'p-deputy' }, { personId: 'p-worker', rights: [] }, allowAll, { code: 'missing_right', params: { right: 'hazard.rectify' } }],
    ['by the delegate (no chains)', delegated, { type: 'delegate', delegateId: 'p-other' }, deputy, allowAll, { code: 'not_assignee' }],
    ['to oneself', assigned, { type: 'delegate', delegateId: 'p-worker' }, worker, allowAll, { code: 'invalid_delegate' }],
    ['to a blank id', assigned, { type: 'delegate', delegateId: ' ' }, worker, allowAll, { code: 'invalid_delegate' }],
    ['without a policy', assigned, { type: 'delegate', delegateId: 'p-deputy' }, worker, {}, { code: 'delegate_not_allowed', params: { delegateId: 'p-deputy' } }],
    ['when the policy says no', assigned, { type: 'delegate', delegateId: 'p-deputy' }, worker, { canDelegate: () => false }, { code: 'delegate_not_allowed', params: { delegateId: 'p-deputy' } }],
    ['to the current delegate', delegated, { type: 'delegate', delegateId: 'p-deputy' }, worker, allowAll, { code: 'no_change' }],
    ['ending a delegation that does not exist', assigned, { type: 'delegate', delegateId: null }, worker, allowAll, { code: 'no_change' }],
  ] as const)('refuses %s', (_n, state, action, actor, opts, refusal) => {
    expect(code(run(state, action as HazardAction, actor, opts))).toEqual(refusal);
  });

  it('asks the policy with (assigneeId, delegateId) and notifies the delegate', () => {
    const canDelegate = jest.fn(() => true);
    const d = accepted(run(assigned, { type: 'delegate', delegateId: 'p-deputy' }, worker, { canDelegate }));
    expect(canDelegate).toHaveBeenCalledWith('p-worker', 'p-deputy');
    expect(d.next).toMatchObject({ delegateId: 'p-deputy', status: 'assigned' });
    expect(d.effects).toEqual([{ type: 'notify', to: 'delegate', card: 'hazard.delegated', personId: 'p-deputy' }]);
  });

  it('switching or ending a delegation tells the previous delegate', () => {
    const switched = accepted(run(delegated, { type: 'delegate', delegateId: 'p-other' }, worker));
    expect(switched.effects[0]).toEqual({ type: 'notify', to: 'delegate', card: 'hazard.delegation_ended', personId: 'p-deputy' });
    const ended = accepted(run(delegated, { type: 'delegate', delegateId: null }, worker));
    expect(ended.next.delegateId).toBeNull();
    expect(ended.effects).toEqual([{ type: 'notify', to: 'delegate', card: 'hazard.delegation_ended', personId: 'p-deputy' }]);
  });

  it('the delegate may start and submit; the assignee still may too', () => {
    const started = must(delegated, { type: 'start_rectification' }, deputy, NOW);
    expect(started.status).toBe('rectifying');
    expect(must(started, { type: 'submit_rectification', afterPhotoIds: ['a'] }, worker, NOW).status).toBe('awaiting_verification');
  });
});

describe('start_rectification', () => {
  it.each([
    ['someone else', { personId: 'p-other', rights: ['*'] }, 'not_assignee'],
    ['the reporter', reporter, 'missing_right'],
  ] as const)('is refused for %s', (_n, actor, expected) => {
    expect(code(run(scenarioState('assigned'), { type: 'start_rectification' }, actor))?.code).toBe(expected);
  });

  it('a major hazard cannot start before the five elements are recorded', () => {
    const s = must(scenarioState('assigned'), { type: 'set_grade', grade: 'major' }, officer, at(2));
    expect(code(run(s, { type: 'start_rectification' }, worker))).toEqual({
      code: 'major_elements_missing',
      params: { missing: ['measures', 'responsible_person', 'funds', 'deadline', 'emergency_plan'] },
    });
    const partly = must(s, { type: 'record_major_elements', elements: { measures: 'm', fundsYuan: 0 } }, officer, at(3));
    expect(code(run(partly, { type: 'start_rectification' }, worker))?.params).toEqual({ missing: ['responsible_person', 'deadline', 'emergency_plan'] });
  });

  it('starts with no effects and records the time', () => {
    const d = accepted(run(scenarioState('assigned', { major: true }), { type: 'start_rectification' }, worker));
    expect(d.next).toMatchObject({ status: 'rectifying', startedAt: NOW });
    expect(d.effects).toEqual([]);
  });
});

describe('submit_rectification', () => {
  const rectifying = scenarioState('rectifying');

  it.each([[[]], [['', '  ']]])('needs at least one after-photo: %j', (afterPhotoIds) => {
    expect(code(run(rectifying, { type: 'submit_rectification', afterPhotoIds }, worker))).toEqual({ code: 'after_photo_required' });
  });

  it('is refused for a major hazard upgraded mid-rectification until the elements are in', () => {
    const s = must(rectifying, { type: 'set_grade', grade: 'major' }, officer, at(3));
    expect(code(run(s, { type: 'submit_rectification', afterPhotoIds: ['a'] }, worker))?.code).toBe('major_elements_missing');
  });

  it('keeps distinct trimmed photo ids and asks the pinned reviewer', () => {
    const s = scenarioState('rectifying', { reviewerId: 'p-reviewer' });
    const d = accepted(run(s, { type: 'submit_rectification', afterPhotoIds: [' a ', 'b', 'a'] }, worker));
    expect(d.next).toMatchObject({ status: 'awaiting_verification', afterPhotoIds: ['a', 'b'], submittedAt: NOW });
    expect(d.effects).toEqual([{ type: 'notify', to: 'reviewer', card: 'hazard.verification', personId: 'p-reviewer' }]);
  });

  it('asks the reviewer role when no reviewer is pinned', () => {
    const d = accepted(run(rectifying, { type: 'submit_rectification', afterPhotoIds: ['a'] }, worker));
    expect(d.effects).toEqual([{ type: 'notify', to: 'reviewer', card: 'hazard.verification' }]);
  });
});
