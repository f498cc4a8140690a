import { decideHazard, isHazardRefusal } from './hazardMachine';
import { must, SCENARIO_ACTORS, SCENARIO_T0, scenarioState } from './hazardScenario';
import { HazardDecision, HazardState, SYSTEM_ACTOR } from './hazardTypes';

const H = 3_600_000;
const at = (h: number) => new Date(SCENARIO_T0.getTime() + h * H);
const { reporter, officer, worker } = SCENARIO_ACTORS;

const refusal = (d: HazardDecision) => (isHazardRefusal(d) ? d.refusal : null);
function accepted(d: HazardDecision) {
  if (isHazardRefusal(d)) throw new Error(`refused: ${JSON.stringify(d.refusal)}`);
  return d;
}
const tick = (s: HazardState, type: 'remind' | 'escalate' | 'reinspect_due', now: Date, token?: string) => {
  const slot = type === 'reinspect_due' ? 'reinspect' : type;
  return decideHazard(s, { type, token: token ?? s.timers[slot] ?? 'none' }, SYSTEM_ACTOR, now);
};

describe('remind', () => {
  it('reminds the current holder once; a duplicate delivery is stale', () => {
    const s = scenarioState('rectifying', { delegated: true });
    const d = accepted(tick(s, 'remind', at(48)));
    expect(d.effects).toEqual([{ type: 'notify', to: 'assignee', card: 'hazard.reminder', personId: 'p-deputy' }]);
    expect(d.next).toMatchObject({ lastRemindedAt: at(48), timers: { ...s.timers, remind: null } });
    expect(refusal(tick(d.next, 'remind', at(48), s.timers.remind ?? ''))).toEqual({ code: 'stale_timer' });
  });

  it.each(['', 'hazard.remind@v999', 'hazard.escalate@v1'])('ignores a token that is not the current one: %j', (token) => {
    expect(refusal(tick(scenarioState('assigned'), 'remind', at(48), token))).toEqual({ code: 'stale_timer' });
  });
});

describe('escalate', () => {
  const assigned = scenarioState('assigned');

  it('is refused before the deadline (token kept for a later retry)', () => {
    expect(refusal(tick(assigned, 'escalate', at(71)))).toEqual({ code: 'not_overdue', params: { deadline: at(72).toISOString() } });
  });

  it('climbs the chain one level per interval and stops at its end', () => {
    let s = assigned;
    const levels: number[] = [];
    for (const hour of [96, 120, 144]) {
      const d = accepted(tick(s, 'escalate', at(hour)));
      levels.push(d.next.escalationLevel);
      expect(d.effects.slice(0, 2)).toEqual([
        { type: 'notify', to: 'escalation_target', card: 'hazard.escalation', level: d.next.escalationLevel },
        { type: 'notify', to: 'assignee', card: 'hazard.overdue', personId: 'p-worker', level: d.next.escalationLevel },
      ]);
      const next = d.effects.find((e) => e.type === 'schedule');
      if (d.next.escalationLevel < 3) {
        expect(next).toEqual({ type: 'schedule', job: 'hazard.escalate', at: at(72 + 24 * (d.next.escalationLevel + 1)), action: { type: 'escalate', token: d.next.timers.escalate } });
      } else {
        expect(next).toBeUndefined();
        expect(d.next.timers.escalate).toBeNull();
      }
      expect(refusal(tick(d.next, 'escalate', at(hour), s.timers.escalate ?? ''))).toEqual({ code: 'stale_timer' });
      s = d.next;
    }
    expect(levels).toEqual([1, 2, 3]);
  });

  it('a late job schedules the next level at now, not in the past', () => {
    const d = accepted(tick(assigned, 'escalate', at(500)));
    expect(d.effects).toContainEqual({ type: 'schedule', job: 'hazard.escalate', at: at(500), action: { type: 'escalate', token: d.next.timers.escalate } });
  });

  it('escalates an unassigned report and a hazard awaiting verification, without a holder card for the former', () => {
    const reported = accepted(tick(scenarioState('reported'), 'escalate', at(96)));
    expect(reported.effects.filter((e) => e.type === 'notify')).toEqual([{ type: 'notify', to: 'escalation_target', card: 'hazard.escalation', level: 1 }]);
    expect(accepted(tick(scenarioState('awaiting_verification'), 'escalate', at(96))).next.escalationLevel).toBe(1);
  });

  it('is exhausted when the level already reached the chain length', () => {
    const top: HazardState = { ...assigned, escalationLevel: 3 };
    expect(refusal(tick(top, 'escalate', at(200)))).toEqual({ code: 'escalation_exhausted' });
  });

  it('a closed hazard ignores its pending escalation', () => {
    expect(refusal(tick(scenarioState('closed'), 'escalate', at(200), assigned.timers.escalate ?? ''))).toEqual({ code: 'stale_timer' });
  });
});

describe('reinspection', () => {
  const closed = scenarioState('closed');
  const due = closed.reinspection.dueAt as Date;

  it('prompts the reporter once when due', () => {
    const d = accepted(tick(closed, 'reinspect_due', due));
    expect(d.effects).toEqual([{ type: 'notify', to: 'reporter', card: 'hazard.reinspection', personId: 'p-reporter' }]);
    expect(d.next.reinspection.promptedAt).toEqual(due);
    expect(refusal(tick(d.next, 'reinspect_due', due, closed.timers.reinspect ?? ''))).toEqual({ code: 'stale_timer' });
  });

  it.each([
    ['by anyone but the reporter', officer, due, { code: 'not_reporter' }],
    ['before it is due', reporter, new Date(due.getTime() - 1), { code: 'reinspection_not_due', params: { dueAt: due.toISOString() } }],
  ] as const)('is refused %s', (_n, actor, now, expected) => {
    expect(refusal(decideHazard(closed, { type: 'reinspect_ok' }, actor, now))).toEqual(expected);
    expect(refusal(decideHazard(closed, { type: 'reinspect_recurred' }, actor, now))).toEqual(expected);
  });

  it('ok: the loop ends in reinspected, only once', () => {
    const d = accepted(decideHazard(closed, { type: 'reinspect_ok', note: ' 已上锁 ' }, reporter, due));
    expect(d.next).toMatchObject({ status: 'reinspected', reinspection: { outcome: 'ok', at: due, note: '已上锁' } });
    expect(d.next.timers.reinspect).toBeNull();
    expect(d.effects).toEqual([]);
    expect(refusal(decideHazard(d.next, { type: 'reinspect_recurred' }, reporter, due))).toEqual({ code: 'already_reinspected' });
  });

  it('recurred: asks the command layer to open a linked hazard', () => {
    const d = accepted(decideHazard(closed, { type: 'reinspect_recurred', note: '又未上锁', photoIds: ['p1', 'p1', ' '] }, reporter, due));
    expect(d.next.reinspection.outcome).toBe('recurred');
    expect(d.effects).toEqual([
      { type: 'open_recurrence', ofHazardId: 'hz-1', reporterId: 'p-reporter', note: '又未上锁', photoIds: ['p1'] },
      { type: 'notify', to: 'reviewer', card: 'hazard.recurred' },
      { type: 'notify', to: 'assignee', card: 'hazard.recurred', personId: 'p-worker' },
    ]);
  });

  it('without a reinspection step the reporter can never reinspect', () => {
    const none: HazardState = { ...closed, reinspection: { ...closed.reinspection, dueAt: null } };
    expect(refusal(decideHazard(none, { type: 'reinspect_ok' }, reporter, at(10_000)))).toEqual({ code: 'reinspection_not_due', params: { dueAt: null } });
  });
});

describe('a whole loop', () => {
  it('report → assign → start → submit → return → submit → approve → reinspect, version +1 each step', () => {
    let s = scenarioState('reported');
    const steps = [
      () => must(s, { type: 'assign', assigneeId: 'p-worker' }, officer, at(1)),
      () => must(s, { type: 'start_rectification' }, worker, at(2)),
      () => must(s, { type: 'submit_rectification', afterPhotoIds: ['a'] }, worker, at(3)),
      () => must(s, { type: 'return', reason: '不清楚' }, officer, at(4)),
      () => must(s, { type: 'submit_rectification', afterPhotoIds: ['b'] }, worker, at(5)),
      () => must(s, { type: 'approve' }, officer, at(6)),
      () => must(s, { type: 'reinspect_ok' }, reporter, at(6 + 7 * 24)),
    ];
    const trail = steps.map((step) => {
      s = step();
      return `${s.status}@v${s.version}`;
    });
    expect(trail).toEqual([
      'assigned@v2',
      'rectifying@v3',
      'awaiting_verification@v4',
      'rectifying@v5',
      'awaiting_verification@v6',
      'closed@v7',
      'reinspected@v8',
    ]);
  });
});
