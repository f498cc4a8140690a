import { randomUUID } from 'node:crypto';
import { t } from '../../../../cards/src/i18n/catalogue';
import { actorOf, type Principal } from '../../platform/auth/principal';
import { nextCode } from '../../platform/codes/nextCode';
import type { Tx } from '../../platform/db/db';
import { appendEvidence } from '../../platform/evidence/evidenceChain';
import { AppError } from '../../platform/errors';
import type { ServerDeps } from '../../platform/serverDeps';
import { loadArea, loadUnit } from './permitAreas';
import { createPermitDraft, permitRulesFor } from './permitDraft';
import { printable, rulesFailed } from './permitErrors';
import type { LevelId, NoPermitNeeded, RuleIssue } from './permitModel';
import type { PermitRow, StoredApplication } from './permitRecord';
import { insertPermit } from './permitRepo';
import type { ApplyBody } from './permitSchemas';
import { namesOf } from './permitPeople';
import { machineActor, policyStoreFor } from './permitTransition';
import { restrictionsCovering } from './permitRestrictions';
import { checkApplicationGasTests, checkPhotoIds, resolvePerson, restrictionFindings, toGasTest, validationContext } from './permitValidation';
import { validateApplication } from './validateApplication';

/** Outcome of an application: a draft permit, or the specific answer that no permit is needed. */
export type ApplyResult = { created: true; row: PermitRow } | { created: false; noPermitNeeded: NoPermitNeeded & { message: string } };

/** A 400 naming the field, with the catalogue's message in the caller's language. */
const field400 = (locale: string, field: string, key: string, params: Record<string, unknown>) => {
  const message = t(locale, key, params);
  return new AppError('validation_failed', message, { fields: [{ field, message }] });
};

/** Builds the stored application from the body: people resolved, area and unit checked. */
async function buildApplication(deps: ServerDeps, tx: Tx, principal: Principal, body: ApplyBody): Promise<StoredApplication> {
  const plantId = principal.plantId;
  const area = await loadArea(tx, plantId, body.location.areaKey);
  if (!area) throw field400(principal.locale, 'body.location.areaKey', 'permits.error.unknown_area', { key: body.location.areaKey });
  if (body.location.unitKey) {
    const unit = await loadUnit(tx, plantId, body.location.unitKey);
    if (!unit) throw field400(principal.locale, 'body.location.unitKey', 'permits.error.unknown_unit', { key: body.location.unitKey });
    if (unit.areaKey !== area.key) throw field400(principal.locale, 'body.location.unitKey', 'permits.error.unit_not_in_area', { unit: unit.key, area: area.key });
  }
  await checkPhotoIds(tx, plantId, body.photoFileIds ?? [], 'body.photoFileIds', principal.locale);
  await checkPhotoIds(tx, plantId, body.hotWork?.workPlanFileIds ?? [], 'body.hotWork.workPlanFileIds', principal.locale, 'images_or_pdf');
  await checkPhotoIds(tx, plantId, body.lifting?.workPlanFileIds ?? [], 'body.lifting.workPlanFileIds', principal.locale, 'images_or_pdf');
  await checkPhotoIds(tx, plantId, body.blindPlate?.diagramFileIds ?? [], 'body.blindPlate.diagramFileIds', principal.locale, 'images_or_pdf');
  const ref = (r: string, f: string) => resolvePerson(tx, plantId, r, `body.people.${f}`, principal.locale);
  const pp = body.people;
  machineActor(principal); // only a person applies
  const applicantId = principal.personId as string;
  const gasTests = [];
  for (const [i, g] of (body.gasTests ?? []).entries()) gasTests.push(await toGasTest(tx, plantId, g, applicantId, `body.gasTests[${i}]`, principal.locale));
  return {
    type: body.type,
    ...(body.level ? { level: body.level as LevelId } : {}),
    window: { from: new Date(body.window.from).toISOString(), to: new Date(body.window.to).toISOString() },
    location: { areaId: area.key, outdoor: body.location.outdoor ?? area.outdoor, ...(body.location.inFireExplosionArea !== undefined ? { inFireExplosionArea: body.location.inFireExplosionArea } : {}) },
    people: {
      applicantId,
      workLeaderId: await ref(pp.workLeader, 'workLeader'),
      performerIds: await Promise.all(pp.performers.map((r, i) => ref(r, `performers[${i}]`))),
      guardianIds: await Promise.all(pp.guardians.map((r, i) => ref(r, `guardians[${i}]`))),
      ...(pp.liftingDirector ? { liftingDirectorId: await ref(pp.liftingDirector, 'liftingDirector') } : {}),
      ...(pp.craneOperators ? { craneOperatorIds: await Promise.all(pp.craneOperators.map((r, i) => ref(r, `craneOperators[${i}]`))) } : {}),
    },
    ...(body.parentPermitId ? { parentPermitId: body.parentPermitId } : {}),
    relatedPermitIds: body.relatedPermitIds ?? [],
    alsoInvolves: body.alsoInvolves ?? [],
    checklist: body.checklist,
    ...(body.hotWork ? { hotWork: body.hotWork } : {}),
    ...(body.confinedSpace ? { confinedSpace: body.confinedSpace } : {}),
    ...(body.height ? { height: body.height as StoredApplication['height'] } : {}),
    ...(body.lifting ? { lifting: body.lifting } : {}),
    ...(body.blindPlate ? { blindPlate: body.blindPlate } : {}),
    ...(body.excavation ? { excavation: body.excavation } : {}),
    ...(body.tmp ? { tmp: body.tmp } : {}),
    ...(body.gas ? { gas: body.gas } : {}),
    ...(body.weather ? { weather: body.weather } : {}),
    form: {
      content: body.content, site: body.location.site, jsa: body.jsa, photoFileIds: body.photoFileIds ?? [],
      ...(body.location.point ? { point: body.location.point } : {}),
      ...(body.location.unitKey ? { unitKey: body.location.unitKey } : {}),
      ...(body.location.equipmentTags ? { equipmentTags: body.location.equipmentTags } : {}),
      ...(body.otherMeasures ? { otherMeasures: body.otherMeasures } : {}),
    },
    gasTests,
  };
}

/** Draft input for the core, from a stored application and its derived level. */
function draftInput(id: string, app: StoredApplication, level: LevelId, derived: { confinedSpaceRules: boolean; extraApprovalSteps: Parameters<typeof createPermitDraft>[0]['extraApprovalSteps'] }) {
  return {
    id, type: app.type, level, applicantId: app.people.applicantId, workLeaderId: app.people.workLeaderId,
    performerIds: app.people.performerIds, guardianIds: app.people.guardianIds, outdoor: app.location.outdoor,
    validFrom: app.window.from, validTo: app.window.to,
    inFireExplosionArea: app.location.inFireExplosionArea ?? app.hotWork?.inFireExplosionArea,
    confinedSpaceRules: derived.confinedSpaceRules, toxicGasesPresent: app.gas?.toxicGasesPresent,
    parentPermitId: app.parentPermitId ?? null, relatedPermitIds: app.relatedPermitIds, extraApprovalSteps: derived.extraApprovalSteps,
  };
}

/**
 * Every rule that can be judged now: validateApplication, the gas analyses given with it, and the
 * live work restrictions. Throws a 422 listing every finding; returns the level and warnings.
 */
export async function judgeApplication(deps: ServerDeps, tx: Tx, plantId: string, app: StoredApplication, id: string, now: Date, locale: string) {
  const plant = await policyStoreFor(deps).load(tx, plantId);
  const target = { areaKey: app.location.areaId, unitKey: app.form.unitKey ?? null, type: app.type, outdoor: app.location.outdoor };
  // One read of the live restrictions: raises feed the level rule, blocks become findings below.
  const covering = await restrictionsCovering(tx, plantId, target, now);
  const raises = covering.filter((r) => r.effect === 'raise_level').map((r) => ({ restrictionId: r.id, source: r.source, sourceId: r.sourceId, reason: r.reason, beaufort: r.beaufort }));
  const result = validateApplication({ ...app, id }, { ...(await validationContext(tx, plant, { ...app, id }, now)), levelRaises: raises });
  if (result.noPermitNeeded) return { plant, result, errors: [] as RuleIssue[], raises };
  const errors = [...result.errors];
  const level = result.derived.level;
  if (level) {
    const rules = permitRulesFor(plant.policy, draftInput(id, app, level, result.derived));
    errors.push(...checkApplicationGasTests(app.gasTests, rules, new Date(app.window.from), now));
  }
  errors.push(...restrictionFindings(covering));
  if (errors.length > 0) throw rulesFailed(locale, errors, result.warnings, await namesOf(tx, plantId));
  return { plant, result, errors, raises };
}

/**
 * POST /api/permits: checks everything it can and either creates a draft (ZY-code, evidence) or
 * answers that no permit is needed. Any failed rule is a 422 naming it; nothing is written.
 */
export async function applyForPermit(deps: ServerDeps, tx: Tx, principal: Principal, body: ApplyBody): Promise<ApplyResult> {
  const now = deps.now();
  const app = await buildApplication(deps, tx, principal, body);
  const id = randomUUID();
  const { plant, result, raises } = await judgeApplication(deps, tx, principal.plantId, app, id, now, principal.locale);
  if (result.noPermitNeeded) {
    const n = result.noPermitNeeded;
    return { created: false, noPermitNeeded: { ...n, message: t(principal.locale, `permits.noPermit.${n.reason}`, printable(n.params)) } };
  }
  await policyStoreFor(deps).ensureLogged(tx, plant, now);
  const level = result.derived.level as LevelId;
  const stored: StoredApplication = { ...app, level };
  const state = createPermitDraft(draftInput(id, stored, level, result.derived), plant.policy);
  const row: PermitRow = {
    id, plantId: principal.plantId, code: await nextCode(tx, principal.plantId, 'ZY', now, plant.timezone), type: app.type, level,
    status: state.status, areaKey: app.location.areaId, unitKey: app.form.unitKey ?? null, outdoor: app.location.outdoor,
    validFrom: new Date(app.window.from), validTo: new Date(app.window.to), applicantId: app.people.applicantId,
    guardianIds: app.people.guardianIds, performerIds: app.people.performerIds, parentPermitId: app.parentPermitId ?? null,
    blindPlate: app.blindPlate ?? null, state, application: stored, warnings: result.warnings, qrFileId: null, version: 1, createdAt: now, updatedAt: now,
  };
  await insertPermit(tx, row);
  await appendEvidence(tx, {
    plantId: row.plantId, kind: 'permit.applied', subjectType: 'permit', subjectId: id, actor: actorOf(principal), occurredAt: now,
    data: { code: row.code, type: row.type, level, declaredLevel: body.level ?? null, upgradeReasons: result.derived.upgradeReasons, levelRaises: raises.map((r) => r.restrictionId), warnings: result.warnings.map((w) => w.code), chain: state.chain.map((s) => s.id), configHash: plant.configHash },
  });
  return { created: true, row };
}
