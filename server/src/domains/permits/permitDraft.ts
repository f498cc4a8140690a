import { gasCriteriaFor } from './gasRules';
import { ApprovalStep, Flag, LevelId, LevelPolicy, Limit, PermitPolicy, WorkType } from './permitModel';
import { PermitRules, PermitState, Ref } from './permitState';
import { gb } from './policyLeaves';

/** What the command layer knows when it drafts a permit (normally after validateApplication). */
export interface DraftInput {
  id: string;
  type: WorkType;
  /** The effective level, after upgrades (validateApplication's `derived.level`). */
  level: LevelId;
  applicantId: string;
  workLeaderId: string;
  performerIds: string[];
  guardianIds: string[];
  outdoor: boolean;
  /** ISO timestamps of the requested window. */
  validFrom: string;
  validTo: string;
  /** TMP: gas tests apply only inside running fire/explosion hazardous areas (10.1). */
  inFireExplosionArea?: boolean;
  /** EXC deeper than 1.2 m near buried hazardous lines: confined-space rules (11.10). */
  confinedSpaceRules?: boolean;
  /** Toxic gases a gas test must measure (e.g. ['hydrogen_sulfide']). */
  toxicGasesPresent?: string[];
  parentPermitId?: string | null;
  relatedPermitIds?: string[];
  /** Steps added in front of the national chain, e.g. the fatigue review by the team lead. */
  extraApprovalSteps?: ApprovalStep[];
}

function ref(leaf: Limit): Ref<number>;
function ref(leaf: Flag): Ref<boolean>;
function ref(leaf: Limit | Flag): Ref<number> | Ref<boolean> {
  return { value: leaf.value, sourceRef: leaf.sourceRef } as Ref<number> | Ref<boolean>;
}

function levelOf(policy: PermitPolicy, type: WorkType, level: LevelId): LevelPolicy {
  const lp = policy.types[type].levels[level];
  if (!lp) throw new Error(`permit policy has no level ${level} for ${type}`);
  return lp;
}

/**
 * Freezes the rules a permit runs under. Excavation under confined-space rules borrows the CSE gas
 * policy, re-test gap and continuous monitoring, because 11.10 applies the CSE clauses to it.
 */
export function permitRulesFor(policy: PermitPolicy, input: Pick<DraftInput, 'type' | 'level' | 'inFireExplosionArea' | 'confinedSpaceRules' | 'toxicGasesPresent'>): PermitRules {
  const tp = policy.types[input.type];
  const lp = levelOf(policy, input.type, input.level);
  const confined = input.type === 'CSE' || (input.type === 'EXC' && input.confinedSpaceRules === true);
  const gasType = confined ? policy.types.CSE : tp;
  const gasLevel = confined ? levelOf(policy, 'CSE', 'single') : lp;
  const gp = gasType.gas;
  const gasNeeded = gp.required.value && (!gp.onlyInFireExplosionArea.value || input.inFireExplosionArea === true);
  return {
    maxValidityH: ref(lp.maxValidityH),
    remoteApprovalAllowed: ref(lp.remoteApprovalAllowed),
    gasRequired: { value: gasNeeded, sourceRef: confined && input.type === 'EXC' ? gb('11.10') : gp.required.sourceRef },
    sampleMaxAgeMin: ref(gp.sampleMaxAgeMin),
    retestAfterGapMin: gasLevel.retestAfterGapMin ? ref(gasLevel.retestAfterGapMin) : null,
    dailyGasTest: ref(gp.dailyTest),
    gasRecordIntervalMin: gp.recordIntervalMin ? ref(gp.recordIntervalMin) : null,
    continuousMonitoring: ref(confined ? gasLevel.continuousMonitoring : lp.continuousMonitoring),
    videoRequired: ref(lp.videoRequired),
    shiftCheckRequired: ref(tp.shiftCheckRequired),
    shiftCheckRoles: [...tp.shiftCheckRoles.value],
    reconfirmOnResume: ref(tp.reconfirmOnResume),
    acceptanceRoles: [...tp.acceptance.roles.value],
    acceptanceWithWorkLeader: tp.acceptance.withWorkLeader.value,
    supervisorRoles: [...tp.supervisorRoles.value],
    gas: gasCriteriaFor(policy, { oxygenBand: gp.oxygenRequired.value, requiredToxicGases: input.toxicGasesPresent }),
    confinedSpaceRules: confined,
  };
}

/** Creates a permit in state 'draft' with its approval chain and rules frozen from `policy`. */
export function createPermitDraft(input: DraftInput, policy: PermitPolicy): PermitState {
  const lp = levelOf(policy, input.type, input.level);
  return {
    id: input.id,
    type: input.type,
    level: input.level,
    status: 'draft',
    applicantId: input.applicantId,
    workLeaderId: input.workLeaderId,
    performerIds: [...input.performerIds],
    guardianIds: [...input.guardianIds],
    outdoor: input.outdoor,
    validFrom: input.validFrom,
    validTo: input.validTo,
    parentPermitId: input.parentPermitId ?? null,
    relatedPermitIds: [...(input.relatedPermitIds ?? [])],
    chain: [...(input.extraApprovalSteps ?? []), ...lp.approvals.value].map((s) => ({ ...s, roles: [...s.roles] })),
    step: 0,
    approvals: [],
    rules: permitRulesFor(policy, input),
    gasTests: [],
    checkIn: null,
    shiftCheck: null,
    submittedAt: null,
    activatedAt: null,
    interruptions: [],
    holds: [],
    suspendedFrom: null,
    suspendedAt: null,
    lastHoldReleasedAt: null,
    completedAt: null,
    acceptance: [],
    closedAt: null,
    ended: null,
  };
}
