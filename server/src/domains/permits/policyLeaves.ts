import { ApprovalStep, Confidence, Flag, Limit, RoleId, SetLeaf, Unit } from './permitModel';

/** Source reference into GB 30871-2022, e.g. gb('5.1.5') → 'GB 30871-2022 5.1.5'. */
export function gb(clause: string): string {
  return `GB 30871-2022 ${clause}`;
}

/** Builds a numeric policy leaf. */
export function limit(value: number, unit: Unit, stricter: 'lower' | 'higher', sourceRef: string, confidence: Confidence = 'C'): Limit {
  return { kind: 'limit', value, unit, stricter, sourceRef, confidence };
}

/** Builds a yes/no policy leaf. */
export function flag(value: boolean, stricter: boolean, sourceRef: string, confidence: Confidence = 'C'): Flag {
  return { kind: 'flag', value, stricter, sourceRef, confidence };
}

/** Builds a list policy leaf. */
export function setOf<T>(value: T[], sourceRef: string, confidence: Confidence = 'C'): SetLeaf<T> {
  return { kind: 'set', value, sourceRef, confidence };
}

/** Builds an approval step where any one of the roles signs. */
export function step(id: string, kind: ApprovalStep['kind'], roles: RoleId[], sourceRef: string): ApprovalStep {
  return { id, kind, mode: 'any', roles, sourceRef };
}

/** Builds a co-sign step where every listed role signs. */
export function cosign(id: string, roles: RoleId[], sourceRef: string): ApprovalStep {
  return { id, kind: 'cosign', mode: 'all', roles, sourceRef };
}

/** The common "no" flags most levels share; spread and override where a level differs. */
export function plainLevelFlags(): {
  continuousMonitoring: Flag;
  videoRequired: Flag;
  remoteApprovalAllowed: Flag;
  workPlanRequired: Flag;
} {
  return {
    continuousMonitoring: flag(false, true, gb('5.3.1 d)')),
    videoRequired: flag(false, true, gb('5.2.11')),
    remoteApprovalAllowed: flag(false, false, gb('4.11 a)')),
    workPlanRequired: flag(false, true, gb('4.1')),
  };
}
