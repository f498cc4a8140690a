import { CertificateNeed } from './certificateRules';
import { PermitApplication, ValidationContext } from './permitApplication';
import { LevelId, PermitPolicy, RuleIssue } from './permitModel';
import { LIVE_STATUSES } from './permitState';
import { gb } from './policyLeaves';

type Issues = { errors: RuleIssue[]; warnings: RuleIssue[] };
const empty = (): Issues => ({ errors: [], warnings: [] });

/** Guardians present in number, and never also performers (4.10 f: no other tasks). */
export function checkPeople(app: PermitApplication, policy: PermitPolicy, confined: boolean): Issues {
  const out = empty();
  const g = (confined ? policy.types.CSE : policy.types[app.type]).guardian;
  const highRisk = confined && app.confinedSpace?.highRisk === true;
  const min = g.required.value ? (highRisk ? g.highRiskMinCount : g.minCount) : null;
  const guardians = app.people.guardianIds;
  if (min && guardians.length < min.value) {
    out.errors.push({ code: 'guardian_required', field: 'people.guardianIds', params: { min: min.value, count: guardians.length }, sourceRef: min.sourceRef });
  }
  guardians.forEach((id, i) => {
    if (app.people.performerIds.includes(id)) out.errors.push({ code: 'guardian_is_performer', field: `people.guardianIds[${i}]`, params: { personId: id }, sourceRef: gb('4.10 f)') });
  });
  if (app.people.performerIds.length === 0) out.errors.push({ code: 'field_required', field: 'people.performerIds', params: {}, sourceRef: policy.types[app.type].formRef });
  return out;
}

/** The people whose certificates must be checked, each with the field that names them. */
export function certificateNeeds(app: PermitApplication): CertificateNeed[] {
  const p = app.people;
  return [
    ...p.performerIds.map((personId, i) => ({ personId, personRole: 'performer' as const, field: `people.performerIds[${i}]` })),
    { personId: p.workLeaderId, personRole: 'work_leader' as const, field: 'people.workLeaderId' },
    ...p.guardianIds.map((personId, i) => ({ personId, personRole: 'guardian' as const, field: `people.guardianIds[${i}]` })),
    ...(p.liftingDirectorId ? [{ personId: p.liftingDirectorId, personRole: 'lifting_director' as const, field: 'people.liftingDirectorId' }] : []),
    ...(p.craneOperatorIds ?? []).map((personId, i) => ({ personId, personRole: 'crane_operator' as const, field: `people.craneOperatorIds[${i}]` })),
  ];
}

/** Every checklist item answered; items mandatory at this level cannot be "not applicable". */
export function checkChecklist(app: PermitApplication, policy: PermitPolicy, level: LevelId | null): Issues {
  const out = empty();
  const items = policy.types[app.type].checklist.value;
  const answers = app.checklist ?? {};
  for (const item of items) {
    const answer = answers[item.id];
    const field = `checklist.${item.id}`;
    if (answer === undefined || answer === 'pending') out.errors.push({ code: 'checklist_item_unconfirmed', field, params: { itemId: item.id, text: item.text }, sourceRef: item.sourceRef });
    else if (answer === 'na' && level && item.mandatoryFor?.includes(level)) out.errors.push({ code: 'checklist_item_mandatory', field, params: { itemId: item.id, text: item.text, level }, sourceRef: item.sourceRef });
  }
  for (const id of Object.keys(answers)) {
    if (!items.some((i) => i.id === id)) out.warnings.push({ code: 'checklist_item_unknown', field: `checklist.${id}`, params: { itemId: id }, sourceRef: policy.types[app.type].formRef });
  }
  return out;
}

/**
 * A required work plan (特级 hot work 5.4.2 a), lifting 9.2.1) must be approved and attached: the
 * approval as a flag, the plan itself as uploaded files, so the record shows what was approved.
 */
function planIssues(part: 'hotWork' | 'lifting', facts: { workPlanApproved?: boolean; workPlanFileIds?: string[] }, params: Record<string, unknown>, sourceRef: string): RuleIssue[] {
  const out: RuleIssue[] = [];
  if (!facts.workPlanApproved) out.push({ code: 'work_plan_required', field: `${part}.workPlanApproved`, params, sourceRef });
  if (!facts.workPlanFileIds?.length) out.push({ code: 'work_plan_document_required', field: `${part}.workPlanFileIds`, params, sourceRef });
  return out;
}

/** Rules that belong to one type only: plans, forbidden hot work, tandem lifts, blind-plate identity. */
export function checkTypeSpecific(app: PermitApplication, policy: PermitPolicy, level: LevelId | null): Issues {
  const out = empty();
  const lp = level ? policy.types[app.type].levels[level] : undefined;
  const hw = app.hotWork;
  if (app.type === 'HOT' && hw) {
    if (lp?.workPlanRequired.value) out.errors.push(...planIssues('hotWork', hw, { level }, lp.workPlanRequired.sourceRef));
    if (hw.selfDecomposingMaterial) out.errors.push({ code: 'hot_work_forbidden_material', field: 'hotWork.selfDecomposingMaterial', params: {}, sourceRef: gb('5.4.2 c)') });
    if (hw.hotTapping && hw.unitUnstable) out.errors.push({ code: 'hot_tapping_unit_unstable', field: 'hotWork.unitUnstable', params: {}, sourceRef: gb('5.4.2 d)') });
  }
  if (app.type === 'HOT' && !hw && lp?.workPlanRequired.value) out.errors.push(...planIssues('hotWork', {}, { level }, lp.workPlanRequired.sourceRef));
  const lift = app.lifting;
  if (app.type === 'LFT' && lift) {
    if (lp?.workPlanRequired.value || lift.complexLoad) out.errors.push(...planIssues('lifting', lift, { level, complexLoad: !!lift.complexLoad }, gb('9.2.1')));
    const max = policy.lifting.tandemMaxRatedFraction;
    if (lift.tandem && lift.maxLoadFractionOfRated !== undefined && lift.maxLoadFractionOfRated > max.value) {
      out.errors.push({ code: 'tandem_over_rated', field: 'lifting.maxLoadFractionOfRated', params: { fraction: lift.maxLoadFractionOfRated, max: max.value }, sourceRef: max.sourceRef });
    }
  }
  if (app.type === 'HGT' && app.height && app.height.heightM > policy.height.band3MaxM.value && app.checklist?.['HGT.11'] !== 'done') {
    out.errors.push({ code: 'height_communication_required', field: 'checklist.HGT.11', params: { heightM: app.height.heightM }, sourceRef: gb('8.2.1') });
  }
  if (app.type === 'BLD' && !app.blindPlate) out.errors.push({ code: 'field_required', field: 'blindPlate', params: {}, sourceRef: gb('7.11') });
  // 7.1: the plate is numbered on a location diagram; the diagram goes with the permit.
  if (app.type === 'BLD' && app.blindPlate && !app.blindPlate.diagramFileIds?.length) {
    out.errors.push({ code: 'blind_plate_diagram_required', field: 'blindPlate.diagramFileIds', params: { plateId: app.blindPlate.plateId }, sourceRef: gb('7.1') });
  }
  (app.gas?.toxicGasesPresent ?? []).forEach((id, i) => {
    if (!(id in policy.gas.toxicLimitsMgM3)) out.errors.push({ code: 'toxic_gas_unknown', field: `gas.toxicGasesPresent[${i}]`, params: { gasId: id }, sourceRef: gb('6.4 b)') });
  });
  return out;
}

/** One permit per work type (4.6): every other type the job involves has its own linked permit; a TMP parent exists. */
export function checkRelated(app: PermitApplication, ctx: ValidationContext): Issues {
  const out = empty();
  const related = (ctx.relatedPermits ?? []).filter((p) => (app.relatedPermitIds ?? []).includes(p.id) || p.id === app.parentPermitId);
  for (const type of app.alsoInvolves ?? []) {
    if (type === app.type) out.errors.push({ code: 'duplicate_work_type', field: 'alsoInvolves', params: { type }, sourceRef: gb('4.6') });
    else if (!related.some((p) => p.type === type)) out.errors.push({ code: 'related_permit_missing', field: 'relatedPermitIds', params: { type }, sourceRef: gb('4.6') });
  }
  const parent = app.parentPermitId ? related.find((p) => p.id === app.parentPermitId) : undefined;
  if (app.parentPermitId && !parent) {
    out.errors.push({ code: 'related_permit_not_found', field: 'parentPermitId', params: { permitId: app.parentPermitId }, sourceRef: gb('10.8') });
  } else if (parent && !LIVE_STATUSES.includes(parent.status)) {
    out.errors.push({ code: 'parent_not_live', field: 'parentPermitId', params: { permitId: parent.id, status: parent.status }, sourceRef: gb('10.8') });
  }
  return out;
}
