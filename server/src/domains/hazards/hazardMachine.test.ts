import { decideHazard, isHazardRefusal } from './hazardMachine';
import { SCENARIO_ACTORS, SCENARIO_PEOPLE, SCENARIO_T0, scenarioState } from './hazardScenario';
import { allowedActions } from './hazardStatusGate';
import {
  HAZARD_ACTION_TYPES,
  HAZARD_REFUSAL_CODES,
  HAZARD_STATUSES,
  HazardAction,
  HazardActionType,
  HazardActor,
  HazardState,
  HazardStatus,
  SYSTEM_ACTOR,
} from './hazardTypes';

// Ten days after the report: past the deadline (72 h) and past the reinspection due date (closed + 7 d).
const NOW = new Date(SCENARIO_T0.getTime() + 10 * 24 * 3_600_000);
const allowAll = { canDelegate: () => true };

/** A well-formed action by the right actor, so that only the status decides. */
function probe(type: HazardActionType, s: HazardState): { action: HazardAction; actor: HazardActor } {
  const { officer, worker, reporter } = SCENARIO_ACTORS;
  switch (type) {
    case 'assign':
      return { action: { type, assigneeId: SCENARIO_PEOPLE.worker }, actor: officer };
    case 'reassign':
      return { action: { type, assigneeId: SCENARIO_PEOPLE.other }, actor: officer };
    case 'delegate':
      return { action: { type, delegateId: SCENARIO_PEOPLE.deputy }, actor: worker };
    case 'start_rectification':
      return { action: { type }, actor: worker };
    case 'submit_rectification':
      return { action: { type, afterPhotoIds: ['ph-2'] }, actor: worker };
    case 'approve':
      return { action: { type }, actor: officer };
    case 'return':
    case 'reject':
      return { action: { type, reason: '照片不清楚' }, actor: officer };
    case 'set_grade':
      return { action: { type, grade: 'general' }, actor: officer };
    case 'record_major_elements':
      return { action: { type, elements: { measures: '更换锁具并每日点检' } }, actor: officer };
    case 'remind':
      return { action: { type, token: s.timers.remind ?? 'none' }, actor: SYSTEM_ACTOR };
    case 'escalate':
      return { action: { type, token: s.timers.escalate ?? 'none' }, actor: SYSTEM_ACTOR };
    case 'reinspect_due':
      return { action: { type, token: s.timers.reinspect ?? 'none' }, actor: SYSTEM_ACTOR };
    case 'reinspect_ok':
    case 'reinspect_recurred':
      return { action: { type }, actor: reporter };
  }
}

const ok = 'ok';
// Rows: status; columns: HAZARD_ACTION_TYPES order. The full allow/refuse matrix of the machine.
const COLUMNS = HAZARD_ACTION_TYPES;
const MATRIX: Record<HazardStatus, string[]> = {
  //                       assign            reassign          delegate          start_rect.        submit_rect.        approve           return            reject            set_grade         record_major      remind         escalate       reinspect_due  reinspect_ok           reinspect_recurred
  reported:              [ok,                'invalid_status', 'invalid_status', 'invalid_status',  'invalid_status',   'invalid_status', 'invalid_status', ok,               ok,               ok,               'stale_timer', ok,            'stale_timer', 'invalid_status',      'invalid_status'],
  assigned:              ['already_assigned', ok,              ok,               ok,                'invalid_status',   'invalid_status', 'invalid_status', ok,               ok,               ok,               ok,            ok,            'stale_timer', 'invalid_status',      'invalid_status'],
  rectifying:            ['already_assigned', ok,              ok,               'already_started', ok,                 'invalid_status', 'invalid_status', ok,               ok,               ok,               ok,            ok,            'stale_timer', 'invalid_status',      'invalid_status'],
  awaiting_verification: ['already_assigned', 'invalid_status', 'invalid_status', 'already_started', 'already_submitted', ok,              ok,               'invalid_status', ok,               ok,               'stale_timer', ok,            'stale_timer', 'invalid_status',      'invalid_status'],
  closed:                ['already_closed',  'already_closed', 'already_closed', 'already_closed',  'already_closed',   'already_closed', 'already_closed', 'already_closed', 'already_closed', 'already_closed', 'stale_timer', 'stale_timer', ok,            ok,                    ok],
  reinspected:           ['already_closed',  'already_closed', 'already_closed', 'already_closed',  'already_closed',   'already_closed', 'already_closed', 'already_closed', 'already_closed', 'already_closed', 'stale_timer', 'stale_timer', 'stale_timer', 'already_reinspected', 'already_reinspected'],
  rejected:              ['already_rejected', 'already_rejected', 'already_rejected', 'already_rejected', 'already_rejected', 'already_rejected', 'already_rejected', 'already_rejected', 'already_rejected', 'already_rejected', 'stale_timer', 'stale_timer', 'stale_timer', 'already_rejected', 'already_rejected'],
};

function outcome(status: HazardStatus, type: HazardActionType) {
  const state = scenarioState(status, { major: true });
  const { action, actor } = probe(type, state);
  const before = JSON.stringify(state);
  const decision = decideHazard(state, action, actor, NOW, allowAll);
  return { state, before, decision };
}

describe('decideHazard: every status × action', () => {
  const pairs = HAZARD_STATUSES.flatMap((status) => COLUMNS.map((type, i) => [status, type, MATRIX[status][i]] as const));

  it('the matrix covers every status and action', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...HAZARD_STATUSES].sort());
    for (const row of Object.values(MATRIX)) expect(row).toHaveLength(HAZARD_ACTION_TYPES.length);
  });

  it.each(pairs)('%s × %s → %s', (status, type, expected) => {
    const { state, before, decision } = outcome(status, type);
    const got = isHazardRefusal(decision) ? decision.refusal.code : ok;
    expect(got).toBe(expected);
    expect(JSON.stringify(state)).toBe(before); // the input is never mutated
    if (isHazardRefusal(decision)) {
      expect(HAZARD_REFUSAL_CODES).toContain(decision.refusal.code);
    } else {
      expect(decision.next.version).toBe(state.version + 1);
      expect(decision.next.updatedAt).toEqual(NOW);
      // Every scheduled job carries the token the state now holds, so the job will be honoured once.
      for (const e of decision.effects) {
        if (e.type !== 'schedule') continue;
        const slot = e.job === 'hazard.remind' ? 'remind' : e.job === 'hazard.escalate' ? 'escalate' : 'reinspect';
        expect(decision.next.timers[slot]).toBe(e.action.token);
      }
    }
  });

  it('allowedActions agrees with the matrix for a suitable actor', () => {
    for (const status of HAZARD_STATUSES) {
      const allowedByMatrix = COLUMNS.filter((_, i) => MATRIX[status][i] === ok);
      expect(allowedActions(status)).toEqual(allowedByMatrix);
    }
  });

  it('renders the matrix for review (snapshot of allow/refuse)', () => {
    const table = HAZARD_STATUSES.map((status) => `${status}: ${COLUMNS.filter((_, i) => MATRIX[status][i] === ok).join(', ') || '-'}`);
    expect(table).toEqual([
      'reported: assign, reject, set_grade, record_major_elements, escalate',
      'assigned: reassign, delegate, start_rectification, reject, set_grade, record_major_elements, remind, escalate',
      'rectifying: reassign, delegate, submit_rectification, reject, set_grade, record_major_elements, remind, escalate',
      'awaiting_verification: approve, return, set_grade, record_major_elements, escalate',
      'closed: reinspect_due, reinspect_ok, reinspect_recurred',
      'reinspected: -',
      'rejected: -',
    ]);
  });
});

describe('decideHazard: actor kind and version gates', () => {
  const assigned = scenarioState('assigned');

  it.each([
    ['a person cannot fire a timer', { type: 'remind', token: assigned.timers.remind ?? '' }, SCENARIO_ACTORS.officer, 'system_only'],
    ['the system cannot verify', { type: 'approve' }, SYSTEM_ACTOR, 'human_only'],
    ['the system cannot reject', { type: 'reject', reason: 'x' }, SYSTEM_ACTOR, 'human_only'],
    ['a stale card version is refused', { type: 'start_rectification', expectedVersion: 1 }, SCENARIO_ACTORS.worker, 'version_conflict'],
  ] as const)('%s', (_name, action, actor, code) => {
    const d = decideHazard(assigned, action as HazardAction, actor, NOW);
    expect(isHazardRefusal(d) && d.refusal.code).toBe(code);
  });

  it('the system may auto-assign a new report', () => {
    const d = decideHazard(scenarioState('reported'), { type: 'assign', assigneeId: 'p-x' }, SYSTEM_ACTOR, NOW);
    expect(isHazardRefusal(d)).toBe(false);
  });

  it('a matching card version is accepted and reports both versions on conflict', () => {
    const good = decideHazard(assigned, { type: 'start_rectification', expectedVersion: assigned.version }, SCENARIO_ACTORS.worker, NOW);
    expect(isHazardRefusal(good)).toBe(false);
    const bad = decideHazard(assigned, { type: 'start_rectification', expectedVersion: 99 }, SCENARIO_ACTORS.worker, NOW);
    expect(bad).toEqual({ refusal: { code: 'version_conflict', params: { expected: 99, actual: assigned.version } } });
  });

  it('approving twice: the second click is already_closed, even with the old card version', () => {
    const waiting = scenarioState('awaiting_verification');
    const first = decideHazard(waiting, { type: 'approve', expectedVersion: waiting.version }, SCENARIO_ACTORS.officer, NOW);
    if (isHazardRefusal(first)) throw new Error('first approve refused');
    const second = decideHazard(first.next, { type: 'approve', expectedVersion: waiting.version }, SCENARIO_ACTORS.officer, NOW);
    expect(second).toEqual({ refusal: { code: 'already_closed' } });
  });

  it('throws on an unknown action type (a programming error, not a refusal)', () => {
    expect(() => decideHazard(assigned, { type: 'explode' } as unknown as HazardAction, SCENARIO_ACTORS.officer, NOW)).toThrow(TypeError);
  });
});
