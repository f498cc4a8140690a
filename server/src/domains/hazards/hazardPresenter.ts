import type { EvidenceRow } from '../../platform/evidence/evidenceChain';
import { categoryPath } from './hazardCategories';
import { HazardPolicy, policyPerson } from './hazardPolicy';
import type { HazardPhoto, HazardRow } from './hazardRepo';
import { majorElementsMissing } from './hazardRules';
import { OPEN_HAZARD_STATUSES } from './hazardTypes';

/** The JSON shape of hazards in the API (ids and display names; dates as ISO strings). */

const person = (policy: HazardPolicy, id: string | null) => {
  if (!id) return null;
  const p = policyPerson(policy, id);
  return { id, key: p?.key ?? null, name: p?.name ?? null };
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** URL of a stored photo (authenticated download). */
export function photoUrl(publicUrl: string, fileId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/api/files/${fileId}`;
}

/** Options of presentHazard. */
export interface PresentOptions {
  photos?: HazardPhoto[];
  codes?: Map<string, string>;
  timeline?: EvidenceRow[];
  publicUrl: string;
  now: Date;
}

/** One hazard as JSON. */
export function presentHazard(row: HazardRow, policy: HazardPolicy, opts: PresentOptions) {
  const s = row.state;
  const area = policy.areas.find((a) => a.key === row.areaKey);
  const link = (id: string | null) => (id ? { id, code: opts.codes?.get(id) ?? null } : null);
  const e = s.majorElements;
  return {
    id: row.id,
    code: row.code,
    status: s.status,
    grade: s.grade,
    description: row.description,
    area: { key: row.areaKey, name: area?.name ?? null },
    category: { key: row.categoryKey, path: categoryPath(row.categoryKey, policy.categories).map((c) => c.name) },
    equipmentTag: row.equipmentTag,
    location: row.location,
    source: row.source,
    reporter: person(policy, s.reporterId),
    assignee: person(policy, s.assigneeId),
    delegate: person(policy, s.delegateId),
    reviewerRole: s.reviewerRole,
    verifiedBy: person(policy, s.verifiedById),
    deadline: s.deadline.toISOString(),
    overdue: OPEN_HAZARD_STATUSES.includes(s.status) && s.deadline.getTime() < opts.now.getTime(),
    escalationLevel: s.escalationLevel,
    returnedCount: s.returnedCount,
    lastReason: s.lastReason,
    recurring: row.recurring,
    recurrenceOf: link(row.recurrenceOf),
    reinspectionOf: link(row.reinspectionOf),
    major: {
      flagged: row.majorFlagged,
      flaggedAt: iso(row.majorFlaggedAt),
      elements: e ? { ...e, deadline: iso(e.deadline) } : null,
      missing: s.grade === 'major' ? majorElementsMissing(e) : [],
      report: row.majorReport,
    },
    reinspection: {
      dueAt: iso(s.reinspection.dueAt),
      promptedAt: iso(s.reinspection.promptedAt),
      outcome: s.reinspection.outcome,
      at: iso(s.reinspection.at),
      note: s.reinspection.note,
    },
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    assignedAt: iso(s.assignedAt),
    submittedAt: iso(s.submittedAt),
    closedAt: iso(s.closedAt),
    version: s.version,
    ...(opts.photos ? { photos: opts.photos.map((p) => ({ fileId: p.fileId, role: p.role, url: photoUrl(opts.publicUrl, p.fileId), addedAt: p.addedAt.toISOString() })) } : {}),
    ...(opts.timeline
      ? { timeline: opts.timeline.map((ev) => ({ seq: ev.seq, kind: ev.kind, at: ev.occurredAt.toISOString(), actor: ev.actor, data: ev.data, hash: ev.hash })) }
      : {}),
  };
}

/** The JSON type of one hazard. */
export type HazardJson = ReturnType<typeof presentHazard>;
