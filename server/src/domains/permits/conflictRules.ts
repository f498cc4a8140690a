import { RuleIssue, WorkType } from './permitModel';
import { LIVE_STATUSES, PermitStatus } from './permitState';
import { gb } from './policyLeaves';

/** A blind-plate job: one plate, one action (7.11). */
export interface BlindPlateJob {
  plateId: string;
  action: 'insert' | 'remove';
  pipelineId?: string;
  /** The blind-plate location diagram with the numbered plates (7.1), as uploaded files. */
  diagramFileIds?: string[];
}

/** What conflict checks need to know about another permit. */
export interface PermitSummary {
  id: string;
  type: WorkType;
  status: PermitStatus;
  areaId: string;
  from: Date;
  to: Date;
  blindPlate?: BlindPlateJob;
  parentPermitId?: string | null;
}

/** The permit being applied for. */
export interface ConflictCandidate {
  id?: string;
  type: WorkType;
  areaId: string;
  from: Date;
  to: Date;
  blindPlate?: BlindPlateJob;
  /** Permits of the same job (4.6 related permits, TMP parent): linked, so not "simultaneous operations". */
  relatedPermitIds?: string[];
  parentPermitId?: string | null;
}

const overlaps = (a: { from: Date; to: Date }, b: { from: Date; to: Date }) =>
  a.from.getTime() < b.to.getTime() && b.from.getTime() < a.to.getTime();

/**
 * Finds conflicts with live permits. Work in the same area in overlapping windows is simultaneous
 * operation (交叉作业, 4.7): a warning naming the others so a coordinator is assigned. A second live
 * blind-plate permit for the same plate and action is refused (7.11), as is a second blind-plate job
 * on the same pipeline at the same time (7.10). Hot work beside a live blind-plate job in the same
 * area is a warning, because 7.6 forbids hot work within 30 m and areas carry no distances.
 */
export function findConflicts(c: ConflictCandidate, permits: PermitSummary[]): { errors: RuleIssue[]; warnings: RuleIssue[] } {
  const errors: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];
  const live = permits.filter((p) => p.id !== c.id && LIVE_STATUSES.includes(p.status));
  const sameJob = (p: PermitSummary) =>
    (c.id !== undefined && p.parentPermitId === c.id) || p.id === c.parentPermitId || (c.relatedPermitIds ?? []).includes(p.id);
  const simultaneous = live.filter((p) => p.areaId === c.areaId && overlaps(p, c) && !sameJob(p));
  if (simultaneous.length > 0) {
    warnings.push({
      code: 'simultaneous_operations', field: 'location.areaId',
      params: { permitIds: simultaneous.map((p) => p.id), types: [...new Set(simultaneous.map((p) => p.type))] }, sourceRef: gb('4.7'),
    });
  }
  if (c.type === 'BLD' && c.blindPlate) {
    const plate = c.blindPlate;
    const same = live.find((p) => p.type === 'BLD' && p.blindPlate?.plateId === plate.plateId && p.blindPlate.action === plate.action);
    if (same) errors.push({ code: 'blind_plate_duplicate', field: 'blindPlate.plateId', params: { permitId: same.id, plateId: plate.plateId, action: plate.action }, sourceRef: gb('7.11') });
    const line = plate.pipelineId
      ? live.find((p) => p.type === 'BLD' && p.id !== same?.id && p.blindPlate?.pipelineId === plate.pipelineId && overlaps(p, c))
      : undefined;
    if (line) errors.push({ code: 'blind_plate_same_pipeline', field: 'blindPlate.pipelineId', params: { permitId: line.id, pipelineId: plate.pipelineId }, sourceRef: gb('7.10') });
  }
  const nearHotBlind = live.filter((p) => p.areaId === c.areaId && overlaps(p, c) && ((c.type === 'HOT' && p.type === 'BLD') || (c.type === 'BLD' && p.type === 'HOT')));
  if (nearHotBlind.length > 0) {
    warnings.push({ code: 'hot_work_near_blind_plate', field: 'location.areaId', params: { permitIds: nearHotBlind.map((p) => p.id), radiusM: 30 }, sourceRef: gb('7.6') });
  }
  return { errors, warnings };
}
