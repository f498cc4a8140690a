import { createPermitDraft } from './permitDraft';
import { at, draftInput, hotPermitIn, P, step, TZ } from './permitFixtures';
import { decidePermit } from './permitMachine';
import { Actor, PermitAction, PermitState } from './permitState';
import { resolvePolicy } from './policyOverrides';
import { NATIONAL_PERMIT_POLICY } from './permitTypes';

const decide = (s: PermitState, a: PermitAction, actor: Actor, now = at(-15)) => decidePermit(s, a, actor, now, { timezone: TZ });
const outcome = (d: ReturnType<typeof decide>) => ('refusal' in d ? `!${d.refusal.code}` : `→${d.next.status}`);
const onsite: PermitAction = { type: 'approve', mode: 'onsite' };

describe('submit', () => {
  it.each([
    ['applicant', P.applicant, at(-30), '→submitted'],
    ['someone else', P.leader, at(-30), '!not_applicant'],
    ['a system', P.scheduler, at(-30), '!not_applicant'],
    ['after the window ended', P.applicant, at(8 * 60), '!window_ended'],
  ])('%s', (_name, actor, now, expected) => {
    expect(outcome(decide(hotPermitIn('draft'), { type: 'submit' }, actor, now))).toBe(expected);
  });

  it('notifies the first step and schedules expiry at the window end', () => {
    const d = decide(hotPermitIn('draft'), { type: 'submit' }, P.applicant, at(-30));
    expect('effects' in d && d.effects).toEqual([
      { type: 'notify_approvers', step: 0, stepId: 'unit', roles: ['unit_head'] },
      { type: 'schedule_expiry', at: at(8 * 60).toISOString() },
    ]);
  });
});

describe('approve refusals (HOT 一级, step 1 of 2 signed by p-unit)', () => {
  it.each([
    ['a system actor', hotPermitIn('approving'), P.alarm, onsite, '!person_required'],
    ['the applicant', hotPermitIn('approving'), { ...P.applicant, roles: ['safety_dept'] } as Actor, onsite, '!applicant_cannot_approve'],
    ['the same approver twice', hotPermitIn('approving'), { ...P.unit, roles: ['unit_head', 'safety_dept'] } as Actor, onsite, '!already_approved'],
    ['a person without the step role', hotPermitIn('approving'), P.stranger, onsite, '!not_step_role'],
    ['remote approval where the policy forbids it', hotPermitIn('approving'), P.safety, { type: 'approve', mode: 'remote' }, '!remote_approval_not_allowed'],
    ['"on site" while the geofence says otherwise', hotPermitIn('approving'), P.safety, { type: 'approve', mode: 'onsite', geofencePassed: false, distanceM: 2300 }, '!outside_geofence'],
    ['on site by the right role', hotPermitIn('approving'), P.safety, onsite, '→approved'],
    ['on site with a passed geofence', hotPermitIn('approving'), P.safety, { type: 'approve', mode: 'onsite', geofencePassed: true, distanceM: 20 }, '→approved'],
  ] as Array<[string, PermitState, Actor, PermitAction, string]>)('%s', (_name, state, actor, action, expected) => {
    expect(outcome(decide(state, action, actor))).toBe(expected);
  });

  it('names the roles the step needs and cites 4.11 for remote approval', () => {
    const wrong = decide(hotPermitIn('approving'), onsite, P.stranger);
    expect('refusal' in wrong && wrong.refusal.params).toEqual({ stepId: 'approver', roles: ['safety_dept'] });
    const remote = decide(hotPermitIn('approving'), { type: 'approve', mode: 'remote' }, P.safety);
    expect('refusal' in remote && remote.refusal.sourceRef).toBe('GB 30871-2022 4.11 a)');
  });

  it('refuses approval after the window ended', () => {
    expect(outcome(decide(hotPermitIn('approving'), onsite, P.safety, at(8 * 60 + 1)))).toBe('!window_ended');
  });

  it('allows remote approval only where a plant loosened it with a reason, and records the mode', () => {
    const { policy } = resolvePolicy(NATIONAL_PERMIT_POLICY, {
      types: { HOT: { levels: { L1: { remoteApprovalAllowed: { value: true, loosen: true, reason: '夜间远程视频审批试点', approvedBy: 'safety-director' } } } } },
    });
    const d = decide(hotPermitIn('approving', policy), { type: 'approve', mode: 'remote' }, P.safety);
    expect(outcome(d)).toBe('→approved');
    expect('next' in d && d.next.approvals.map((a) => a.mode)).toEqual(['onsite', 'remote']);
  });
});

describe('approval chains', () => {
  it('walks HOT 特级 through unit, safety and senior manager, notifying each step', () => {
    let s = createPermitDraft(draftInput('HOT', 'special'), NATIONAL_PERMIT_POLICY);
    s = step(s, { type: 'submit' }, P.applicant, at(-60));
    s = step(s, onsite, P.unit, at(-50));
    const d = decide(s, onsite, P.safety, at(-40));
    expect('effects' in d && d.effects).toEqual([{ type: 'notify_approvers', step: 2, stepId: 'approver', roles: ['senior_manager'] }]);
    s = step(s, onsite, P.safety, at(-40));
    expect(s.status).toBe('approving');
    s = step(s, onsite, P.senior, at(-30));
    expect(s.status).toBe('approved');
  });

  it('needs every co-signer of an EXC co-sign step before moving on', () => {
    let s = createPermitDraft(draftInput('EXC', 'single'), NATIONAL_PERMIT_POLICY);
    s = step(s, { type: 'submit' }, P.applicant, at(-60));
    s = step(s, onsite, P.unit, at(-55));
    const cosigners = ['water_dept', 'electrical_dept', 'steam_dept', 'process_dept', 'equipment_dept', 'fire_dept', 'safety_dept'];
    cosigners.forEach((role, i) => {
      expect(s.step).toBe(1);
      s = step(s, onsite, { kind: 'person', personId: `p-${role}`, roles: [role] }, at(-50 + i));
    });
    expect(s.step).toBe(2);
    expect(outcome(decide(s, onsite, { kind: 'person', personId: 'p-water2', roles: ['water_dept'] }))).toBe('!not_step_role');
    s = step(s, onsite, { kind: 'person', personId: 'p-spec', roles: ['specialist_dept'] }, at(-30));
    expect(s.status).toBe('approved');
  });

  it('refuses a second signature for a co-sign role already signed', () => {
    let s = createPermitDraft(draftInput('RDB', 'single'), NATIONAL_PERMIT_POLICY);
    s = step(s, { type: 'submit' }, P.applicant, at(-60));
    s = step(s, onsite, P.unit, at(-55));
    s = step(s, onsite, { kind: 'person', personId: 'p-fire', roles: ['fire_dept'] }, at(-50));
    const d = decide(s, onsite, { kind: 'person', personId: 'p-fire2', roles: ['fire_dept'] });
    expect('refusal' in d && d.refusal).toEqual({ code: 'not_step_role', params: { stepId: 'cosign', roles: ['safety_dept'] } });
  });

  it('puts the fatigue review step in front of the chain', () => {
    const review = { id: 'fatigue_review', kind: 'review' as const, mode: 'any' as const, roles: ['team_leader'], sourceRef: 'plant' };
    const s = createPermitDraft(draftInput('CSE', 'single', { extraApprovalSteps: [review] }), NATIONAL_PERMIT_POLICY);
    expect(s.chain.map((c) => c.id)).toEqual(['fatigue_review', 'approver']);
  });
});

describe('reject', () => {
  it.each([
    ['with a reason by the step role', P.unit, '退回', '→rejected'],
    ['without a reason', P.unit, '  ', '!reason_required'],
    ['by someone outside the step', P.safety, '退回', '!not_step_role'],
    ['by a system', P.alarm, '退回', '!person_required'],
  ])('%s', (_name, actor, reason, expected) => {
    expect(outcome(decide(hotPermitIn('submitted'), { type: 'reject', reason }, actor))).toBe(expected);
  });

  it('keeps the reason and the step on the ended record', () => {
    const d = decide(hotPermitIn('submitted'), { type: 'reject', reason: '退回' }, P.unit);
    expect('next' in d && d.next.ended).toEqual({ code: 'rejected', byId: 'p-unit', at: at(-15).toISOString(), params: { reason: '退回', stepId: 'unit' } });
  });
});
