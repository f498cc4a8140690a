import { decideHazard, isHazardRefusal } from './hazardMachine';
import { HazardAction, HazardActor, HazardDecideOptions, HazardState, HazardStatus, HazardTiming, SYSTEM_ACTOR } from './hazardTypes';
import { openHazard } from './openHazard';

/**
 * Drives a hazard to any status through the real machine, for tests and demo seeding, so fixture states
 * are always states the machine can actually reach. Fixed people and times; nothing random.
 */

/** Person ids used by scenarios. */
export const SCENARIO_PEOPLE = {
  reporter: 'p-reporter',
  worker: 'p-worker',
  deputy: 'p-deputy',
  officer: 'p-officer',
  other: 'p-other',
} as const;

const HOUR = 3_600_000;

/** Report time of every scenario hazard (10:00 plant time in Shanghai). */
export const SCENARIO_T0 = new Date('2026-11-24T02:00:00.000Z');

/** 72 h to rectify, reminder 24 h before, escalate every 24 h up a 3-role chain, reinspect after 7 days. */
export const SCENARIO_TIMING: HazardTiming = {
  remindBeforeMs: 24 * HOUR,
  escalateEveryMs: 24 * HOUR,
  reinspectAfterMs: 7 * 24 * HOUR,
  maxEscalationLevel: 3,
};

/** Actors of the scenarios. */
export const SCENARIO_ACTORS: Record<'reporter' | 'worker' | 'deputy' | 'officer' | 'other', HazardActor> = {
  reporter: { personId: SCENARIO_PEOPLE.reporter, rights: [] },
  worker: { personId: SCENARIO_PEOPLE.worker, rights: ['hazard.rectify'] },
  deputy: { personId: SCENARIO_PEOPLE.deputy, rights: ['hazard.rectify'] },
  officer: { personId: SCENARIO_PEOPLE.officer, rights: ['*'] },
  other: { personId: SCENARIO_PEOPLE.other, rights: ['hazard.rectify'] },
};

/** Options for scenarioState. */
export interface ScenarioOptions {
  /** Major hazard with all five elements recorded (set before assignment). */
  major?: boolean;
  /** The assignee delegates to `deputy` right after assignment. */
  delegated?: boolean;
  /** Pinned reviewer person id. */
  reviewerId?: string;
}

/** Applies an action that must succeed; throws with the refusal otherwise (a broken scenario). */
export function must(
  state: HazardState,
  action: HazardAction,
  actor: HazardActor,
  now: Date,
  options: HazardDecideOptions = {},
): HazardState {
  const d = decideHazard(state, action, actor, now, options);
  if (isHazardRefusal(d)) throw new Error(`scenario step ${action.type} refused: ${JSON.stringify(d.refusal)}`);
  return d.next;
}

const ORDER: HazardStatus[] = ['reported', 'assigned', 'rectifying', 'awaiting_verification', 'closed', 'reinspected'];

/**
 * A hazard in `status`, reached step by step one hour apart from SCENARIO_T0: report, (grade major +
 * elements), assign to worker, start, submit, approve by officer, reinspect ok by the reporter after 8
 * days. `rejected` is reached by rejecting the fresh report.
 */
export function scenarioState(status: HazardStatus, opts: ScenarioOptions = {}): HazardState {
  const at = (h: number) => new Date(SCENARIO_T0.getTime() + h * HOUR);
  const { officer, worker, reporter } = SCENARIO_ACTORS;
  let s = openHazard(
    {
      id: 'hz-1',
      code: 'YH-20261124-0001',
      reporterId: SCENARIO_PEOPLE.reporter,
      grade: 'general',
      deadline: at(72),
      timing: SCENARIO_TIMING,
      reviewerRole: 'safety_officer',
      reviewerId: opts.reviewerId ?? null,
    },
    SCENARIO_T0,
  ).state;
  if (opts.major) {
    s = must(s, { type: 'set_grade', grade: 'major' }, officer, at(0.25));
    const elements = {
      measures: '加装锁具',
      responsiblePersonId: SCENARIO_PEOPLE.worker,
      fundsYuan: 500,
      deadline: at(72),
      emergencyPlan: 'EP-01',
    };
    s = must(s, { type: 'record_major_elements', elements }, officer, at(0.5));
  }
  if (status === 'rejected') return must(s, { type: 'reject', reason: '不是隐患' }, officer, at(1));
  const target = ORDER.indexOf(status);
  if (target >= 1) s = must(s, { type: 'assign', assigneeId: SCENARIO_PEOPLE.worker }, SYSTEM_ACTOR, at(1));
  if (target >= 1 && opts.delegated) {
    s = must(s, { type: 'delegate', delegateId: SCENARIO_PEOPLE.deputy }, worker, at(1.5), { canDelegate: () => true });
  }
  const holder = opts.delegated ? SCENARIO_ACTORS.deputy : worker;
  if (target >= 2) s = must(s, { type: 'start_rectification' }, holder, at(2));
  if (target >= 3) s = must(s, { type: 'submit_rectification', afterPhotoIds: ['ph-after-1'] }, holder, at(3));
  const reviewer = opts.reviewerId ? { personId: opts.reviewerId, rights: ['hazard.verify'] } : officer;
  if (target >= 4) s = must(s, { type: 'approve' }, reviewer, at(4));
  if (target >= 5) s = must(s, { type: 'reinspect_ok' }, reporter, at(8 * 24));
  return s;
}
