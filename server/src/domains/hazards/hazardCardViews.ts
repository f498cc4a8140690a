import type { HazardCardView } from '../../../../cards/src/hazards/hazardCardView';
import type { Queryable } from '../../platform/db/db';
import { categoryPath } from './hazardCategories';
import { HazardPolicy, loadHazardPolicy, policyPerson } from './hazardPolicy';
import { codesOf, HazardPhoto, HazardRow, loadHazard, photosOf } from './hazardRepo';
import { majorElementsMissing } from './hazardRules';

/** A hazard with everything its cards show, loaded once per card build. */
export interface LoadedHazard {
  row: HazardRow;
  policy: HazardPolicy;
  view: HazardCardView;
}

/** Display name of a person id ('-' when unknown). */
export function personName(policy: HazardPolicy, id: string | null): string | null {
  if (!id) return null;
  return policyPerson(policy, id)?.name ?? id;
}

/** Builds the presenters' view of a hazard from its row, the policy, its photos and linked codes. */
export function toCardView(row: HazardRow, policy: HazardPolicy, photos: HazardPhoto[], codes: Map<string, string>): HazardCardView {
  const s = row.state;
  const lastOf = (role: HazardPhoto['role']) => {
    const list = photos.filter((p) => p.role === role);
    return list.length > 0 ? list[list.length - 1].fileId : null;
  };
  const firstBefore = photos.find((p) => p.role === 'before')?.fileId ?? null;
  // The latest submission's photos are in the state; the table also keeps earlier (returned) ones.
  const after = s.afterPhotoIds[0] ?? lastOf('after');
  return {
    id: row.id,
    code: row.code,
    status: s.status,
    grade: s.grade,
    description: row.description,
    areaName: policy.areas.find((a) => a.key === row.areaKey)?.name ?? row.areaKey,
    categoryPath: categoryPath(row.categoryKey, policy.categories).map((c) => c.name),
    equipmentTag: row.equipmentTag,
    reporterName: personName(policy, s.reporterId) ?? '-',
    assigneeName: personName(policy, s.assigneeId),
    delegateName: personName(policy, s.delegateId),
    reportedAt: s.createdAt,
    deadline: s.deadline,
    closedAt: s.closedAt,
    escalationLevel: s.escalationLevel,
    lastReason: s.lastReason,
    returnedCount: s.returnedCount,
    beforePhotoId: firstBefore,
    afterPhotoId: after,
    recurrenceOfCode: row.recurrenceOf ? (codes.get(row.recurrenceOf) ?? null) : null,
    reinspectionOfCode: row.reinspectionOf ? (codes.get(row.reinspectionOf) ?? null) : null,
    majorElementsMissing: s.grade === 'major' ? majorElementsMissing(s.majorElements) : [],
    verifiedByName: personName(policy, s.verifiedById),
    reinspectionOutcome: s.reinspection.outcome,
  };
}

/** Loads a hazard and what its cards need; null when it does not exist. */
export async function loadCardHazard(q: Queryable, plantId: string, hazardId: string, demoProfile: boolean): Promise<LoadedHazard | null> {
  const row = await loadHazard(q, plantId, hazardId);
  if (!row) return null;
  const policy = await loadHazardPolicy(q, plantId, { demoProfile });
  const photos = (await photosOf(q, plantId, [row.id])).get(row.id) ?? [];
  const codes = await codesOf(q, plantId, [row.recurrenceOf, row.reinspectionOf].filter((x): x is string => !!x));
  return { row, policy, view: toCardView(row, policy, photos, codes) };
}
