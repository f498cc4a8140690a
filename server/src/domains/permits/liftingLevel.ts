import { LiftLevel, NoPermitNeeded, PermitPolicy } from './permitModel';

/** Level of a lift, with the clause that set it. */
export interface LiftLevelResult {
  kind: 'level';
  level: LiftLevel;
  sourceRef: string;
}

/**
 * Classifies a lift by load mass (9.1): 一级 above 100 t, 二级 from 40 to 100 t, 三级 below 40 t.
 * Under 10 t no lifting permit is needed (B.1 note 3), but the answer says so explicitly and keeps
 * the duty to analyse the risk.
 */
export function liftingLevel(massT: number, policy: PermitPolicy): LiftLevelResult | NoPermitNeeded {
  const p = policy.lifting;
  if (massT < p.noPermitBelowT.value) {
    return { code: 'no_permit_needed', reason: 'lift_below_threshold', params: { massT, thresholdT: p.noPermitBelowT.value }, sourceRef: p.noPermitBelowT.sourceRef, riskAnalysisRequired: true };
  }
  if (massT > p.level1AboveT.value) return { kind: 'level', level: 'L1', sourceRef: p.level1AboveT.sourceRef };
  if (massT >= p.level2FromT.value) return { kind: 'level', level: 'L2', sourceRef: p.level2FromT.sourceRef };
  return { kind: 'level', level: 'L3', sourceRef: p.level2FromT.sourceRef };
}
