import { certificateNeeds, checkChecklist, checkPeople, checkRelated, checkTypeSpecific } from './applicationChecks';
import { deriveLevel } from './applicationLevel';
import { checkCertificates } from './certificateRules';
import { findConflicts } from './conflictRules';
import { fatigueReview } from './fatigueRule';
import { PermitApplication, ValidationContext, ValidationResult } from './permitApplication';
import { ApprovalStep, RuleIssue } from './permitModel';
import { gb } from './policyLeaves';
import { checkValidityWindow } from './validityRules';
import { weatherVerdict } from './weatherRules';

function parseWindow(app: PermitApplication): { from: Date; to: Date } | null {
  const from = new Date(app.window.from);
  const to = new Date(app.window.to);
  return Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) ? null : { from, to };
}

/**
 * Runs every rule that can be judged from the application and its context and returns all findings
 * at once: errors block submission, warnings inform (交叉作业, certificates due, upgrades, fatigue
 * review). Each finding names its rule (code + sourceRef) and the application field it concerns.
 * When the job needs no permit of this type, `noPermitNeeded` says why and nothing else is checked.
 */
export function validateApplication(app: PermitApplication, ctx: ValidationContext): ValidationResult {
  const errors: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];
  const extraApprovalSteps: ApprovalStep[] = [];
  const add = (r: { errors: RuleIssue[]; warnings: RuleIssue[] }) => {
    errors.push(...r.errors);
    warnings.push(...r.warnings);
  };
  const window = parseWindow(app);
  if (!window) {
    errors.push({ code: 'window_invalid', field: 'window', params: { from: app.window.from, to: app.window.to }, sourceRef: gb('4.18') });
    return { errors, warnings, noPermitNeeded: null, derived: { level: null, upgradeReasons: [], confinedSpaceRules: false, extraApprovalSteps } };
  }
  const lv = deriveLevel(app, ctx, window.from, window.to);
  const derived = { level: lv.level, upgradeReasons: lv.upgradeReasons, confinedSpaceRules: lv.confinedSpaceRules, extraApprovalSteps };
  if (lv.noPermitNeeded) return { errors: lv.errors, warnings: lv.warnings, noPermitNeeded: lv.noPermitNeeded, derived };
  add(lv);
  const level = lv.level;
  const parent = app.parentPermitId ? ctx.relatedPermits?.find((p) => p.id === app.parentPermitId) : undefined;
  if (level) {
    add(checkValidityWindow(app.type, level, window, {
      policy: ctx.policy, now: ctx.now, specialApproval: app.tmp?.specialApproval,
      parent: parent && { id: parent.id, type: parent.type, from: parent.from, to: parent.to },
    }));
  }
  add(checkPeople(app, ctx.policy, lv.confinedSpaceRules || app.type === 'CSE'));
  const conditions = {
    weldingOrCutting: app.hotWork?.method === undefined || app.hotWork.method === 'welding' || app.hotWork.method === 'cutting',
    heightSpecialOperation: app.height?.specialOperation === true,
  };
  add(checkCertificates(app.type, certificateNeeds(app), conditions, ctx.certificates, { now: ctx.now, timezone: ctx.timezone, policy: ctx.policy, workEndsAt: window.to }));
  const weather = weatherVerdict(app.type, app.location.outdoor, app.weather ?? { windBeaufort: null }, ctx.policy);
  errors.push(...weather.issues);
  add(checkTypeSpecific(app, ctx.policy, level));
  add(checkChecklist(app, ctx.policy, level));
  add(checkRelated(app, ctx));
  add(findConflicts(
    { id: app.id, type: app.type, areaId: app.location.areaId, from: window.from, to: window.to, blindPlate: app.blindPlate, relatedPermitIds: app.relatedPermitIds, parentPermitId: app.parentPermitId },
    ctx.livePermits,
  ));
  if (app.type === 'CSE' || lv.confinedSpaceRules) {
    const fatigue = fatigueReview(app.people.performerIds, window.from, ctx.confinedSpaceHistory ?? [], ctx.policy, ctx.timezone, app.id);
    warnings.push(...fatigue.warnings);
    extraApprovalSteps.push(...fatigue.extraSteps);
  }
  return { errors, warnings, noPermitNeeded: null, derived };
}
