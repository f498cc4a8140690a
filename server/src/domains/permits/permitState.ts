import { GasCriteria, GasTest } from './gasRules';
import { ApprovalStep, LevelId, RoleId, WorkType } from './permitModel';

/** Lifecycle states of a permit. `closed` is reached by completion acceptance (完工验收). */
export const PERMIT_STATUSES = [
  'draft', 'submitted', 'approving', 'approved', 'active', 'interrupted', 'suspended',
  'completed', 'closed', 'rejected', 'cancelled', 'expired', 'voided',
] as const;
/** One lifecycle state. */
export type PermitStatus = (typeof PERMIT_STATUSES)[number];

/** States in which a permit is live: it can still lead to work and conflicts with others. */
export const LIVE_STATUSES: readonly PermitStatus[] = ['submitted', 'approving', 'approved', 'active', 'interrupted', 'suspended'];

/** A value with the clause it comes from, frozen onto the permit. */
export interface Ref<T = number> {
  value: T;
  sourceRef: string;
}

/** The rules of this permit, frozen from the policy when it was drafted so later policy edits do not move them. */
export interface PermitRules {
  maxValidityH: Ref;
  remoteApprovalAllowed: Ref<boolean>;
  gasRequired: Ref<boolean>;
  sampleMaxAgeMin: Ref;
  retestAfterGapMin: Ref | null;
  dailyGasTest: Ref<boolean>;
  gasRecordIntervalMin: Ref | null;
  continuousMonitoring: Ref<boolean>;
  videoRequired: Ref<boolean>;
  shiftCheckRequired: Ref<boolean>;
  shiftCheckRoles: RoleId[];
  reconfirmOnResume: Ref<boolean>;
  acceptanceRoles: RoleId[];
  acceptanceWithWorkLeader: boolean;
  supervisorRoles: RoleId[];
  gas: GasCriteria;
  /** Excavation deeper than 1.2 m near buried hazardous lines runs under confined-space rules (11.10). */
  confinedSpaceRules: boolean;
}

/** One signature in the approval chain. */
export interface ApprovalRecord {
  step: number;
  stepId: string;
  role: RoleId;
  personId: string;
  mode: 'onsite' | 'remote';
  at: string;
  comment?: string;
}

/** A gas test as stored on the permit, with its verdict. */
export interface GasTestRecord extends GasTest {
  passed: boolean;
  failureCodes: string[];
  recordedAt: string;
}

/** A pause of active work. */
export interface InterruptionRecord {
  at: string;
  byId: string;
  reason: string;
  resumedAt: string | null;
  /** Test that cleared the resume, when one was needed. */
  retestId: string | null;
  reconfirmed: boolean;
}

/** Who placed a hold: a system signal or a person. */
export type HoldOwner = { kind: 'system'; system: SystemName } | { kind: 'person'; personId: string };

/** A reason the permit is suspended; the permit stays suspended while any hold exists. */
export interface HoldRecord {
  id: string;
  owner: HoldOwner;
  reason: string;
  at: string;
}

/** Why a permit ended without closing normally. */
export interface EndRecord {
  code: string;
  byId: string | null;
  at: string;
  params: Record<string, unknown>;
}

/** The full state of one permit, JSON-serialisable (timestamps are ISO strings). */
export interface PermitState {
  id: string;
  type: WorkType;
  level: LevelId;
  status: PermitStatus;
  applicantId: string;
  workLeaderId: string;
  performerIds: string[];
  guardianIds: string[];
  outdoor: boolean;
  validFrom: string;
  validTo: string;
  parentPermitId: string | null;
  relatedPermitIds: string[];
  chain: ApprovalStep[];
  /** Index of the approval step awaiting signatures. */
  step: number;
  approvals: ApprovalRecord[];
  rules: PermitRules;
  gasTests: GasTestRecord[];
  checkIn: { guardianId: string; at: string; distanceM: number; monitoringOn: boolean; videoOn: boolean } | null;
  shiftCheck: { personId: string; at: string } | null;
  submittedAt: string | null;
  activatedAt: string | null;
  interruptions: InterruptionRecord[];
  holds: HoldRecord[];
  suspendedFrom: 'approved' | 'active' | null;
  suspendedAt: string | null;
  lastHoldReleasedAt: string | null;
  completedAt: string | null;
  acceptance: Array<{ personId: string; as: 'work_leader' | RoleId; at: string }>;
  closedAt: string | null;
  ended: EndRecord | null;
}

/** Names of system actors. */
export type SystemName = 'alarm' | 'weather' | 'scheduler';

/** Who acts: a person with their configured roles, or a system. */
export type Actor = { kind: 'person'; personId: string; roles: RoleId[] } | { kind: 'system'; system: SystemName };

/** Causes that void a permit and require a new one (4.16, 4.17). */
export type VoidCause = 'content' | 'scope' | 'location' | 'conditions';

/** Everything that can be asked of a permit. */
export type PermitAction =
  | { type: 'submit' }
  | { type: 'approve'; mode: 'onsite' | 'remote'; comment?: string; /** On-site claims may carry the geofence result. */ geofencePassed?: boolean; distanceM?: number }
  | { type: 'reject'; reason: string }
  | { type: 'check_in'; geofencePassed: boolean; distanceM: number; continuousMonitoringOn?: boolean; videoRecording?: boolean }
  | { type: 'shift_check' }
  | { type: 'interrupt'; reason: string }
  | { type: 'resume'; conditionsReconfirmed?: boolean }
  | { type: 'record_gas_test'; test: GasTest }
  | { type: 'place_hold'; holdId: string; reason: string }
  | { type: 'release_hold'; holdId: string }
  | { type: 'complete' }
  | { type: 'accept' }
  | { type: 'cancel'; reason?: string }
  | { type: 'expire' }
  | { type: 'void'; cause: VoidCause; detail?: string }
  | { type: 'end_with_parent'; parentPermitId: string };

/** Names of all actions. */
export type PermitActionType = PermitAction['type'];

/** Side effects for the command layer to carry out after it persists `next`. */
export type PermitEffect =
  | { type: 'notify_approvers'; step: number; stepId: string; roles: RoleId[] }
  | { type: 'notify_parties'; event: 'approved' | 'rejected' | 'activated' | 'suspended' | 'holds_cleared' | 'completed' | 'closed' | 'cancelled' | 'expired' | 'voided' }
  | { type: 'schedule_expiry'; at: string }
  | { type: 'schedule_gas_record'; at: string }
  | { type: 'gas_alert'; testId: string; failureCodes: string[] }
  | { type: 'end_dependent_permits'; parentPermitId: string }
  | { type: 'reissue_required'; cause: VoidCause; sourceRef: string };

/** Why an action was refused: a stable code, parameters for the message, and the clause when there is one. */
export interface Refusal {
  code: string;
  params: Record<string, unknown>;
  sourceRef?: string;
}

/** Result of decidePermit. */
export type PermitDecision = { next: PermitState; effects: PermitEffect[] } | { refusal: Refusal };
