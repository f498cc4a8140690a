import { ALLOWED_STATES, decidePermit } from './permitMachine';
import { at, hotPermitIn, P, passingTest, TZ } from './permitFixtures';
import { Actor, PERMIT_STATUSES, PermitAction, PermitActionType, PermitStatus } from './permitState';

/**
 * Every state × every action, each with a well-formed request by the usual actor. The expected
 * outcome is the next status ('→x') or the refusal code ('!code'). The HOT 一级 fixture is used, so
 * end_with_parent (TMP only) answers not_dependent_permit; its TMP outcomes are in permitLifecycle.test.ts.
 */
const REQUESTS: Record<PermitActionType, { action: PermitAction; actor: Actor; now: Date }> = {
  submit: { action: { type: 'submit' }, actor: P.applicant, now: at(20) },
  approve: { action: { type: 'approve', mode: 'onsite' }, actor: P.boss, now: at(20) },
  reject: { action: { type: 'reject', reason: '气体分析点不全' }, actor: P.boss, now: at(20) },
  check_in: { action: { type: 'check_in', geofencePassed: true, distanceM: 8 }, actor: P.guardian, now: at(20) },
  shift_check: { action: { type: 'shift_check' }, actor: P.shift, now: at(20) },
  interrupt: { action: { type: 'interrupt', reason: '监护人离开' }, actor: P.guardian, now: at(20) },
  resume: { action: { type: 'resume', conditionsReconfirmed: true }, actor: P.guardian, now: at(20) },
  record_gas_test: { action: { type: 'record_gas_test', test: passingTest('g-matrix', at(19)) }, actor: P.worker, now: at(20) },
  place_hold: { action: { type: 'place_hold', holdId: 'h-matrix', reason: '大风' }, actor: P.weather, now: at(20) },
  release_hold: { action: { type: 'release_hold', holdId: 'h-1' }, actor: P.alarm, now: at(20) },
  complete: { action: { type: 'complete' }, actor: P.guardian, now: at(20) },
  accept: { action: { type: 'accept' }, actor: P.unit, now: at(20) },
  cancel: { action: { type: 'cancel', reason: '计划调整' }, actor: P.applicant, now: at(20) },
  expire: { action: { type: 'expire' }, actor: P.scheduler, now: at(9 * 60) },
  void: { action: { type: 'void', cause: 'location' }, actor: P.guardian, now: at(20) },
  end_with_parent: { action: { type: 'end_with_parent', parentPermitId: 'parent-1' }, actor: P.scheduler, now: at(20) },
};

const X = '!invalid_state';
const ACTIONS = Object.keys(REQUESTS) as PermitActionType[];
const TERMINAL = Object.fromEntries(ACTIONS.map((a) => [a, X])) as Record<PermitActionType, string>;
const row = (cells: Partial<Record<PermitActionType, string>>) => ({ ...TERMINAL, ...cells });
const NOT_DEP = '!not_dependent_permit';
const ENDS = { expire: '→expired', void: '→voided', end_with_parent: NOT_DEP };

const EXPECTED: Record<PermitStatus, Record<PermitActionType, string>> = {
  draft: row({ submit: '→submitted', cancel: '→cancelled', end_with_parent: NOT_DEP }),
  submitted: row({ approve: '→approving', reject: '→rejected', record_gas_test: '→submitted', cancel: '→cancelled', ...ENDS }),
  approving: row({ approve: '→approved', reject: '→rejected', record_gas_test: '→approving', cancel: '→cancelled', ...ENDS }),
  approved: row({
    check_in: '!shift_check_required', shift_check: '→approved', record_gas_test: '→approved', place_hold: '→suspended', cancel: '→cancelled', ...ENDS,
  }),
  active: row({ interrupt: '→interrupted', record_gas_test: '→active', place_hold: '→suspended', complete: '→completed', ...ENDS }),
  interrupted: row({ resume: '→active', record_gas_test: '→interrupted', place_hold: '→suspended', complete: '→completed', ...ENDS }),
  suspended: row({ resume: '!holds_active', record_gas_test: '→suspended', place_hold: '→suspended', release_hold: '→suspended', ...ENDS }),
  completed: row({ accept: '→closed' }),
  closed: TERMINAL,
  rejected: TERMINAL,
  cancelled: TERMINAL,
  expired: TERMINAL,
  voided: TERMINAL,
};

const CELLS = PERMIT_STATUSES.flatMap((status) => ACTIONS.map((action) => [status, action, EXPECTED[status][action]] as const));

describe('decidePermit: every state × action', () => {
  it('covers all 13 states and 16 actions', () => {
    expect(CELLS).toHaveLength(13 * 16);
  });

  it.each(CELLS)('%s × %s → %s', (status, action, expected) => {
    const state = hotPermitIn(status);
    expect(state.status).toBe(status);
    const req = REQUESTS[action];
    const d = decidePermit(state, req.action, req.actor, req.now, { timezone: TZ });
    const got = 'refusal' in d ? `!${d.refusal.code}` : `→${d.next.status}`;
    expect(got).toBe(expected);
    if ('refusal' in d && d.refusal.code === 'invalid_state') expect(d.refusal.params).toEqual({ status, action });
  });

  it('the state gate agrees with the table: every allowed cell passes the gate', () => {
    for (const [status, action, expected] of CELLS) {
      expect(ALLOWED_STATES[action].includes(status)).toBe(expected !== X);
    }
  });

  it('never mutates the input state', () => {
    const state = hotPermitIn('active');
    const before = JSON.stringify(state);
    decidePermit(state, { type: 'interrupt', reason: 'x' }, P.guardian, at(30), { timezone: TZ });
    decidePermit(state, { type: 'place_hold', holdId: 'h', reason: 'x' }, P.alarm, at(30), { timezone: TZ });
    expect(JSON.stringify(state)).toBe(before);
  });
});
