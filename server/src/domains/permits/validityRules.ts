import { LevelId, PermitPolicy, RuleIssue, WorkType } from './permitModel';
import { gb } from './policyLeaves';

/** A permit window (作业实施时间). */
export interface PermitWindow {
  from: Date;
  to: Date;
}

/** The parent permit of a temporary-power permit. */
export interface ParentWindow {
  id: string;
  type: WorkType;
  from: Date;
  to: Date;
}

/** Context of the validity check. */
export interface ValidityContext {
  policy: PermitPolicy;
  now: Date;
  /** TMP: the HOT/CSE permit the power serves. */
  parent?: ParentWindow;
  /** TMP: special approval for up to the longer maximum (10.8 "特殊情况"). */
  specialApproval?: boolean;
}

const hours = (w: PermitWindow) => Math.round(((w.to.getTime() - w.from.getTime()) / 3_600_000) * 100) / 100;

/**
 * Checks a window against the type/level maximum: a window longer than the maximum is refused
 * naming the maximum. Temporary power: up to 15 days, up to 30 with special approval, and never
 * past the end of the HOT/CSE permit it serves (10.8).
 */
export function checkValidityWindow(type: WorkType, level: LevelId, w: PermitWindow, ctx: ValidityContext): { errors: RuleIssue[]; warnings: RuleIssue[] } {
  const errors: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];
  const lp = ctx.policy.types[type].levels[level];
  if (!lp) {
    errors.push({ code: 'level_unknown', field: 'level', params: { type, level }, sourceRef: ctx.policy.types[type].formRef });
    return { errors, warnings };
  }
  if (!(w.to.getTime() > w.from.getTime())) {
    errors.push({ code: 'window_invalid', field: 'window.to', params: { from: w.from.toISOString(), to: w.to.toISOString() }, sourceRef: gb('4.18') });
    return { errors, warnings };
  }
  if (w.to.getTime() <= ctx.now.getTime()) {
    errors.push({ code: 'window_ended', field: 'window.to', params: { to: w.to.toISOString() }, sourceRef: gb('4.16') });
  }
  const requestedHours = hours(w);
  const max = lp.maxValidityH;
  const special = lp.specialMaxValidityH;
  if (requestedHours > max.value) {
    if (special && requestedHours <= special.value) {
      if (ctx.specialApproval) warnings.push({ code: 'special_validity_used', field: 'window.to', params: { maxHours: max.value, specialMaxHours: special.value, requestedHours }, sourceRef: special.sourceRef });
      else errors.push({ code: 'special_approval_required', field: 'window.to', params: { maxHours: max.value, specialMaxHours: special.value, requestedHours }, sourceRef: special.sourceRef });
    } else {
      const limit = special ?? max;
      errors.push({ code: 'validity_exceeds_max', field: 'window.to', params: { type, level, maxHours: limit.value, requestedHours }, sourceRef: limit.sourceRef });
    }
  }
  if (type === 'TMP' && ctx.parent) {
    const p = ctx.parent;
    if (p.type !== 'HOT' && p.type !== 'CSE') {
      errors.push({ code: 'parent_type_invalid', field: 'parentPermitId', params: { parentId: p.id, parentType: p.type }, sourceRef: gb('10.8') });
    } else {
      if (w.to.getTime() > p.to.getTime()) errors.push({ code: 'tmp_beyond_parent', field: 'window.to', params: { parentId: p.id, parentEnd: p.to.toISOString() }, sourceRef: gb('10.8') });
      if (w.from.getTime() < p.from.getTime()) warnings.push({ code: 'tmp_starts_before_parent', field: 'window.from', params: { parentId: p.id, parentStart: p.from.toISOString() }, sourceRef: gb('10.8') });
    }
  }
  return { errors, warnings };
}
