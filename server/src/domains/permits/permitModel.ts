/**
 * Shared vocabulary of the permits capability: work types, levels, roles and the shape of the
 * permit policy. Every number in the policy is a leaf carrying its source and a confidence tag, so
 * a refusal can name the clause it enforces and a plant override can be judged tighter or looser.
 */

/** The eight special-work types of GB 30871-2022 clause 3. */
export const WORK_TYPES = ['HOT', 'CSE', 'BLD', 'HGT', 'LFT', 'TMP', 'EXC', 'RDB'] as const;
/** One special-work type code (动火, 受限空间, 盲板抽堵, 高处, 吊装, 临时用电, 动土, 断路). */
export type WorkType = (typeof WORK_TYPES)[number];

/** Hot-work levels: 特级 / 一级 / 二级 (5.1). */
export type HotLevel = 'special' | 'L1' | 'L2';
/** Work-at-height levels I–IV (8.1, GB/T 3608). */
export type HeightLevel = 'I' | 'II' | 'III' | 'IV';
/** Lifting levels 一级 / 二级 / 三级 (9.1). */
export type LiftLevel = 'L1' | 'L2' | 'L3';
/** Level id of any permit; ungraded types use 'single'. */
export type LevelId = HotLevel | HeightLevel | LiftLevel | 'single';

/** Levels of each type, ordered from the lowest risk to the highest. */
export const LEVELS: Record<WorkType, readonly LevelId[]> = {
  HOT: ['L2', 'L1', 'special'],
  CSE: ['single'],
  BLD: ['single'],
  HGT: ['I', 'II', 'III', 'IV'],
  LFT: ['L3', 'L2', 'L1'],
  TMP: ['single'],
  EXC: ['single'],
  RDB: ['single'],
};

/** Rank of a level inside its type (0 = lowest risk); -1 when the level does not belong to the type. */
export function levelRank(type: WorkType, level: LevelId): number {
  return LEVELS[type].indexOf(level);
}

/** True when `level` is a level of `type`. */
export function isLevelOf(type: WorkType, level: string): level is LevelId {
  return (LEVELS[type] as readonly string[]).includes(level);
}

/**
 * Configured role ids used by approval chains. Plants give these roles to people; the ids are
 * stable config, not display names (names live in the message catalogue under permits.role.*).
 */
export const ROLES = {
  unitHead: 'unit_head', // 所在基层单位
  safetyDept: 'safety_dept', // 安全管理部门
  seniorManager: 'senior_manager', // 主管领导 (特级动火 approver)
  plantManager: 'plant_manager', // 主管厂长
  chiefEngineer: 'chief_engineer', // 总工程师
  specialistDept: 'specialist_dept', // 所在单位专业部门
  powerUnit: 'power_unit', // 配送电单位
  shiftLeader: 'shift_leader', // 岗位当班班长
  teamLead: 'team_leader', // 班组长 (fatigue review)
  waterDept: 'water_dept',
  electricalDept: 'electrical_dept',
  steamDept: 'steam_dept',
  processDept: 'process_dept',
  equipmentDept: 'equipment_dept',
  fireDept: 'fire_dept',
} as const;
/** A configured role id (see ROLES for the national defaults). */
export type RoleId = string;

/** [C] confirmed against the standard's text, [S] secondary sources, [U] unconfirmed: verify before release. */
export type Confidence = 'C' | 'S' | 'U';

/** Units of policy limits. */
export type Unit =
  | 'h' | 'min' | 'day' | 'vol_pct' | 'm' | 't' | 'beaufort' | 'count' | 'mg_m3' | 'L_per_mol' | 'minute_of_day' | 'fraction';

/** Evidence of a plant override, kept on the leaf it changed. */
export interface LeafOverride {
  from: unknown;
  direction: 'tighten' | 'loosen';
  reason?: string;
  approvedBy?: string;
}

interface LeafBase {
  /** Where the value comes from, e.g. 'GB 30871-2022 5.1.5'. */
  sourceRef: string;
  confidence: Confidence;
  /** Present when a plant override replaced the national value. */
  override?: LeafOverride;
}

/** A numeric policy value; `stricter` says which direction makes the rule stricter. */
export interface Limit extends LeafBase {
  kind: 'limit';
  value: number;
  unit: Unit;
  stricter: 'lower' | 'higher';
}

/** A yes/no policy value; `stricter` is the value that makes the rule stricter. */
export interface Flag extends LeafBase {
  kind: 'flag';
  value: boolean;
  stricter: boolean;
}

/** A list policy value; a superset of the national list is stricter, anything else is looser. */
export interface SetLeaf<T> extends LeafBase {
  kind: 'set';
  value: T[];
}

/** Any policy leaf. */
export type PolicyLeaf = Limit | Flag | SetLeaf<unknown>;

/** One step of an approval chain: any one of `roles` signs (mode 'any'), or each of them (mode 'all', co-sign). */
export interface ApprovalStep {
  id: string;
  kind: 'review' | 'cosign' | 'approve';
  mode: 'any' | 'all';
  roles: RoleId[];
  sourceRef: string;
}

/** One safety measure of a permit form's checklist (Chinese text as printed on the form). */
export interface ChecklistItem {
  id: string;
  text: string;
  /** Levels for which the item may not be answered "not applicable". */
  mandatoryFor?: LevelId[];
  sourceRef: string;
}

/** Per-level policy of a permit type. */
export interface LevelPolicy {
  maxValidityH: Limit;
  /** Only TMP: the longer maximum allowed with special approval. */
  specialMaxValidityH?: Limit;
  approvals: SetLeaf<ApprovalStep>;
  /** Interruption longer than this needs a new gas test before resuming. */
  retestAfterGapMin?: Limit;
  continuousMonitoring: Flag;
  videoRequired: Flag;
  /** GB 30871 4.11 a): approval on site; remote approval only where a plant loosens this with a reason. */
  remoteApprovalAllowed: Flag;
  workPlanRequired: Flag;
}

/** Gas-test policy of a permit type. */
export interface TypeGasPolicy {
  required: Flag;
  /** TMP: the test is needed only inside running fire/explosion hazardous areas (10.1). */
  onlyInFireExplosionArea: Flag;
  sampleMaxAgeMin: Limit;
  dailyTest: Flag;
  /** Continuous monitoring must be written down at least this often (CSE 6.5). */
  recordIntervalMin?: Limit;
  oxygenRequired: Flag;
}

/** Weather interlocks of a permit type (outdoor work only). */
export interface TypeWeatherPolicy {
  stopOutdoorAtBeaufort?: Limit;
  upgradeOutdoorAtBeaufort?: Limit;
  stopInFog?: Flag;
  stopInHeavySnowOrRainstorm?: Flag;
}

/** The policy of one work type. */
export interface TypePolicy {
  formRef: string;
  levels: Partial<Record<LevelId, LevelPolicy>>;
  checklist: SetLeaf<ChecklistItem>;
  gas: TypeGasPolicy;
  guardian: { required: Flag; minCount: Limit; highRiskMinCount: Limit; staysOutside: Flag };
  weather: TypeWeatherPolicy;
  shiftCheckRequired: Flag;
  /** Who checks the permit before ignition (岗位当班班长验票). */
  shiftCheckRoles: SetLeaf<RoleId>;
  reconfirmOnResume: Flag;
  /** Who signs completion acceptance (完工验收); `withWorkLeader` = joint confirmation (BLD 7.12). */
  acceptance: { roles: SetLeaf<RoleId>; withWorkLeader: Flag };
  /** Who may void the permit, resume it after a hold or release holds placed by others (besides the guardian). */
  supervisorRoles: SetLeaf<RoleId>;
}

/** Combustible, oxygen and toxic acceptance limits (5.3.2, 6.4). */
export interface GasPolicy {
  lelClassBoundaryVolPct: Limit;
  combustibleLimitHighLelVolPct: Limit;
  combustibleLimitLowLelVolPct: Limit;
  oxygenMinVolPct: Limit;
  oxygenMaxVolPct: Limit;
  oxygenEnrichedMaxVolPct: Limit;
  /** Molar volume used to turn ppm into mg/m³. */
  molarVolumeL: Limit;
  /** Acceptance limit per toxic gas id (see gasTable.ts), in mg/m³. */
  toxicLimitsMgM3: Record<string, Limit>;
}

/** The whole permit policy: national defaults, possibly tightened or (with evidence) loosened by a plant. */
export interface PermitPolicy {
  standard: string;
  types: Record<WorkType, TypePolicy>;
  gas: GasPolicy;
  hotWork: { nightStartMinute: Limit; nightEndMinute: Limit; upgradesStackPerClause: Flag };
  lifting: { noPermitBelowT: Limit; level2FromT: Limit; level1AboveT: Limit; tandemMaxRatedFraction: Limit };
  height: { minHeightM: Limit; band1MaxM: Limit; band2MaxM: Limit; band3MaxM: Limit };
  excavation: { triggerDepthM: Limit; confinedSpaceDepthM: Limit };
  certificates: { warnWithinDays: Limit; requirements: SetLeaf<CertificateRequirement> };
  fatigue: { cseMonthlyThreshold: Limit; reviewerRoles: SetLeaf<RoleId> };
}

/** Certificate types the permit rules know (special-operation, special-equipment, guardian training). */
export const CERTIFICATE_TYPES = [
  'special_op_welding', // 特种作业操作证 熔化焊接与热切割作业
  'special_op_electrician_lv', // 电工作业 低压电工作业
  'special_op_electrician_hv', // 电工作业 高压电工作业
  'special_op_electrician_ex', // 电工作业 防爆电气作业
  'special_op_height_scaffold', // 高处作业 登高架设作业
  'special_op_height_maintenance', // 高处作业 高处安装、维护、拆除作业
  'special_equipment_crane_operator', // 特种设备作业人员证 起重机司机
  'special_equipment_crane_signaller', // 特种设备作业人员证 起重机指挥
  'guardian_training', // 监护人培训合格证
] as const;
/** One certificate type id. */
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

/** The part a person plays on a permit, as far as certificates are concerned. */
export type PermitPersonRole = 'performer' | 'work_leader' | 'guardian' | 'lifting_director' | 'crane_operator';

/**
 * A certificate a person in `personRole` must hold for `workType` ('*' = every type): any one of
 * `anyOf`. `condition` limits it to some jobs (only welding/cutting hot work needs the welding card).
 */
export interface CertificateRequirement {
  workType: WorkType | '*';
  personRole: PermitPersonRole;
  anyOf: CertificateType[];
  condition?: 'welding_or_cutting' | 'height_special_operation';
  sourceRef: string;
}

/** A rule outcome: stable code, the application field it concerns, parameters and the clause. */
export interface RuleIssue {
  code: string;
  field: string;
  params: Record<string, unknown>;
  sourceRef: string;
}

/** Why a job needs no permit of the requested type: a specific answer, never a silent pass. */
export interface NoPermitNeeded {
  code: 'no_permit_needed';
  reason: 'lift_below_threshold' | 'below_height_threshold' | 'excavation_below_trigger' | 'fixed_hot_work_area';
  params: Record<string, unknown>;
  sourceRef: string;
  /** B.1 note 3: a lift under 10 t still needs a risk analysis and reliable measures. */
  riskAnalysisRequired: boolean;
}
