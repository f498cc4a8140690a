import { CertificateRecord } from './certificateRules';
import { BlindPlateJob, PermitSummary } from './conflictRules';
import { ConfinedSpaceHistoryItem } from './fatigueRule';
import { HeightInput } from './heightLevel';
import { HotWorkCriteria } from './hotWorkUpgrade';
import { ApprovalStep, LevelId, NoPermitNeeded, PermitPolicy, RuleIssue, WorkType } from './permitModel';
import { PlantCalendar } from './plantTime';
import { WeatherConditions } from './weatherRules';

/** Answer to one checklist item: done (confirmed), not applicable, or not yet confirmed. */
export type ChecklistAnswer = 'done' | 'na' | 'pending';

/** A permit application as the form collects it; type-specific blocks are read only for their type. */
export interface PermitApplication {
  id?: string;
  type: WorkType;
  /** Level the applicant declares; derived from the facts when absent. A lower level than the rules require is an error. */
  level?: LevelId;
  /** ISO timestamps of the requested execution window (作业实施时间). */
  window: { from: string; to: string };
  location: { areaId: string; outdoor: boolean; inFireExplosionArea?: boolean };
  people: {
    applicantId: string;
    workLeaderId: string;
    performerIds: string[];
    guardianIds: string[];
    liftingDirectorId?: string;
    craneOperatorIds?: string[];
  };
  /** TMP: the HOT/CSE permit this power serves. */
  parentPermitId?: string;
  /** Permits of the same job (关联的其他特殊作业及安全作业票编号). */
  relatedPermitIds?: string[];
  /** Other special-work types the same job involves: each needs its own linked permit (4.6). */
  alsoInvolves?: WorkType[];
  /** Checklist answers keyed by item id (e.g. 'HOT.01'). */
  checklist?: Record<string, ChecklistAnswer>;
  hotWork?: HotWorkCriteria & {
    method?: 'welding' | 'cutting' | 'grinding' | 'drilling' | 'sandblasting' | 'other';
    specialCircumstance?: boolean;
    workPlanApproved?: boolean;
    /** The approved plan as uploaded files (a photo or scan of its signed pages). */
    workPlanFileIds?: string[];
    hotTapping?: boolean;
    unitUnstable?: boolean;
    selfDecomposingMaterial?: boolean;
  };
  confinedSpace?: { highRisk?: boolean };
  height?: HeightInput & { specialOperation?: boolean };
  lifting?: { massT: number; tandem?: boolean; maxLoadFractionOfRated?: number; workPlanApproved?: boolean; workPlanFileIds?: string[]; complexLoad?: boolean };
  blindPlate?: BlindPlateJob;
  excavation?: { depthM: number; machineLevelling?: boolean; nearBuriedHazardousLines?: boolean };
  tmp?: { specialApproval?: boolean };
  gas?: { toxicGasesPresent?: string[] };
  weather?: WeatherConditions;
}

/** Everything validateApplication reads besides the application. */
export interface ValidationContext {
  now: Date;
  timezone: string;
  policy: PermitPolicy;
  calendar: PlantCalendar;
  /** Registry records of the people on the application. */
  certificates: CertificateRecord[];
  /** Live permits of the plant (or of the area) for conflict checks. */
  livePermits: PermitSummary[];
  /** The permits named in relatedPermitIds and parentPermitId. */
  relatedPermits?: PermitSummary[];
  /** Confined-space permits of the performers, for the fatigue rule. */
  confinedSpaceHistory?: ConfinedSpaceHistoryItem[];
  /** Live weather/alarm level raises covering this application (a force-5 wind warning on outdoor hot work). */
  levelRaises?: LevelRaise[];
}

/** A live level raise that covers the application, as the rules see it. */
export interface LevelRaise {
  restrictionId: string;
  source: 'person' | 'alarm' | 'weather';
  sourceId: string;
  reason: string;
  /** Wind force the raise stands for, when the warning states or implies one. */
  beaufort: number | null;
}

/** What the rules derived, for the command to draft the permit with. */
export interface DerivedFacts {
  /** Effective level (declared or required, whichever is higher); null when undecidable. */
  level: LevelId | null;
  upgradeReasons: string[];
  confinedSpaceRules: boolean;
  /** Steps to put in front of the approval chain (fatigue review). */
  extraApprovalSteps: ApprovalStep[];
}

/** Outcome of validateApplication: errors block, warnings inform; each names the rule and the field. */
export interface ValidationResult {
  errors: RuleIssue[];
  warnings: RuleIssue[];
  /** Set when the job needs no permit of this type (lift < 10 t, height < 2 m, ...): a specific answer. */
  noPermitNeeded: NoPermitNeeded | null;
  derived: DerivedFacts;
}
