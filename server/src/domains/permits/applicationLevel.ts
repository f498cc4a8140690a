import { heightLevel } from './heightLevel';
import { baseHotLevel, upgradeHotWork } from './hotWorkUpgrade';
import { liftingLevel } from './liftingLevel';
import { PermitApplication, ValidationContext } from './permitApplication';
import { isLevelOf, LevelId, levelRank, NoPermitNeeded, RuleIssue } from './permitModel';
import { gb } from './policyLeaves';

/** The level facts of an application. */
export interface LevelOutcome {
  /** Effective level: the higher of declared and required; null when it cannot be decided. */
  level: LevelId | null;
  upgradeReasons: string[];
  confinedSpaceRules: boolean;
  noPermitNeeded: NoPermitNeeded | null;
  errors: RuleIssue[];
  warnings: RuleIssue[];
}

const required = (field: string, sourceRef: string): RuleIssue => ({ code: 'field_required', field, params: {}, sourceRef });

/**
 * Decides the level the rules require: hot work from its location criteria plus upgrades (5.1),
 * height from band and hazard factors (8.1), lifting from mass (9.1). Excavation deeper than the
 * confined-space depth near buried flammable/toxic lines switches on confined-space rules (11.10).
 */
export function deriveLevel(app: PermitApplication, ctx: ValidationContext, from: Date, to: Date): LevelOutcome {
  const out: LevelOutcome = { level: null, upgradeReasons: [], confinedSpaceRules: false, noPermitNeeded: null, errors: [], warnings: [] };
  const policy = ctx.policy;
  let requiredLevel: LevelId | null = null;
  let reasonSource = policy.types[app.type].formRef;
  switch (app.type) {
    case 'HOT': {
      const criteria = app.hotWork ?? {};
      const base = baseHotLevel(criteria);
      if (base === 'fixed_area') {
        out.noPermitNeeded = { code: 'no_permit_needed', reason: 'fixed_hot_work_area', params: {}, sourceRef: gb('5.1.1, 5.5'), riskAnalysisRequired: false };
        return out;
      }
      if (criteria.shutdownDowngradeApprovedBy && !criteria.onOperatingEquipment && !criteria.inMajorHazardTankDike) {
        out.warnings.push({ code: 'shutdown_downgrade', field: 'hotWork.shutdownDowngradeApprovedBy', params: { approvedBy: criteria.shutdownDowngradeApprovedBy }, sourceRef: gb('5.1.4') });
      }
      const up = upgradeHotWork(
        { base, from, to, outdoor: app.location.outdoor, windBeaufort: app.weather?.windBeaufort ?? null, specialCircumstance: criteria.specialCircumstance,
          warnings: (ctx.levelRaises ?? []).map((r) => ({ beaufort: r.beaufort, sourceId: r.sourceId, reason: r.reason })) },
        { policy, calendar: ctx.calendar, timezone: ctx.timezone },
      );
      out.warnings.push(...up.issues);
      out.upgradeReasons = up.reasons.map((r) => r.reason);
      if (up.level !== base) out.warnings.push({ code: 'hot_work_upgraded', field: 'level', params: { from: base, to: up.level, reasons: out.upgradeReasons }, sourceRef: gb('5.1.1') });
      if (up.capped) out.warnings.push({ code: 'hot_work_upgrade_capped', field: 'level', params: { reasons: out.upgradeReasons }, sourceRef: gb('5.1.1') });
      requiredLevel = up.level;
      reasonSource = gb('5.1');
      break;
    }
    case 'HGT': {
      if (!app.height) return { ...out, errors: [required('height.heightM', gb('8.1.1'))] };
      const r = heightLevel(app.height, policy);
      if ('code' in r) return { ...out, noPermitNeeded: r };
      requiredLevel = r.level;
      reasonSource = r.sourceRef;
      break;
    }
    case 'LFT': {
      if (!app.lifting) return { ...out, errors: [required('lifting.massT', gb('9.1'))] };
      const r = liftingLevel(app.lifting.massT, policy);
      if ('code' in r) return { ...out, noPermitNeeded: r };
      requiredLevel = r.level;
      reasonSource = r.sourceRef;
      break;
    }
    case 'EXC': {
      const e = app.excavation;
      if (!e) return { ...out, errors: [required('excavation.depthM', gb('3.11'))] };
      if (e.depthM <= policy.excavation.triggerDepthM.value && !e.machineLevelling) {
        out.noPermitNeeded = { code: 'no_permit_needed', reason: 'excavation_below_trigger', params: { depthM: e.depthM, triggerDepthM: policy.excavation.triggerDepthM.value }, sourceRef: policy.excavation.triggerDepthM.sourceRef, riskAnalysisRequired: false };
        return out;
      }
      const limit = policy.excavation.confinedSpaceDepthM;
      if (e.depthM > limit.value && e.nearBuriedHazardousLines) {
        out.confinedSpaceRules = true;
        out.warnings.push({ code: 'excavation_confined_space_rules', field: 'excavation.depthM', params: { depthM: e.depthM, limitM: limit.value }, sourceRef: limit.sourceRef });
      }
      requiredLevel = 'single';
      break;
    }
    default:
      requiredLevel = 'single';
  }
  if (app.level !== undefined && !isLevelOf(app.type, app.level)) {
    out.errors.push({ code: 'level_unknown', field: 'level', params: { type: app.type, level: app.level }, sourceRef: policy.types[app.type].formRef });
    return out;
  }
  const declared = app.level ?? requiredLevel;
  if (levelRank(app.type, declared) < levelRank(app.type, requiredLevel)) {
    out.errors.push({ code: 'level_too_low', field: 'level', params: { type: app.type, declared, required: requiredLevel, reasons: out.upgradeReasons }, sourceRef: reasonSource });
    out.level = requiredLevel;
  } else {
    out.level = declared;
  }
  return out;
}
