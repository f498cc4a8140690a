import { evaluateGasTest } from './gasRules';
import {
  closeInterruption, endDependents, gasGate, GAS_FAILURE_REASON, Handler, hasAnyRole, isGuardian, isSupervisor,
  latestTest, ok, openInterruption, personOf, refuse,
} from './permitMachineHelpers';
import { HoldOwner, PermitEffect, PermitState } from './permitState';
import { localDate } from './plantTime';
import { gb } from './policyLeaves';

const iso = (d: Date) => d.toISOString();
const windowEnded = (s: PermitState, now: Date) => Date.parse(s.validTo) <= now.getTime();

/** Guardian arrives on site: the permit becomes active once every pre-start condition holds. */
const checkIn: Handler<'check_in'> = (s, a, actor, now) => {
  const p = personOf(actor);
  if (!p || !isGuardian(s, actor)) return refuse('not_guardian', { guardianIds: s.guardianIds }, gb('4.10'));
  if (!a.geofencePassed) return refuse('outside_geofence', { distanceM: a.distanceM }, gb('4.10 f)'));
  if (now.getTime() < Date.parse(s.validFrom)) return refuse('not_yet_valid', { validFrom: s.validFrom });
  if (windowEnded(s, now)) return refuse('window_ended', { validTo: s.validTo }, gb('4.16'));
  if (s.rules.shiftCheckRequired.value && !s.shiftCheck) return refuse('shift_check_required', {}, s.rules.shiftCheckRequired.sourceRef);
  if (s.rules.gasRequired.value) {
    const gate = gasGate(s, now);
    if (gate) return gate;
  }
  if (s.rules.continuousMonitoring.value && !a.continuousMonitoringOn) return refuse('continuous_monitoring_required', {}, s.rules.continuousMonitoring.sourceRef);
  if (s.rules.videoRequired.value && !a.videoRecording) return refuse('video_required', {}, s.rules.videoRequired.sourceRef);
  const at = iso(now);
  const checkInRecord = { guardianId: p.personId, at, distanceM: a.distanceM, monitoringOn: !!a.continuousMonitoringOn, videoOn: !!a.videoRecording };
  const effects: PermitEffect[] = [{ type: 'notify_parties', event: 'activated' }];
  const interval = s.rules.gasRecordIntervalMin;
  if (interval) effects.push({ type: 'schedule_gas_record', at: iso(new Date(now.getTime() + interval.value * 60_000)) });
  return ok({ ...s, status: 'active', checkIn: checkInRecord, activatedAt: at }, effects);
};

/** The shift leader checks the hot-work permit before ignition (Form A.1 岗位当班班长验票). */
const shiftCheck: Handler<'shift_check'> = (s, _a, actor, now) => {
  if (!s.rules.shiftCheckRequired.value) return refuse('shift_check_not_required', { type: s.type });
  const p = personOf(actor);
  if (!p || !hasAnyRole(actor, s.rules.shiftCheckRoles)) return refuse('not_shift_leader', { roles: s.rules.shiftCheckRoles }, s.rules.shiftCheckRequired.sourceRef);
  if (s.shiftCheck) return refuse('already_shift_checked', { by: s.shiftCheck.personId });
  return ok({ ...s, shiftCheck: { personId: p.personId, at: iso(now) } });
};

/** Work pauses: the guardian leaves (4.10 f), a break, or anything abnormal (4.8). */
const interrupt: Handler<'interrupt'> = (s, a, actor, now) => {
  const p = personOf(actor);
  const party = p && (isGuardian(s, actor) || p.personId === s.workLeaderId || s.performerIds.includes(p.personId) || isSupervisor(s, actor));
  if (!p || !party) return refuse('not_permit_party');
  const reason = a.reason?.trim();
  if (!reason) return refuse('reason_required');
  const record = { at: iso(now), byId: p.personId, reason, resumedAt: null, retestId: null, reconfirmed: false };
  return ok({ ...s, status: 'interrupted', interruptions: [...s.interruptions, record] });
};

/** Resume after an interruption (gas re-test past the gap limit, HGT re-confirmation) or after all holds are gone (re-check). */
const resume: Handler<'resume'> = (s, a, actor, now, opts) => {
  if (s.status === 'suspended' && s.holds.length > 0) return refuse('holds_active', { holdIds: s.holds.map((h) => h.id) });
  if (!personOf(actor) || (!isGuardian(s, actor) && !isSupervisor(s, actor))) return refuse('not_guardian', { guardianIds: s.guardianIds }, gb('4.10'));
  if (windowEnded(s, now)) return refuse('window_ended', { validTo: s.validTo }, gb('4.16'));
  const suspended = s.status === 'suspended';
  if ((suspended || s.rules.reconfirmOnResume.value) && !a.conditionsReconfirmed) {
    return refuse('reconfirm_required', {}, suspended ? gb('6.5') : s.rules.reconfirmOnResume.sourceRef);
  }
  const open = openInterruption(s);
  let retestId: string | null = null;
  if (s.rules.gasRequired.value) {
    let since: string | undefined;
    const context: Record<string, unknown> = {};
    if (suspended) since = s.lastHoldReleasedAt ?? s.suspendedAt ?? undefined;
    else if (open) {
      const gapMin = Math.round((now.getTime() - Date.parse(open.at)) / 60_000);
      const limit = s.rules.retestAfterGapMin;
      const lastFailed = latestTest(s)?.passed === false;
      if ((limit && gapMin > limit.value) || open.reason === GAS_FAILURE_REASON || lastFailed) since = open.at;
      Object.assign(context, { gapMin, limitMin: limit?.value ?? null });
    }
    const gate = since ? gasGate(s, now, since, context) : null;
    if (gate) return gate;
    if (since) retestId = latestTest(s, since)?.id ?? null;
    const last = latestTest(s);
    if (s.rules.dailyGasTest.value && last && localDate(new Date(last.takenAt), opts.timezone) !== localDate(now, opts.timezone)) {
      return refuse('daily_gas_test_required', { lastTestOn: localDate(new Date(last.takenAt), opts.timezone) }, s.rules.dailyGasTest.sourceRef);
    }
  }
  const at = iso(now);
  const target = suspended && s.suspendedFrom === 'approved' ? 'approved' : 'active';
  const next: PermitState = {
    ...s, status: target, interruptions: closeInterruption(s, at, retestId, !!a.conditionsReconfirmed),
    suspendedFrom: null, suspendedAt: null,
  };
  return ok(next, target === 'active' ? [{ type: 'notify_parties', event: 'activated' }] : []);
};

/** Records a gas analysis; a failing one during work stops it (5.2.6, 6.5). */
const recordGasTest: Handler<'record_gas_test'> = (s, a, actor, now) => {
  if (!personOf(actor)) return refuse('person_required');
  const takenAt = Date.parse(a.test.takenAt);
  if (Number.isNaN(takenAt) || takenAt > now.getTime()) return refuse('gas_test_in_future', { takenAt: a.test.takenAt });
  if (s.gasTests.some((t) => t.id === a.test.id)) return refuse('gas_test_duplicate', { testId: a.test.id });
  const verdict = evaluateGasTest(a.test, s.rules.gas);
  const record = { ...a.test, passed: verdict.passed, failureCodes: verdict.failures.map((f) => f.code), recordedAt: iso(now) };
  const next: PermitState = { ...s, gasTests: [...s.gasTests, record] };
  if (!verdict.passed) {
    const alert: PermitEffect = { type: 'gas_alert', testId: a.test.id, failureCodes: record.failureCodes };
    if (s.status !== 'active') return ok(next, [alert]);
    const stop = { at: iso(now), byId: actor.kind === 'person' ? actor.personId : 'system', reason: GAS_FAILURE_REASON, resumedAt: null, retestId: null, reconfirmed: false };
    return ok({ ...next, status: 'interrupted', interruptions: [...s.interruptions, stop] }, [alert]);
  }
  const interval = s.rules.gasRecordIntervalMin;
  const effects: PermitEffect[] = interval && s.status === 'active' ? [{ type: 'schedule_gas_record', at: iso(new Date(takenAt + interval.value * 60_000)) }] : [];
  return ok(next, effects);
};

function ownerOf(actor: Parameters<typeof personOf>[0]): HoldOwner {
  return actor.kind === 'system' ? { kind: 'system', system: actor.system } : { kind: 'person', personId: actor.personId };
}

/** Adds a hold (alarm, weather stop, or a person); the permit is suspended while any hold exists. */
const placeHold: Handler<'place_hold'> = (s, a, actor, now) => {
  if (actor.kind === 'system' && actor.system === 'scheduler') return refuse('not_hold_source');
  if (!a.holdId?.trim()) return refuse('hold_id_required');
  if (s.holds.some((h) => h.id === a.holdId)) return ok(s);
  const holds = [...s.holds, { id: a.holdId, owner: ownerOf(actor), reason: a.reason, at: iso(now) }];
  if (s.status === 'suspended') return ok({ ...s, holds });
  const suspendedFrom = s.status === 'approved' ? 'approved' : 'active';
  return ok({ ...s, status: 'suspended', holds, suspendedFrom, suspendedAt: iso(now) }, [{ type: 'notify_parties', event: 'suspended' }]);
};

/** Removes a hold; system holds go with their system or a supervisor, personal holds with their owner or a supervisor. */
const releaseHold: Handler<'release_hold'> = (s, a, actor, now) => {
  const hold = s.holds.find((h) => h.id === a.holdId);
  if (!hold) return refuse('hold_not_found', { holdId: a.holdId });
  const own = hold.owner.kind === 'system'
    ? actor.kind === 'system' && actor.system === hold.owner.system
    : actor.kind === 'person' && actor.personId === hold.owner.personId;
  if (!own && !isSupervisor(s, actor)) return refuse('not_hold_owner', { holdId: a.holdId });
  const holds = s.holds.filter((h) => h.id !== a.holdId);
  const next: PermitState = { ...s, holds, lastHoldReleasedAt: iso(now) };
  return ok(next, holds.length === 0 ? [{ type: 'notify_parties', event: 'holds_cleared' }] : []);
};

/** Work finished; completion acceptance follows. */
const complete: Handler<'complete'> = (s, _a, actor, now) => {
  const p = personOf(actor);
  if (!p || (!isGuardian(s, actor) && p.personId !== s.workLeaderId && !isSupervisor(s, actor))) return refuse('not_permit_party');
  return ok({ ...s, status: 'completed', completedAt: iso(now) }, [{ type: 'notify_parties', event: 'completed' }, ...endDependents(s)]);
};

/** Completion acceptance (4.15); for blind plates jointly by the work unit and the enterprise (7.12). */
const accept: Handler<'accept'> = (s, _a, actor, now) => {
  const p = personOf(actor);
  if (!p) return refuse('person_required');
  if (s.acceptance.some((x) => x.personId === p.personId)) return refuse('already_accepted');
  const needLeader = s.rules.acceptanceWithWorkLeader && !s.acceptance.some((x) => x.as === 'work_leader');
  const roleDone = s.acceptance.some((x) => x.as !== 'work_leader');
  const role = roleDone ? undefined : p.roles.find((r) => s.rules.acceptanceRoles.includes(r));
  let as: string | undefined = role;
  if (!as && needLeader && p.personId === s.workLeaderId) as = 'work_leader';
  if (!as) return refuse('not_acceptor', { roles: s.rules.acceptanceRoles, withWorkLeader: s.rules.acceptanceWithWorkLeader });
  const acceptance = [...s.acceptance, { personId: p.personId, as, at: iso(now) }];
  const done = acceptance.some((x) => x.as !== 'work_leader') && (!s.rules.acceptanceWithWorkLeader || acceptance.some((x) => x.as === 'work_leader'));
  if (!done) return ok({ ...s, acceptance });
  return ok({ ...s, acceptance, status: 'closed', closedAt: iso(now) }, [{ type: 'notify_parties', event: 'closed' }]);
};

/** Handlers of the on-site part of the lifecycle, merged into decidePermit's table. */
export const WORK_HANDLERS = {
  check_in: checkIn,
  shift_check: shiftCheck,
  interrupt,
  resume,
  record_gas_test: recordGasTest,
  place_hold: placeHold,
  release_hold: releaseHold,
  complete,
  accept,
};
