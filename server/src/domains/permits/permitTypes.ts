import { NATIONAL_CERTIFICATE_REQUIREMENTS } from './certificateRequirements';
import { NATIONAL_CHECKLISTS } from './permitChecklists';
import { LevelPolicy, PermitPolicy, ROLES as R, TypePolicy, TypeWeatherPolicy, WorkType } from './permitModel';
import { cosign, flag, gb, limit, plainLevelFlags, setOf, step } from './policyLeaves';

/**
 * National defaults of GB 30871-2022 as policy data. Approvers follow informative Table B.1 and the
 * sign-off rows of the Appendix A forms; everything a plant may change is a leaf with its source.
 * Values the standard leaves open (validity of BLD/LFT/EXC/RDB, "night", acceptance signers) are
 * plant defaults tagged [U]: verify them with the plant before release.
 */
const PLANT_DEFAULT = 'plant default; GB 30871-2022 sets no value';

const h = (value: number, clause: string, confidence: 'C' | 'U' = 'C') => limit(value, 'h', 'lower', clause, confidence);
const gapMin = (value: number, clause: string) => limit(value, 'min', 'lower', clause);

function level(maxValidityH: LevelPolicy['maxValidityH'], approvals: LevelPolicy['approvals'], extra: Partial<LevelPolicy> = {}): LevelPolicy {
  return { maxValidityH, approvals, ...plainLevelFlags(), ...extra };
}

function typePolicy(type: WorkType, form: string, parts: Partial<TypePolicy> & Pick<TypePolicy, 'levels'>): TypePolicy {
  return {
    formRef: gb(form),
    checklist: setOf(NATIONAL_CHECKLISTS[type], gb(form)),
    gas: {
      required: flag(false, true, gb('5.3.1')),
      onlyInFireExplosionArea: flag(false, false, gb('10.1')),
      sampleMaxAgeMin: limit(30, 'min', 'lower', gb('5.3.1 c)')),
      dailyTest: flag(false, true, gb('5.3.1 d)')),
      oxygenRequired: flag(false, true, gb('6.4 a)')),
    },
    guardian: {
      required: flag(true, true, gb('4.10')),
      minCount: limit(1, 'count', 'higher', gb('4.10')),
      highRiskMinCount: limit(1, 'count', 'higher', gb('4.10')),
      staysOutside: flag(false, true, gb('6.8 a)')),
    },
    weather: {},
    shiftCheckRequired: flag(false, true, gb('A.1')),
    shiftCheckRoles: setOf([R.shiftLeader], gb('A.1 岗位当班班长验票')),
    reconfirmOnResume: flag(false, true, gb('8.2.11')),
    acceptance: { roles: setOf([R.unitHead], PLANT_DEFAULT + ' (form row 完工验收)', 'U'), withWorkLeader: flag(false, true, gb('7.12')) },
    supervisorRoles: setOf([R.safetyDept, R.unitHead], PLANT_DEFAULT, 'U'),
    ...parts,
  };
}

const unitReview = step('unit', 'review', [R.unitHead], gb('Appendix A 所在单位意见'));
const approveBy = (roles: string[], clause = 'B.1') => step('approver', 'approve', roles, gb(clause));
const topManagers = [R.plantManager, R.chiefEngineer];

const hot: TypePolicy = typePolicy('HOT', 'A.1', {
  levels: {
    special: level(h(8, gb('5.1.5')), setOf([unitReview, step('safety', 'review', [R.safetyDept], gb('A.1')), approveBy([R.seniorManager])], gb('B.1')), {
      retestAfterGapMin: gapMin(30, gb('5.3.1 d)')),
      continuousMonitoring: flag(true, true, gb('5.3.1 d)')),
      videoRequired: flag(true, true, gb('5.2.11')),
      workPlanRequired: flag(true, true, gb('5.4.2 a)')),
    }),
    L1: level(h(8, gb('5.1.5')), setOf([unitReview, approveBy([R.safetyDept])], gb('B.1')), { retestAfterGapMin: gapMin(30, gb('5.3.1 d)')) }),
    L2: level(h(72, gb('5.1.5')), setOf([approveBy([R.unitHead])], gb('B.1')), { retestAfterGapMin: gapMin(60, gb('5.3.1 d)')) }),
  },
  gas: {
    required: flag(true, true, gb('5.3.1')),
    onlyInFireExplosionArea: flag(false, false, gb('5.3.1')),
    sampleMaxAgeMin: limit(30, 'min', 'lower', gb('5.3.1 c)')),
    dailyTest: flag(true, true, gb('5.3.1 d)')),
    oxygenRequired: flag(false, true, gb('5.2.7')),
  },
  weather: { upgradeOutdoorAtBeaufort: limit(5, 'beaufort', 'lower', gb('5.2.15')) },
  shiftCheckRequired: flag(true, true, gb('A.1 岗位当班班长验票')),
});

const cse: TypePolicy = typePolicy('CSE', 'A.2', {
  levels: {
    single: level(h(24, gb('6.10')), setOf([approveBy([R.unitHead])], gb('B.1')), {
      retestAfterGapMin: gapMin(60, gb('6.3 f)')),
      continuousMonitoring: flag(true, true, gb('6.5')),
    }),
  },
  gas: {
    required: flag(true, true, gb('6.3 a)')),
    onlyInFireExplosionArea: flag(false, false, gb('6.3 a)')),
    sampleMaxAgeMin: limit(30, 'min', 'lower', gb('6.3 a)')),
    dailyTest: flag(false, true, gb('6.3')),
    recordIntervalMin: limit(120, 'min', 'lower', gb('6.5')),
    oxygenRequired: flag(true, true, gb('6.4 a)')),
  },
  guardian: {
    required: flag(true, true, gb('4.10')),
    minCount: limit(1, 'count', 'higher', gb('4.10')),
    highRiskMinCount: limit(2, 'count', 'higher', gb('6.8 b)')),
    staysOutside: flag(true, true, gb('6.8 a)')),
  },
});

const bld: TypePolicy = typePolicy('BLD', 'A.3', {
  levels: { single: level(h(24, PLANT_DEFAULT, 'U'), setOf([approveBy([R.unitHead])], gb('B.1'))) },
  acceptance: { roles: setOf([R.unitHead], gb('7.12')), withWorkLeader: flag(true, true, gb('7.12')) },
});

const hgtWeather: TypeWeatherPolicy = {
  stopOutdoorAtBeaufort: limit(5, 'beaufort', 'lower', gb('8.2.6')),
  stopInFog: flag(true, true, gb('8.2.6')),
};
const hgtStaffed = setOf([unitReview, approveBy([R.specialistDept])], gb('B.1'));
const hgt: TypePolicy = typePolicy('HGT', 'A.4', {
  levels: {
    I: level(h(168, gb('8.2.11')), setOf([approveBy([R.unitHead])], gb('B.1'))),
    II: level(h(168, gb('8.2.11')), hgtStaffed),
    III: level(h(168, gb('8.2.11')), hgtStaffed),
    IV: level(h(168, gb('8.2.11')), setOf([unitReview, step('audit', 'review', [R.specialistDept], gb('A.4 审核部门')), approveBy(topManagers)], gb('B.1'), 'U')),
  },
  weather: hgtWeather,
  reconfirmOnResume: flag(true, true, gb('8.2.11')),
});

const lftWeather: TypeWeatherPolicy = {
  stopOutdoorAtBeaufort: limit(6, 'beaufort', 'lower', gb('9.2.4')),
  stopInFog: flag(true, true, gb('9.2.4')),
  stopInHeavySnowOrRainstorm: flag(true, true, gb('9.2.4')),
};
const lftStaffed = setOf([unitReview, approveBy([R.specialistDept])], gb('B.1'));
const lftPlan = { workPlanRequired: flag(true, true, gb('9.2.1')) };
const lft: TypePolicy = typePolicy('LFT', 'A.5', {
  levels: {
    L1: level(h(24, PLANT_DEFAULT, 'U'), setOf([unitReview, step('audit', 'review', [R.specialistDept], gb('A.5 审核部门')), approveBy(topManagers)], gb('B.1'), 'U'), lftPlan),
    L2: level(h(24, PLANT_DEFAULT, 'U'), lftStaffed, lftPlan),
    L3: level(h(24, PLANT_DEFAULT, 'U'), lftStaffed),
  },
  weather: lftWeather,
});

const tmp: TypePolicy = typePolicy('TMP', 'A.6', {
  levels: {
    single: level(h(360, gb('10.8')), setOf([step('user_unit', 'review', [R.unitHead], gb('A.6 用电单位')), approveBy([R.powerUnit])], gb('B.1')), {
      specialMaxValidityH: h(720, gb('10.8')),
    }),
  },
  gas: {
    required: flag(true, true, gb('10.1')),
    onlyInFireExplosionArea: flag(true, false, gb('10.1')),
    sampleMaxAgeMin: limit(30, 'min', 'lower', gb('5.3.1 c)'), 'U'),
    dailyTest: flag(false, true, gb('10.1')),
    oxygenRequired: flag(false, true, gb('10.1')),
  },
  acceptance: { roles: setOf([R.powerUnit], gb('B.2 配送电执行人注销'), 'S'), withWorkLeader: flag(false, true, gb('7.12')) },
});

const excCosigners = [R.waterDept, R.electricalDept, R.steamDept, R.processDept, R.equipmentDept, R.fireDept, R.safetyDept];
const exc: TypePolicy = typePolicy('EXC', 'A.7', {
  levels: {
    single: level(h(72, PLANT_DEFAULT, 'U'), setOf([unitReview, cosign('cosign', excCosigners, gb('B.1')), approveBy([R.specialistDept])], gb('B.1'))),
  },
});

const rdb: TypePolicy = typePolicy('RDB', 'A.8', {
  levels: {
    single: level(h(72, PLANT_DEFAULT, 'U'), setOf([unitReview, cosign('cosign', [R.fireDept, R.safetyDept], gb('B.1')), approveBy([R.specialistDept])], gb('B.1'))),
  },
});

const GBZ = 'GBZ 2.1-2019 表1 (MAC, else PC-TWA)';
const toxic = (mgM3: number, confidence: 'S' | 'U' = 'S') => limit(mgM3, 'mg_m3', 'lower', GBZ, confidence);

/** The national permit policy: the input of resolvePolicy() and the default when a plant overrides nothing. */
export const NATIONAL_PERMIT_POLICY: PermitPolicy = {
  standard: 'GB 30871-2022',
  types: { HOT: hot, CSE: cse, BLD: bld, HGT: hgt, LFT: lft, TMP: tmp, EXC: exc, RDB: rdb },
  gas: {
    lelClassBoundaryVolPct: limit(4, 'vol_pct', 'higher', gb('5.3.2')),
    combustibleLimitHighLelVolPct: limit(0.5, 'vol_pct', 'lower', gb('5.3.2 a)')),
    combustibleLimitLowLelVolPct: limit(0.2, 'vol_pct', 'lower', gb('5.3.2 b)')),
    oxygenMinVolPct: limit(19.5, 'vol_pct', 'higher', gb('6.4 a)')),
    oxygenMaxVolPct: limit(21, 'vol_pct', 'lower', gb('6.4 a)')),
    oxygenEnrichedMaxVolPct: limit(23.5, 'vol_pct', 'lower', gb('6.4 a), 5.2.7')),
    molarVolumeL: limit(24.45, 'L_per_mol', 'lower', 'ppm→mg/m³ at 25 °C, 101.3 kPa', 'U'),
    toxicLimitsMgM3: {
      hydrogen_sulfide: toxic(10),
      carbon_monoxide: toxic(20),
      chlorine: toxic(1),
      ammonia: toxic(20),
      hydrogen_cyanide: toxic(1),
      sulfur_dioxide: toxic(5),
      nitrogen_dioxide: toxic(5),
      benzene: toxic(6, 'U'),
    },
  },
  hotWork: {
    nightStartMinute: limit(20 * 60, 'minute_of_day', 'lower', PLANT_DEFAULT + ' (5.1.1 does not define night)', 'U'),
    nightEndMinute: limit(6 * 60, 'minute_of_day', 'higher', PLANT_DEFAULT + ' (5.1.1 does not define night)', 'U'),
    upgradesStackPerClause: flag(true, true, gb('5.1.1, 5.2.15'), 'U'),
  },
  lifting: {
    noPermitBelowT: limit(10, 't', 'lower', gb('B.1 说明3')),
    level2FromT: limit(40, 't', 'lower', gb('9.1')),
    level1AboveT: limit(100, 't', 'lower', gb('9.1')),
    tandemMaxRatedFraction: limit(0.8, 'fraction', 'lower', gb('9.2.10 c)')),
  },
  height: {
    minHeightM: limit(2, 'm', 'lower', gb('3.8')),
    band1MaxM: limit(5, 'm', 'lower', gb('8.1.1')),
    band2MaxM: limit(15, 'm', 'lower', gb('8.1.1')),
    band3MaxM: limit(30, 'm', 'lower', gb('8.1.1')),
  },
  excavation: {
    triggerDepthM: limit(0.5, 'm', 'lower', gb('3.11')),
    confinedSpaceDepthM: limit(1.2, 'm', 'lower', gb('11.10')),
  },
  certificates: {
    warnWithinDays: limit(90, 'day', 'higher', PLANT_DEFAULT + ' (Order 30 Art. 22: apply within 60 days)', 'U'),
    requirements: setOf(NATIONAL_CERTIFICATE_REQUIREMENTS, gb('4.9, 4.10'), 'S'),
  },
  fatigue: {
    cseMonthlyThreshold: limit(7, 'count', 'lower', PLANT_DEFAULT, 'U'),
    reviewerRoles: setOf([R.teamLead], PLANT_DEFAULT, 'U'),
  },
};
