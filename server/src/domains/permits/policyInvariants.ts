import { LEVELS, Limit, PermitPolicy, WORK_TYPES } from './permitModel';
import type { PolicyIssue } from './policyOverrides';

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const nonEmptyString = (x: unknown): boolean => typeof x === 'string' && x.length > 0;

/**
 * Checks one element of an overridden list against the shape of that list: approval steps,
 * checklist items, or plain role ids. Returns a short description of the expected shape, or null.
 */
export function validateSetElement(path: string, e: unknown): string | null {
  if (path.endsWith('.approvals')) {
    const ok =
      isObj(e) && nonEmptyString(e.id) && nonEmptyString(e.sourceRef) &&
      ['review', 'cosign', 'approve'].includes(e.kind as string) && ['any', 'all'].includes(e.mode as string) &&
      Array.isArray(e.roles) && e.roles.length > 0 && e.roles.every(nonEmptyString);
    return ok ? null : 'approval step {id, kind, mode, roles[], sourceRef}';
  }
  if (path.endsWith('.checklist')) {
    const ok = isObj(e) && nonEmptyString(e.id) && nonEmptyString(e.text) && nonEmptyString(e.sourceRef) &&
      (e.mandatoryFor === undefined || (Array.isArray(e.mandatoryFor) && e.mandatoryFor.every(nonEmptyString)));
    return ok ? null : 'checklist item {id, text, sourceRef, mandatoryFor?}';
  }
  if (path.endsWith('.requirements')) {
    const ok = isObj(e) && nonEmptyString(e.workType) && nonEmptyString(e.personRole) && nonEmptyString(e.sourceRef) &&
      Array.isArray(e.anyOf) && e.anyOf.length > 0 && e.anyOf.every(nonEmptyString);
    return ok ? null : 'certificate requirement {workType, personRole, anyOf[], sourceRef, condition?}';
  }
  return nonEmptyString(e) ? null : 'non-empty string';
}

function ordered(path: string, limits: Array<[string, Limit]>, strict: boolean): PolicyIssue[] {
  for (let i = 1; i < limits.length; i++) {
    const [aName, a] = limits[i - 1];
    const [bName, b] = limits[i];
    if (strict ? !(a.value < b.value) : !(a.value <= b.value)) {
      return [{ path, code: 'inconsistent_range', params: { lower: aName, upper: bName, lowerValue: a.value, upperValue: b.value } }];
    }
  }
  return [];
}

/** Cross-field checks run after overrides are applied: ranges stay ordered and durations positive. */
export function checkPolicyInvariants(p: PermitPolicy): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const g = p.gas;
  issues.push(...ordered('gas', [['oxygenMinVolPct', g.oxygenMinVolPct], ['oxygenMaxVolPct', g.oxygenMaxVolPct]], true));
  issues.push(...ordered('gas', [['oxygenMaxVolPct', g.oxygenMaxVolPct], ['oxygenEnrichedMaxVolPct', g.oxygenEnrichedMaxVolPct]], false));
  const hgt = p.height;
  issues.push(...ordered('height', [['minHeightM', hgt.minHeightM], ['band1MaxM', hgt.band1MaxM], ['band2MaxM', hgt.band2MaxM], ['band3MaxM', hgt.band3MaxM]], true));
  const l = p.lifting;
  issues.push(...ordered('lifting', [['noPermitBelowT', l.noPermitBelowT], ['level2FromT', l.level2FromT], ['level1AboveT', l.level1AboveT]], false));
  for (const key of ['nightStartMinute', 'nightEndMinute'] as const) {
    const v = p.hotWork[key].value;
    if (!Number.isInteger(v) || v >= 24 * 60) issues.push({ path: `hotWork.${key}`, code: 'inconsistent_range', params: { value: v, max: 1439 } });
  }
  if (p.lifting.tandemMaxRatedFraction.value > 1) {
    issues.push({ path: 'lifting.tandemMaxRatedFraction', code: 'inconsistent_range', params: { value: p.lifting.tandemMaxRatedFraction.value, max: 1 } });
  }
  for (const type of WORK_TYPES) {
    for (const lv of LEVELS[type]) {
      const level = p.types[type].levels[lv];
      if (!level) continue;
      const path = `types.${type}.levels.${lv}`;
      if (level.maxValidityH.value <= 0) issues.push({ path: `${path}.maxValidityH`, code: 'inconsistent_range', params: { value: level.maxValidityH.value, min: '> 0' } });
      if (level.approvals.value.length === 0) issues.push({ path: `${path}.approvals`, code: 'inconsistent_range', params: { min: 1 } });
      if (level.specialMaxValidityH) issues.push(...ordered(path, [['maxValidityH', level.maxValidityH], ['specialMaxValidityH', level.specialMaxValidityH]], false));
    }
  }
  return issues;
}
