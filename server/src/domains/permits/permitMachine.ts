import { RoleId } from './permitModel';
import {
  endDependents, Handler, isGuardian, isSupervisor, MachineOptions, ok, personOf, refuse, voidSource,
} from './permitMachineHelpers';
import { Actor, PermitAction, PermitActionType, PermitDecision, PermitState, PermitStatus } from './permitState';
import { gb } from './policyLeaves';
import { WORK_HANDLERS } from './permitWork';

/**
 * States in which each action may be asked at all; anything else is refused with 'invalid_state'
 * before any other check. Terminal states (closed, rejected, cancelled, expired, voided) accept nothing.
 */
export const ALLOWED_STATES: Record<PermitActionType, readonly PermitStatus[]> = {
  submit: ['draft'],
  approve: ['submitted', 'approving'],
  reject: ['submitted', 'approving'],
  check_in: ['approved'],
  shift_check: ['approved'],
  interrupt: ['active'],
  resume: ['interrupted', 'suspended'],
  record_gas_test: ['submitted', 'approving', 'approved', 'active', 'interrupted', 'suspended'],
  place_hold: ['approved', 'active', 'interrupted', 'suspended'],
  release_hold: ['suspended'],
  complete: ['active', 'interrupted'],
  accept: ['completed'],
  cancel: ['draft', 'submitted', 'approving', 'approved'],
  expire: ['submitted', 'approving', 'approved', 'active', 'interrupted', 'suspended'],
  void: ['submitted', 'approving', 'approved', 'active', 'interrupted', 'suspended'],
  end_with_parent: ['draft', 'submitted', 'approving', 'approved', 'active', 'interrupted', 'suspended'],
};

const iso = (d: Date) => d.toISOString();

/** Roles that may still sign the current step: any listed role, or for co-sign steps those not yet signed. */
function eligibleRoles(s: PermitState): RoleId[] {
  const step = s.chain[s.step];
  if (step.mode === 'any') return step.roles;
  const signed = new Set(s.approvals.filter((a) => a.step === s.step).map((a) => a.role));
  return step.roles.filter((r) => !signed.has(r));
}

const submit: Handler<'submit'> = (s, _a, actor, now) => {
  const p = personOf(actor);
  if (!p || p.personId !== s.applicantId) return refuse('not_applicant');
  if (Date.parse(s.validTo) <= now.getTime()) return refuse('window_ended', { validTo: s.validTo }, gb('4.16'));
  const next: PermitState = { ...s, status: 'submitted', step: 0, submittedAt: iso(now) };
  const first = s.chain[0];
  return ok(next, [{ type: 'notify_approvers', step: 0, stepId: first.id, roles: first.roles }, { type: 'schedule_expiry', at: s.validTo }]);
};

const approve: Handler<'approve'> = (s, a, actor, now) => {
  const p = personOf(actor);
  if (!p) return refuse('person_required');
  if (Date.parse(s.validTo) <= now.getTime()) return refuse('window_ended', { validTo: s.validTo }, gb('4.16'));
  if (p.personId === s.applicantId) return refuse('applicant_cannot_approve');
  if (s.approvals.some((r) => r.personId === p.personId)) return refuse('already_approved', { stepId: s.chain[s.step].id });
  const roles = eligibleRoles(s);
  const role = p.roles.find((r) => roles.includes(r));
  if (!role) return refuse('not_step_role', { stepId: s.chain[s.step].id, roles });
  if (a.mode === 'remote' && !s.rules.remoteApprovalAllowed.value) return refuse('remote_approval_not_allowed', { type: s.type, level: s.level }, s.rules.remoteApprovalAllowed.sourceRef);
  if (a.mode === 'onsite' && a.geofencePassed === false) return refuse('outside_geofence', { distanceM: a.distanceM ?? null }, gb('4.11 a)'));
  const step = s.chain[s.step];
  const record = { step: s.step, stepId: step.id, role, personId: p.personId, mode: a.mode, at: iso(now), ...(a.comment ? { comment: a.comment } : {}) };
  const approvals = [...s.approvals, record];
  const stepDone = step.mode === 'any' || roles.length === 1;
  if (!stepDone) return ok({ ...s, status: 'approving', approvals });
  const nextStep = s.step + 1;
  if (nextStep >= s.chain.length) return ok({ ...s, status: 'approved', approvals, step: nextStep }, [{ type: 'notify_parties', event: 'approved' }]);
  const following = s.chain[nextStep];
  return ok({ ...s, status: 'approving', approvals, step: nextStep }, [{ type: 'notify_approvers', step: nextStep, stepId: following.id, roles: following.roles }]);
};

const reject: Handler<'reject'> = (s, a, actor, now) => {
  const p = personOf(actor);
  if (!p) return refuse('person_required');
  const roles = eligibleRoles(s);
  if (!p.roles.some((r) => roles.includes(r))) return refuse('not_step_role', { stepId: s.chain[s.step].id, roles });
  const reason = a.reason?.trim();
  if (!reason) return refuse('reason_required');
  const next: PermitState = { ...s, status: 'rejected', ended: { code: 'rejected', byId: p.personId, at: iso(now), params: { reason, stepId: s.chain[s.step].id } } };
  return ok(next, [{ type: 'notify_parties', event: 'rejected' }, ...endDependents(s)]);
};

const cancel: Handler<'cancel'> = (s, a, actor, now) => {
  const p = personOf(actor);
  if (!p || (p.personId !== s.applicantId && !isSupervisor(s, actor))) return refuse('not_applicant');
  const next: PermitState = { ...s, status: 'cancelled', ended: { code: 'cancelled', byId: p.personId, at: iso(now), params: { reason: a.reason?.trim() ?? null } } };
  return ok(next, [{ type: 'notify_parties', event: 'cancelled' }, ...endDependents(s)]);
};

const expire: Handler<'expire'> = (s, _a, actor, now) => {
  if (actor.kind !== 'system') return refuse('system_required');
  if (now.getTime() < Date.parse(s.validTo)) return refuse('not_yet_expired', { validTo: s.validTo });
  const next: PermitState = { ...s, status: 'expired', ended: { code: 'expired', byId: null, at: iso(now), params: { validTo: s.validTo, from: s.status } } };
  return ok(next, [{ type: 'notify_parties', event: 'expired' }, ...endDependents(s)]);
};

const VOID_CAUSES = ['content', 'scope', 'location', 'conditions'];

const voidPermit: Handler<'void'> = (s, a, actor, now) => {
  const p = personOf(actor);
  if (!p || (!isGuardian(s, actor) && !isSupervisor(s, actor))) return refuse('not_authorized_to_void', { roles: s.rules.supervisorRoles });
  if (!VOID_CAUSES.includes(a.cause)) return refuse('invalid_cause', { cause: a.cause, allowed: VOID_CAUSES });
  const sourceRef = voidSource(a.cause);
  const next: PermitState = { ...s, status: 'voided', ended: { code: 'voided', byId: p.personId, at: iso(now), params: { cause: a.cause, detail: a.detail ?? null } } };
  return ok(next, [{ type: 'reissue_required', cause: a.cause, sourceRef }, { type: 'notify_parties', event: 'voided' }, ...endDependents(s)]);
};

const endWithParent: Handler<'end_with_parent'> = (s, a, actor, now) => {
  if (actor.kind !== 'system') return refuse('system_required');
  if (s.type !== 'TMP') return refuse('not_dependent_permit', { type: s.type });
  if (s.parentPermitId !== a.parentPermitId) return refuse('parent_mismatch', { parentPermitId: s.parentPermitId });
  const worked = s.status === 'active' || s.status === 'interrupted' || (s.status === 'suspended' && s.suspendedFrom === 'active');
  if (worked) return ok({ ...s, status: 'completed', completedAt: iso(now) }, [{ type: 'notify_parties', event: 'completed' }]);
  const next: PermitState = { ...s, status: 'cancelled', ended: { code: 'parent_ended', byId: null, at: iso(now), params: { parentPermitId: a.parentPermitId } } };
  return ok(next, [{ type: 'notify_parties', event: 'cancelled' }]);
};

const HANDLERS: { [T in PermitActionType]: Handler<T> } = {
  submit, approve, reject, cancel, expire, void: voidPermit, end_with_parent: endWithParent, ...WORK_HANDLERS,
};

/**
 * The permit lifecycle as a pure function: given the current state, an action, who asks and when,
 * returns the next state and the effects the command layer must carry out, or a refusal with a
 * stable code (messages: permits.refusal.<code>). No I/O; the plant timezone comes in `opts`.
 *
 * draft → submitted → approving(step n) → approved → active ⇄ interrupted → completed → closed;
 * approved/active/interrupted → suspended while holds exist; rejected, cancelled, expired, voided end it.
 */
export function decidePermit(state: PermitState, action: PermitAction, actor: Actor, now: Date, opts: MachineOptions): PermitDecision {
  if (!ALLOWED_STATES[action.type].includes(state.status)) return refuse('invalid_state', { status: state.status, action: action.type });
  const handler = HANDLERS[action.type] as Handler<PermitActionType>;
  return handler(state, action, actor, now, opts);
}
