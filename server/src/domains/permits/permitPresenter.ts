import { insideNow } from './entryLog';
import { entriesOf } from './permitEntries';
import { t } from '../../../../cards/src/i18n/catalogue';
import { levelLabel, roleLabel, statusLabel, typeLabel } from '../../../../cards/src/permits/permitLabels';
import type { Queryable } from '../../platform/db/db';
import { listEvidence } from '../../platform/evidence/evidenceChain';
import { complianceRate, type ComplianceResult } from './complianceRate';
import { placeNames } from './permitAreas';
import { presentIssue, printable } from './permitErrors';
import { findFiles } from '../../platform/files/fileService';
import { attachedFileIds, workPlanFileIds, type PermitRow } from './permitRecord';
import { listApprovals, listCheckins, listGasTests } from './permitRecordsRepo';

/** What presenting needs besides the row: names and the reader's locale. */
export interface PresentContext {
  locale: string;
  names: ReadonlyMap<string, string>;
  roleNames?: ReadonlyMap<string, string>;
  areas?: ReadonlyMap<string, string>;
  units?: ReadonlyMap<string, string>;
}

const person = (id: string, c: PresentContext) => ({ id, name: c.names.get(id) ?? id });

/** Compliance with node names, for the API and the PDF. */
export function presentCompliance(r: ComplianceResult, locale: string) {
  const node = (n: ComplianceResult['nodes'][number]) => ({ ...n, name: t(locale, `permits.node.${n.node}`) });
  return { rate: Math.round(r.rate * 1000) / 1000, executed: r.executed, required: r.required, nodes: r.nodes.map(node), missed: r.missed.map(node) };
}

/** The short form of a permit: what command answers and lists show. */
export function presentPermitSummary(p: PermitRow, c: PresentContext) {
  const s = p.state;
  const step = s.chain[s.step];
  return {
    id: p.id, code: p.code, type: p.type, typeName: typeLabel(c.locale, p.type), level: p.level, levelName: levelLabel(c.locale, p.type, p.level),
    status: p.status, statusName: statusLabel(c.locale, p.status),
    area: { key: p.areaKey, name: c.areas?.get(p.areaKey) ?? p.areaKey }, unit: p.unitKey ? { key: p.unitKey, name: c.units?.get(p.unitKey) ?? p.unitKey } : null,
    site: p.application.form.site, outdoor: p.outdoor, window: { from: p.validFrom.toISOString(), to: p.validTo.toISOString() },
    content: p.application.form.content, applicant: person(p.applicantId, c), guardians: p.guardianIds.map((id) => person(id, c)),
    currentStep: ['submitted', 'approving'].includes(p.status) && step ? { index: s.step, id: step.id, kind: step.kind, roles: step.roles.map((r) => ({ key: r, name: roleLabel(c.locale, r, c.roleNames) })) } : null,
    holds: s.holds.map((h) => ({ id: h.id, reason: h.reason, at: h.at, owner: h.owner })),
    warnings: p.warnings.map((w) => presentIssue(c.locale, w, c.names)),
    ended: s.ended ? { ...s.ended, message: t(c.locale, `permits.ended.${s.ended.code}`, printable(s.ended.params, c.names)) } : null,
    version: p.version, updatedAt: p.updatedAt.toISOString(),
  };
}

/** Loads the names a presenter needs for one plant. */
export async function presentContext(q: Queryable, plantId: string, locale: string, people: Array<{ id: string; name: string }>): Promise<PresentContext> {
  const places = await placeNames(q, plantId);
  const roles = await q.query<{ key: string; name: string }>('SELECT key, name FROM roles WHERE plant_id = $1', [plantId]);
  return { locale, names: new Map(people.map((p) => [p.id, p.name])), roleNames: new Map(roles.rows.map((r) => [r.key, r.name])), areas: places.areas, units: places.units };
}

/**
 * The whole record (GET /api/permits/:id): the form, every signature with how and where it was
 * given, gas analyses, check-ins with GPS, interruptions, holds, acceptance, photos, compliance and
 * the evidence chain entries with their hashes.
 */
export async function presentPermitRecord(q: Queryable, p: PermitRow, c: PresentContext) {
  const s = p.state;
  const [approvals, gasTests, checkins, evidence, entries] = await Promise.all([
    listApprovals(q, p.plantId, p.id), listGasTests(q, p.plantId, p.id), listCheckins(q, p.plantId, p.id), listEvidence(q, p.plantId, 'permit', p.id),
    p.type === 'CSE' ? entriesOf(q, p.plantId, p.id) : Promise.resolve([]),
  ]);
  const inside = insideNow(entries);
  const a = p.application;
  const files = await findFiles(q, p.plantId, attachedFileIds(a));
  // A PDF is opened as it is; an image (a photo of signed pages) too: both are the uploaded original.
  const attached = (id: string) => ({ fileId: id, url: `/api/files/${id}`, mime: files.get(id)?.mime ?? null });
  const photoIds = [...a.form.photoFileIds, ...checkins.flatMap((x) => x.photoFileIds)];
  return {
    ...presentPermitSummary(p, c),
    form: {
      content: a.form.content, site: a.form.site, point: a.form.point ?? null, equipmentTags: a.form.equipmentTags ?? [], jsa: a.form.jsa,
      checklist: a.checklist ?? {}, otherMeasures: a.form.otherMeasures ?? null, relatedPermitIds: s.relatedPermitIds, parentPermitId: s.parentPermitId,
      // The approved work plan (特级 hot work, lifting) as uploaded files.
      workPlan: workPlanFileIds(a).map(attached),
      blindPlateDiagram: (a.blindPlate?.diagramFileIds ?? []).map(attached),
    },
    people: {
      applicant: person(p.applicantId, c), workLeader: person(s.workLeaderId, c), performers: s.performerIds.map((id) => person(id, c)),
      guardians: s.guardianIds.map((id) => person(id, c)),
    },
    rules: s.rules,
    chain: s.chain.map((step, i) => ({
      index: i, id: step.id, kind: step.kind, mode: step.mode, sourceRef: step.sourceRef,
      roles: step.roles.map((r) => ({ key: r, name: roleLabel(c.locale, r, c.roleNames) })),
      signatures: approvals.filter((x) => x.step === i).map((x) => ({ ...x, person: person(x.personId, c), signedAt: x.signedAt.toISOString() })),
    })),
    gasTests: gasTests.map((g) => ({ ...g, analyst: person(g.analystId, c), takenAt: g.takenAt.toISOString(), recordedAt: g.recordedAt.toISOString(), failures: g.failures.map((f) => presentIssue(c.locale, f, c.names)) })),
    checkIns: checkins.map((x) => ({ ...x, person: person(x.personId, c), checkedInAt: x.checkedInAt.toISOString() })),
    shiftCheck: s.shiftCheck ? { person: person(s.shiftCheck.personId, c), at: s.shiftCheck.at } : null,
    interruptions: s.interruptions.map((i) => ({ ...i, by: person(i.byId, c) })),
    acceptance: s.acceptance.map((x) => ({ person: person(x.personId, c), as: x.as, at: x.at })),
    // Confined spaces: the guardian's log of people and tools in and out (6.8 c), and who is inside now.
    entryLog: p.type === 'CSE'
      ? {
        entries: entries.map((e) => ({ ...e, person: e.kind === 'person' ? person(e.subject, c) : null, recordedBy: person(e.recordedBy, c), recordedAt: e.recordedAt.toISOString() })),
        inside: { people: inside.people.map((id) => person(id, c)), tools: inside.tools },
      }
      : null,
    photos: photoIds.map((id) => ({ fileId: id, url: `/api/files/${id}` })),
    links: { pdf: `/api/permits/${p.id}/pdf`, qr: `/api/permits/${p.id}/qr.png` },
    compliance: presentCompliance(complianceRate(s), c.locale),
    evidence: evidence.map((e) => ({ seq: e.seq, kind: e.kind, actor: e.actor, occurredAt: new Date(e.occurredAt).toISOString(), hash: e.hash })),
  };
}
