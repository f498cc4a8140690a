import { openHazard } from './openHazard';
import { reviveHazardState } from './reviveHazardState';
import { SCENARIO_T0, SCENARIO_TIMING, scenarioState } from './hazardScenario';
import { HAZARD_STATUSES } from './hazardTypes';

const H = 3_600_000;
const input = {
  id: 'hz-9',
  code: 'YH-20261124-0009',
  reporterId: 'p-reporter',
  grade: 'general' as const,
  deadline: new Date(SCENARIO_T0.getTime() + 72 * H),
  timing: SCENARIO_TIMING,
};

describe('openHazard', () => {
  it('starts reported at version 1, tells the area group and arms the first escalation', () => {
    const { state, effects } = openHazard(input, SCENARIO_T0);
    expect(state).toMatchObject({ status: 'reported', version: 1, assigneeId: null, escalationLevel: 0, createdAt: SCENARIO_T0, reviewerRole: null });
    expect(effects).toEqual([
      { type: 'notify', to: 'area_group', card: 'hazard.reported' },
      { type: 'schedule', job: 'hazard.escalate', at: new Date(SCENARIO_T0.getTime() + 96 * H), action: { type: 'escalate', token: 'hazard.escalate@v1' } },
    ]);
    expect(state.timers).toEqual({ remind: null, escalate: 'hazard.escalate@v1', reinspect: null });
  });

  it('flags a hazard that is major from its category', () => {
    expect(openHazard({ ...input, grade: 'major' }, SCENARIO_T0).effects).toContainEqual({ type: 'major_hazard', flagged: true });
  });

  it('does not arm escalation when the plant has no chain', () => {
    const { state, effects } = openHazard({ ...input, timing: { ...SCENARIO_TIMING, maxEscalationLevel: 0 } }, SCENARIO_T0);
    expect(state.timers.escalate).toBeNull();
    expect(effects).toHaveLength(1);
  });

  it('rejects an invalid deadline', () => {
    expect(() => openHazard({ ...input, deadline: new Date('x') }, SCENARIO_T0)).toThrow(RangeError);
  });
});

describe('reviveHazardState', () => {
  it.each(HAZARD_STATUSES)('round-trips a %s hazard through JSON', (status) => {
    const state = scenarioState(status, { major: true, delegated: status !== 'reported' && status !== 'rejected' });
    expect(reviveHazardState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it('fails loudly on a corrupt row', () => {
    const raw = JSON.parse(JSON.stringify(scenarioState('assigned')));
    expect(() => reviveHazardState({ ...raw, status: 'lost' })).toThrow();
    expect(() => reviveHazardState({ ...raw, deadline: 'not a date' })).toThrow();
  });
});
