import { AlarmAction, alarmTransition, isClosed, openAlarm } from './alarmMachine';
import { AlarmRecord } from './alarmTypes';

const t = (s: number) => new Date(Date.UTC(2026, 10, 24, 0, 0, s));
const raised = openAlarm('A1', { id: 'R1', tagId: 'T1', kind: 'high', limit: 100, severity: 'critical' }, 101, 100, t(0));
const acked: AlarmRecord = { ...raised, acknowledged: { by: 'u1', at: t(1) } };
const cleared: AlarmRecord = { ...raised, condition: 'cleared', clearedAt: t(1) };
const closed: AlarmRecord = { ...acked, condition: 'cleared', clearedAt: t(2), closedAt: t(2) };
const ack: AlarmAction = { type: 'acknowledge', by: 'u2' };

describe('alarmTransition', () => {
  it.each<[string, AlarmRecord, AlarmAction, string[] | string]>([
    ['raised + ack', raised, ack, ['alarm_acknowledged']],
    ['raised + clear', raised, { type: 'clear' }, ['alarm_cleared']],
    ['raised + reactivate', raised, { type: 'reactivate' }, 'alarms.refusal.not_cleared'],
    ['acked + ack', acked, ack, 'alarms.refusal.already_acknowledged'],
    ['acked + clear', acked, { type: 'clear' }, ['alarm_cleared', 'alarm_closed']],
    ['acked + reactivate', acked, { type: 'reactivate' }, 'alarms.refusal.not_cleared'],
    ['cleared + ack', cleared, ack, ['alarm_acknowledged', 'alarm_closed']],
    ['cleared + clear', cleared, { type: 'clear' }, 'alarms.refusal.not_active'],
    ['cleared + reactivate', cleared, { type: 'reactivate' }, ['alarm_reactivated']],
    ['closed + ack', closed, ack, 'alarms.refusal.closed'],
    ['closed + clear', closed, { type: 'clear' }, 'alarms.refusal.closed'],
    ['closed + reactivate', closed, { type: 'reactivate' }, 'alarms.refusal.closed'],
  ])('%s', (_n, state, action, expected) => {
    const r = alarmTransition(state, action, t(5));
    expect('refusal' in r ? r.refusal : r.events).toEqual(expected);
  });

  it('stamps times and closes only when both acknowledged and cleared', () => {
    const a = alarmTransition(raised, ack, t(5));
    if ('refusal' in a) throw new Error(a.refusal);
    expect(a.next.acknowledged).toEqual({ by: 'u2', at: t(5) });
    expect(isClosed(a.next)).toBe(false);
    const c = alarmTransition(a.next, { type: 'clear' }, t(6));
    if ('refusal' in c) throw new Error(c.refusal);
    expect([c.next.clearedAt, c.next.closedAt]).toEqual([t(6), t(6)]);
  });

  it('counts relapses', () => {
    const r = alarmTransition(cleared, { type: 'reactivate' }, t(5));
    expect('refusal' in r ? null : [r.next.condition, r.next.clearedAt, r.next.relapses]).toEqual(['active', null, 1]);
  });
});
