import { randomUUID } from 'node:crypto';
import { nextCode } from '../../platform/codes/nextCode';
import type { Tx } from '../../platform/db/db';
import { appendEvidence, EvidenceInput } from '../../platform/evidence/evidenceChain';
import { existingFiles } from '../../platform/files/fileService';
import { defaultGrade } from './hazardCategories';
import { applyEffects, commitDecision, Committed, policyFor, RecurrenceEffect } from './hazardCommit';
import { HAZARD_SUBJECT, HazardCaller, HazardDeps, TIMER_CALLER } from './hazardDeps';
import { decideHazard, isHazardRefusal } from './hazardMachine';
import { matchAssignmentRule } from './hazardAssignment';
import { sendTriage } from './hazardNotify';
import { HazardPolicy, resolveAssigneeInTree } from './hazardPolicy';
import { findRecurrence } from './hazardRecurrence';
import { fieldError } from './hazardRefusals';
import { addPhotos, HazardLocation, HazardRow, HazardSource, insertHazard, loadHazard, photosOf, recurrenceCandidates } from './hazardRepo';
import { deadlineFor, hazardTiming } from './hazardSla';
import type { HazardGrade } from './hazardTypes';
import { openHazard } from './openHazard';

/** What a new report carries (from the chat draft, the API or a reinspection). */
export interface CreateHazardInput {
  plantId: string;
  reporterId: string;
  areaKey: string;
  categoryKey: string;
  description: string;
  /** undefined = look for a known equipment tag in the description; null = none. */
  equipmentTag?: string | null;
  photoFileIds: string[];
  location?: HazardLocation | null;
  /** Honoured only when the caller may grade; otherwise the category's default grade applies. */
  grade?: HazardGrade;
  source: HazardSource;
  /** The hazard whose reinspection found this one back. */
  reinspectionOf?: string | null;
}

const DAY_MS = 86_400_000;
const norm = (s: string) => s.normalize('NFKC').toUpperCase();

/** The first configured equipment tag (位号) named in the text, preferring tags of the area. */
export function findEquipmentTag(text: string, areaKey: string, policy: HazardPolicy): string | null {
  const haystack = norm(text);
  const named = policy.equipment.filter((e) => haystack.includes(norm(e.tag)));
  return (named.find((e) => e.areaKey === areaKey) ?? named[0])?.tag ?? null;
}

/** Checks area, category and photos; throws a 400 naming the field. */
async function validate(tx: Tx, policy: HazardPolicy, input: CreateHazardInput, caller: HazardCaller, photoRequired: boolean) {
  const area = policy.areas.find((a) => a.key === input.areaKey);
  if (!area) throw fieldError(caller.locale, 'body.areaKey', 'hazards.error.unknown_area', { areaKey: input.areaKey });
  const category = policy.categories.find((c) => c.key === input.categoryKey);
  if (!category) throw fieldError(caller.locale, 'body.categoryKey', 'hazards.error.unknown_category', { categoryKey: input.categoryKey });
  if (policy.categories.some((c) => c.parentKey === category.key)) {
    throw fieldError(caller.locale, 'body.categoryKey', 'hazards.error.category_not_leaf', { categoryKey: input.categoryKey });
  }
  const photos = [...new Set(input.photoFileIds)];
  if (photoRequired && photos.length === 0) throw fieldError(caller.locale, 'body.photoFileIds', 'hazards.error.photo_required');
  const known = await existingFiles(tx, input.plantId, photos);
  const unknown = photos.find((id) => !known.has(id));
  if (unknown) throw fieldError(caller.locale, 'body.photoFileIds', 'hazards.error.unknown_photo', { fileId: unknown });
  return { area, photos };
}

/**
 * Files a new hazard: code, grade from the category, deadline and timing from the SLA policy, the
 * recurrence link, the row, its before-photos and a `hazard.reported` event; then the opening
 * effects (group notice, escalation timer, major flag) and rule-based assignment by the system.
 */
export async function createHazard(deps: HazardDeps, tx: Tx, input: CreateHazardInput, caller: HazardCaller): Promise<HazardRow> {
  const policy = await policyFor(deps, tx, input.plantId);
  const now = deps.now();
  const photoRequired = policy.settings.requirePhoto && input.source !== 'reinspection';
  const { area, photos } = await validate(tx, policy, input, caller, photoRequired);
  const grade = input.grade && caller.mayGrade ? input.grade : defaultGrade(input.categoryKey, policy.categories);
  const code = await nextCode(tx, input.plantId, 'YH', now, policy.timezone);
  const { state, effects } = openHazard(
    {
      id: randomUUID(),
      code,
      reporterId: input.reporterId,
      grade,
      deadline: deadlineFor(grade, policy.slaPolicies, now, policy.sla),
      timing: hazardTiming(grade, policy.slaPolicies, policy.settings.escalationChain.length, policy.sla),
      reviewerRole: area.reviewerRole ?? policy.settings.reviewerRole,
    },
    now,
  );
  const equipmentTag = input.equipmentTag === undefined ? findEquipmentTag(input.description, area.key, policy) : input.equipmentTag?.trim() || null;
  const since = new Date(now.getTime() - policy.settings.recurrenceDays * DAY_MS);
  const candidates = await recurrenceCandidates(tx, input.plantId, area.key, input.categoryKey, since);
  const recurrenceOf =
    findRecurrence({ id: state.id, areaKey: area.key, categoryKey: input.categoryKey, equipmentTag, reportedAt: now }, candidates, policy.settings.recurrenceDays) ??
    input.reinspectionOf ??
    null;
  const base = {
    plantId: input.plantId,
    areaKey: area.key,
    categoryKey: input.categoryKey,
    equipmentTag,
    description: input.description.trim(),
    location: input.location ?? null,
    source: input.source,
    state,
    recurrenceOf,
    reinspectionOf: input.reinspectionOf ?? null,
  };
  await insertHazard(tx, { ...base, areaId: area.id });
  await addPhotos(tx, input.plantId, state.id, 'before', photos, input.reporterId, now);
  const reported: EvidenceInput = {
    plantId: input.plantId,
    kind: 'hazard.reported',
    subjectType: HAZARD_SUBJECT,
    subjectId: state.id,
    actor: caller.evidence,
    occurredAt: now,
    data: { code, areaKey: area.key, categoryKey: input.categoryKey, equipmentTag, description: base.description, grade, deadline: state.deadline.toISOString(), photoFileIds: photos, recurrenceOf, reinspectionOf: base.reinspectionOf, source: input.source },
  };
  let row: HazardRow = { ...base, id: state.id, code, recurring: recurrenceOf !== null, majorFlagged: false, majorFlaggedAt: null, majorReport: null, createdAt: now };
  await applyEffects(deps, tx, policy, row, effects);
  const assigned = await autoAssign(deps, tx, policy, row);
  await sendTriage(deps, tx, policy, assigned?.row ?? row);
  // Evidence last (it holds the chain-head lock until commit), in order: reported, then assigned.
  await appendEvidence(tx, reported);
  if (assigned) await appendEvidence(tx, assigned.evidence);
  row = assigned?.row ?? row;
  return (await loadHazard(tx, input.plantId, row.id)) ?? row;
}

/**
 * Assigns by the plant's rules (system actor, its own evidence event, returned for the caller to
 * append); null leaves the report open when nobody fits.
 */
async function autoAssign(deps: HazardDeps, tx: Tx, policy: HazardPolicy, row: HazardRow): Promise<Committed | null> {
  const target = matchAssignmentRule(policy.rules, row.areaKey, row.categoryKey, policy.categories);
  const person = target ? resolveAssigneeInTree(target, policy) : null;
  if (!person) {
    deps.log.warn({ hazard: row.code, area: row.areaKey, category: row.categoryKey }, 'no assignment rule reaches anyone; the hazard waits for a manual assignment');
    return null;
  }
  const action = { type: 'assign' as const, assigneeId: person.personId };
  const decision = decideHazard(row.state, action, TIMER_CALLER.actor, deps.now());
  if (isHazardRefusal(decision)) {
    deps.log.warn({ hazard: row.code, refusal: decision.refusal }, 'rule-based assignment refused');
    return null;
  }
  const rules = { ...TIMER_CALLER, evidence: { type: 'system' as const, id: 'assignment_rules', label: person.via } };
  return commitDecision(deps, tx, policy, row, action, decision, rules, {}, { deferEvidence: true });
}

/** Opens the hazard a reinspection found back, linked to the old one; reuses its photos when none came. */
export async function openRecurrence(deps: HazardDeps, tx: Tx, of: HazardRow, effect: RecurrenceEffect, caller: HazardCaller): Promise<HazardRow> {
  const photos = effect.photoIds.length > 0 ? effect.photoIds : ((await photosOf(tx, of.plantId, [of.id])).get(of.id) ?? []).filter((p) => p.role === 'before').map((p) => p.fileId);
  return createHazard(
    deps,
    tx,
    {
      plantId: of.plantId,
      reporterId: effect.reporterId,
      areaKey: of.areaKey,
      categoryKey: of.categoryKey,
      equipmentTag: of.equipmentTag,
      description: effect.note ? `${of.description}（${effect.note}）` : of.description,
      photoFileIds: photos,
      location: of.location,
      grade: of.state.grade,
      source: 'reinspection',
      reinspectionOf: of.id,
    },
    { ...caller, mayGrade: true },
  );
}
