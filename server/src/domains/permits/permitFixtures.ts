import { GasTest } from './gasRules';
import { createPermitDraft, DraftInput } from './permitDraft';
import { decidePermit } from './permitMachine';
import { LevelId, PermitPolicy, WorkType } from './permitModel';
import { Actor, PermitAction, PermitState, PermitStatus } from './permitState';
import { NATIONAL_PERMIT_POLICY } from './permitTypes';

/**
 * Test fixtures for the permit machine: people, a clock and permits driven into each state through
 * the machine itself, so every fixture is a reachable state. Used by the *.test.ts files only.
 */
export const TZ = 'Asia/Shanghai';
/** 2026-11-24 10:00 in Shanghai, a Tuesday. */
export const T0 = new Date('2026-11-24T02:00:00.000Z');
/** T0 shifted by minutes. */
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const person = (personId: string, roles: string[] = []): Actor => ({ kind: 'person', personId, roles });
/** The cast of the fixtures. */
export const P = {
  applicant: person('p-app'),
  leader: person('p-lead'),
  worker: person('p-worker'),
  guardian: person('p-guard'),
  unit: person('p-unit', ['unit_head']),
  safety: person('p-safety', ['safety_dept']),
  boss: person('p-boss', ['unit_head', 'safety_dept']),
  senior: person('p-senior', ['senior_manager']),
  shift: person('p-shift', ['shift_leader']),
  power: person('p-power', ['power_unit']),
  stranger: person('p-x', ['operator']),
  alarm: { kind: 'system', system: 'alarm' } as Actor,
  weather: { kind: 'system', system: 'weather' } as Actor,
  scheduler: { kind: 'system', system: 'scheduler' } as Actor,
};

/** A gas test that passes HOT and CSE criteria, sampled at `when`. */
export function passingTest(id: string, when: Date): GasTest {
  return {
    id, takenAt: when.toISOString(), analystId: 'p-analyst',
    readings: [{ kind: 'combustible', gasId: 'methane', value: 2, unit: 'lel_pct' }, { kind: 'oxygen', value: 20.8 }],
  };
}

/** A gas test with combustibles over the limit (methane 20 %LEL = 1.0 vol% > 0.5). */
export function failingTest(id: string, when: Date): GasTest {
  return { ...passingTest(id, when), readings: [{ kind: 'combustible', gasId: 'methane', value: 20, unit: 'lel_pct' }, { kind: 'oxygen', value: 20.8 }] };
}

/** Draft input with sensible defaults: window T0 … T0+8 h. */
export function draftInput(type: WorkType, level: LevelId, extra: Partial<DraftInput> = {}): DraftInput {
  return {
    id: `permit-${type}-${level}`, type, level, applicantId: 'p-app', workLeaderId: 'p-lead', performerIds: ['p-worker'],
    guardianIds: ['p-guard'], outdoor: true, validFrom: T0.toISOString(), validTo: at(8 * 60).toISOString(), ...extra,
  };
}

/** Applies an action and fails loudly when refused: fixtures must only walk legal paths. */
export function step(s: PermitState, action: PermitAction, actor: Actor, now: Date): PermitState {
  const d = decidePermit(s, action, actor, now, { timezone: TZ });
  if ('refusal' in d) throw new Error(`fixture step ${action.type} refused: ${d.refusal.code} ${JSON.stringify(d.refusal.params)}`);
  return d.next;
}

/** A HOT 一级 permit (chain: unit review → safety approve) driven to `status`. */
export function hotPermitIn(status: PermitStatus, policy: PermitPolicy = NATIONAL_PERMIT_POLICY): PermitState {
  let s = createPermitDraft(draftInput('HOT', 'L1'), policy);
  if (status === 'draft') return s;
  if (status === 'cancelled') return step(s, { type: 'cancel' }, P.applicant, at(-40));
  s = step(s, { type: 'submit' }, P.applicant, at(-30));
  if (status === 'submitted') return s;
  if (status === 'rejected') return step(s, { type: 'reject', reason: '措施不全' }, P.unit, at(-25));
  s = step(s, { type: 'approve', mode: 'onsite' }, P.unit, at(-20));
  s = step(s, { type: 'record_gas_test', test: passingTest('g-1', at(-8)) }, P.worker, at(-8));
  if (status === 'approving') return s;
  s = step(s, { type: 'approve', mode: 'onsite' }, P.safety, at(-5));
  if (status === 'approved') return s;
  if (status === 'expired') return step(s, { type: 'expire' }, P.scheduler, at(9 * 60));
  s = step(s, { type: 'shift_check' }, P.shift, at(1));
  s = step(s, { type: 'check_in', geofencePassed: true, distanceM: 12 }, P.guardian, at(5));
  if (status === 'active') return s;
  if (status === 'interrupted') return step(s, { type: 'interrupt', reason: '午休' }, P.guardian, at(10));
  if (status === 'suspended') return step(s, { type: 'place_hold', holdId: 'h-1', reason: '可燃气体报警' }, P.alarm, at(10));
  if (status === 'voided') return step(s, { type: 'void', cause: 'location' }, P.guardian, at(10));
  s = step(s, { type: 'complete' }, P.guardian, at(12));
  if (status === 'completed') return s;
  return step(s, { type: 'accept' }, P.unit, at(15));
}

/** Submits a draft and has every step signed by a distinct person holding the step's role(s). */
export function approvedPermit(input: DraftInput, policy: PermitPolicy = NATIONAL_PERMIT_POLICY): PermitState {
  let s = step(createPermitDraft(input, policy), { type: 'submit' }, P.applicant, at(-60));
  s.chain.forEach((st, i) => {
    const roles = st.mode === 'any' ? [st.roles[0]] : st.roles;
    roles.forEach((role, j) => {
      s = step(s, { type: 'approve', mode: 'onsite' }, person(`p-step${i}-${j}`, [role]), at(-50 + i));
    });
  });
  return s;
}

/** Activates an approved permit: shift check when needed, a fresh passing gas test, guardian check-in with monitoring and video on. */
export function activate(s: PermitState, now: Date = at(5)): PermitState {
  let next = s;
  if (next.rules.shiftCheckRequired.value) next = step(next, { type: 'shift_check' }, P.shift, now);
  next = step(next, { type: 'record_gas_test', test: passingTest(`g-act-${now.getTime()}`, new Date(now.getTime() - 60_000)) }, P.worker, now);
  return step(next, { type: 'check_in', geofencePassed: true, distanceM: 5, continuousMonitoringOn: true, videoRecording: true }, P.guardian, now);
}
