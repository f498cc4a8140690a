import { majorElementsMissing } from './hazardRules';

const full = { measures: '更换', responsiblePersonId: 'p-1', fundsYuan: 100, deadline: new Date('2026-12-01T00:00:00Z'), emergencyPlan: 'EP' };

describe('majorElementsMissing', () => {
  it.each([
    ['nothing recorded', null, ['measures', 'responsible_person', 'funds', 'deadline', 'emergency_plan']],
    ['undefined', undefined, ['measures', 'responsible_person', 'funds', 'deadline', 'emergency_plan']],
    ['everything', full, []],
    ['zero funds count as decided', { ...full, fundsYuan: 0 }, []],
    ['blank measures', { ...full, measures: '  ' }, ['measures']],
    ['negative funds', { ...full, fundsYuan: -5 }, ['funds']],
    ['infinite funds', { ...full, fundsYuan: Infinity }, ['funds']],
    ['an invalid date', { ...full, deadline: new Date('nope') }, ['deadline']],
    ['no plan nor person', { ...full, emergencyPlan: '', responsiblePersonId: undefined }, ['responsible_person', 'emergency_plan']],
  ])('%s', (_n, elements, missing) => {
    expect(majorElementsMissing(elements)).toEqual(missing);
  });
});
