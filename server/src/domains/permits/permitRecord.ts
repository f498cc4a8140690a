import type { GasTest } from './gasRules';
import type { PermitApplication } from './permitApplication';
import type { LevelId, RuleIssue, WorkType } from './permitModel';
import type { GeoPoint } from './permitGeofence';
import type { PermitState, PermitStatus } from './permitState';

/** The parts of the form that are text for people, not inputs of the rules (作业内容, JSA, 作业地点). */
export interface PermitForm {
  /** 作业内容. */
  content: string;
  /** 作业地点: the point inside the area, in words (e.g. "V-301 罐顶人孔"). */
  site: string;
  /** The point's position, when given. */
  point?: GeoPoint;
  unitKey?: string;
  equipmentTags?: string[];
  /** Job hazard analysis: each hazard with its measures (风险辨识结果). */
  jsa: Array<{ hazard: string; measures: string[] }>;
  /** 其他安全措施 (free text line of the form). */
  otherMeasures?: string;
  photoFileIds: string[];
}

/** The application as stored: the rules' input plus the form text and the gas analyses given with it. */
export interface StoredApplication extends Omit<PermitApplication, 'id'> {
  form: PermitForm;
  /** Gas analyses submitted with the application; recorded on the permit when it is submitted. */
  gasTests: GasTest[];
}

/** One permits row: the machine state plus the columns lists and rules filter on. */
export interface PermitRow {
  id: string;
  plantId: string;
  code: string;
  type: WorkType;
  level: LevelId;
  status: PermitStatus;
  areaKey: string;
  unitKey: string | null;
  outdoor: boolean;
  validFrom: Date;
  validTo: Date;
  applicantId: string;
  guardianIds: string[];
  performerIds: string[];
  parentPermitId: string | null;
  blindPlate: PermitApplication['blindPlate'] | null;
  state: PermitState;
  application: StoredApplication;
  warnings: RuleIssue[];
  qrFileId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The approved work plan's files (特级 hot work or lifting), empty when none were attached. */
export function workPlanFileIds(app: Pick<StoredApplication, 'hotWork' | 'lifting'>): string[] {
  return app.hotWork?.workPlanFileIds ?? app.lifting?.workPlanFileIds ?? [];
}

/** Every document attached to the application, in the order the permit PDF appends them: work plan, then blind-plate diagram. */
export function attachedFileIds(app: Pick<StoredApplication, 'hotWork' | 'lifting' | 'blindPlate'>): string[] {
  return [...workPlanFileIds(app), ...(app.blindPlate?.diagramFileIds ?? [])];
}
