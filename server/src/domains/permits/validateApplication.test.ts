import { CertificateRecord } from './certificateRules';
import { PermitSummary } from './conflictRules';
import { PermitApplication, ValidationContext } from './permitApplication';
import { RULE_CODES } from './permitCodes';
import { WorkType } from './permitModel';
import { NATIONAL_PERMIT_POLICY as POLICY } from './permitTypes';
import { validateApplication } from './validateApplication';

/** Tuesday 2026-11-24 10:00 in Shanghai. */
const T0 = new Date('2026-11-24T02:00:00Z');
const sh = (local: string) => new Date(`${local}:00+08:00`).toISOString();
const cert = (holderId: string, type: CertificateRecord['type']): CertificateRecord =>
  ({ type, number: `${holderId}-${type}`, holderId, issuedOn: '2024-01-01', expiresOn: '2030-01-01', nextReviewOn: '2028-01-01' });
const REGISTRY = [
  cert('p-guard', 'guardian_training'), cert('p-guard2', 'guardian_training'), cert('p-worker', 'special_op_welding'),
  cert('p-worker', 'special_op_electrician_lv'), cert('p-lead', 'special_op_electrician_lv'),
  cert('p-crane', 'special_equipment_crane_operator'), cert('p-signal', 'special_equipment_crane_signaller'),
];
const allDone = (type: WorkType) => Object.fromEntries(POLICY.types[type].checklist.value.map((i) => [i.id, 'done' as const]));

function app(type: WorkType, extra: Partial<PermitApplication> = {}): PermitApplication {
  return {
    type, window: { from: sh('2026-11-24T11:00'), to: sh('2026-11-24T15:00') }, location: { areaId: 'A1', outdoor: false },
    people: { applicantId: 'p-app', workLeaderId: 'p-lead', performerIds: ['p-worker'], guardianIds: ['p-guard'] },
    checklist: allDone(type), ...extra,
  };
}
function ctx(extra: Partial<ValidationContext> = {}): ValidationContext {
  return { now: T0, timezone: 'Asia/Shanghai', policy: POLICY, calendar: { holidays: [], makeupWorkdays: [] }, certificates: REGISTRY, livePermits: [], ...extra };
}
const live = (id: string, type: WorkType, extra: Partial<PermitSummary> = {}): PermitSummary =>
  ({ id, type, status: 'active', areaId: 'A1', from: new Date(sh('2026-11-24T09:00')), to: new Date(sh('2026-11-24T17:00')), ...extra });

function run(a: PermitApplication, c: ValidationContext = ctx()) {
  const r = validateApplication(a, c);
  for (const issue of [...r.errors, ...r.warnings]) expect(RULE_CODES).toContain(issue.code);
  return { ...r, e: r.errors.map((x) => x.code), w: r.warnings.map((x) => x.code) };
}

describe('validateApplication: clean applications', () => {
  it.each([
    ['HOT', { hotWork: { method: 'welding' } }, 'L2'],
    ['CSE', {}, 'single'],
    ['BLD', { blindPlate: { plateId: 'MB-01', action: 'insert', diagramFileIds: ['f-diagram'] } }, 'single'],
    ['HGT', { height: { heightM: 8, factors: [], situations: [] } }, 'II'],
    ['LFT', { lifting: { massT: 20 }, people: { applicantId: 'p-app', workLeaderId: 'p-lead', performerIds: ['p-worker'], guardianIds: ['p-guard'], craneOperatorIds: ['p-crane'], liftingDirectorId: 'p-signal' } }, 'L3'],
    ['TMP', {}, 'single'],
    ['EXC', { excavation: { depthM: 0.8 } }, 'single'],
    ['RDB', {}, 'single'],
  ] as Array<[WorkType, Partial<PermitApplication>, string]>)('%s passes with no findings', (type, extra, level) => {
    const r = run(app(type, extra));
    expect([r.e, r.w, r.derived.level, r.noPermitNeeded]).toEqual([[], [], level, null]);
  });
});

describe('validateApplication: levels and upgrades', () => {
  it('refuses a declared level below the required one, naming both', () => {
    const r = run(app('HOT', { level: 'L2', hotWork: { inFireExplosionArea: true } }));
    expect(r.errors).toEqual([{ code: 'level_too_low', field: 'level', params: { type: 'HOT', declared: 'L2', required: 'L1', reasons: [] }, sourceRef: 'GB 30871-2022 5.1' }]);
  });

  it('upgrades night hot work and says why', () => {
    const r = run(app('HOT', { window: { from: sh('2026-11-24T19:00'), to: sh('2026-11-24T21:00') } }));
    expect([r.derived.level, r.derived.upgradeReasons, r.w]).toEqual(['L1', ['night'], ['hot_work_upgraded']]);
  });

  it('upgrades outdoor hot work in a force-5 wind and warns it is prohibited in principle', () => {
    const r = run(app('HOT', { location: { areaId: 'A1', outdoor: true }, weather: { windBeaufort: 5 } }));
    expect([r.derived.level, r.w]).toEqual(['L1', ['outdoor_hot_work_in_wind', 'hot_work_upgraded']]);
  });

  it('特级 needs an approved plan and cannot mark monitoring or video as not applicable', () => {
    const r = run(app('HOT', { hotWork: { onOperatingEquipment: true }, window: { from: sh('2026-11-24T11:00'), to: sh('2026-11-24T15:00') }, checklist: { ...allDone('HOT'), 'HOT.13': 'na', 'HOT.14': 'na' } }));
    expect(r.e).toEqual(['work_plan_required', 'work_plan_document_required', 'checklist_item_mandatory', 'checklist_item_mandatory']);
    expect(r.errors[1].field).toBe('hotWork.workPlanFileIds');
    expect(r.errors[2].field).toBe('checklist.HOT.13');
    // Approved but not attached is still refused; both together pass the plan rule.
    const flagOnly = run(app('HOT', { hotWork: { onOperatingEquipment: true, workPlanApproved: true } }));
    expect(flagOnly.e).toEqual(['work_plan_document_required']);
    const attached = run(app('HOT', { hotWork: { onOperatingEquipment: true, workPlanApproved: true, workPlanFileIds: ['f-plan-1'] } }));
    expect(attached.e).toEqual([]);
  });

  it('refuses hot work on self-decomposing material and hot tapping on an unstable unit', () => {
    const r = run(app('HOT', { hotWork: { onOperatingEquipment: true, workPlanApproved: true, workPlanFileIds: ['f-plan-1'], selfDecomposingMaterial: true, hotTapping: true, unitUnstable: true } }));
    expect(r.e).toEqual(['hot_work_forbidden_material', 'hot_tapping_unit_unstable']);
  });

  it('height: band and factors give the level; above 30 m needs communication', () => {
    const r = run(app('HGT', { height: { heightM: 35, factors: ['poor_light'], situations: [] }, checklist: { ...allDone('HGT'), 'HGT.11': 'na' } }));
    expect([r.derived.level, r.e]).toEqual(['IV', ['height_communication_required']]);
  });

  it('lifting: 一级 needs a plan; tandem lifts stay within 80 % of rating', () => {
    const r = run(app('LFT', { lifting: { massT: 120, tandem: true, maxLoadFractionOfRated: 0.85 } }));
    expect([r.derived.level, r.e]).toEqual(['L1', ['work_plan_required', 'work_plan_document_required', 'tandem_over_rated']]);
  });

  it('excavation deeper than 1.2 m near buried hazardous lines runs under confined-space rules', () => {
    const r = run(app('EXC', { excavation: { depthM: 1.5, nearBuriedHazardousLines: true }, confinedSpace: { highRisk: true } }));
    expect([r.derived.confinedSpaceRules, r.w, r.e]).toEqual([true, ['excavation_confined_space_rules'], ['guardian_required']]);
  });

  it('refuses a level the type does not have', () => {
    expect(run(app('CSE', { level: 'L1' })).e).toEqual(['level_unknown']);
  });
});

describe('validateApplication: no permit needed', () => {
  it.each([
    ['a lift under 10 t', app('LFT', { lifting: { massT: 8 } }), 'lift_below_threshold', true],
    ['work below 2 m', app('HGT', { height: { heightM: 1.5, factors: [], situations: [] } }), 'below_height_threshold', false],
    ['digging 0.4 m by hand', app('EXC', { excavation: { depthM: 0.4 } }), 'excavation_below_trigger', false],
    ['hot work in a fixed hot-work area', app('HOT', { hotWork: { inFixedHotWorkArea: true } }), 'fixed_hot_work_area', false],
  ])('%s', (_name, a, reason, riskAnalysis) => {
    const r = run(a);
    expect(r.noPermitNeeded).toMatchObject({ code: 'no_permit_needed', reason, riskAnalysisRequired: riskAnalysis });
    expect(r.e).toEqual([]);
  });

  it('levelling with machinery is excavation work even when shallow (3.11)', () => {
    expect(run(app('EXC', { excavation: { depthM: 0.2, machineLevelling: true } })).noPermitNeeded).toBeNull();
  });
});

describe('validateApplication: people, certificates, weather, checklist', () => {
  it.each([
    ['no guardian', { people: { applicantId: 'p-app', workLeaderId: 'p-lead', performerIds: ['p-worker'], guardianIds: [] } }, ['guardian_required']],
    ['guardian also a worker', { people: { applicantId: 'p-app', workLeaderId: 'p-lead', performerIds: ['p-worker', 'p-guard'], guardianIds: ['p-guard'] } }, ['guardian_is_performer']],
    ['high-risk space with one guardian (6.8 b)', { confinedSpace: { highRisk: true } }, ['guardian_required']],
    ['high-risk space with two guardians', { confinedSpace: { highRisk: true }, people: { applicantId: 'p-app', workLeaderId: 'p-lead', performerIds: ['p-worker'], guardianIds: ['p-guard', 'p-guard2'] } }, []],
    ['untrained guardian', { people: { applicantId: 'p-app', workLeaderId: 'p-lead', performerIds: ['p-worker'], guardianIds: ['p-nobody'] } }, ['certificate_missing']],
    ['unknown toxic gas declared', { gas: { toxicGasesPresent: ['phosgene'] } }, ['toxic_gas_unknown']],
  ] as Array<[string, Partial<PermitApplication>, string[]]>)('CSE with %s', (_name, extra, expected) => {
    expect(run(app('CSE', extra)).e).toEqual(expected);
  });

  it('a TMP electrician card is required of the work leader too, with the field named', () => {
    const r = run(app('TMP', { people: { applicantId: 'p-app', workLeaderId: 'p-boss', performerIds: ['p-worker'], guardianIds: ['p-guard'] } }));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'certificate_missing', field: 'people.workLeaderId' })]);
  });

  it('grinding does not need the welding card', () => {
    const r = run(app('HOT', { people: { applicantId: 'p-app', workLeaderId: 'p-lead', performerIds: ['p-fitter'], guardianIds: ['p-guard'] }, hotWork: { method: 'grinding' } }));
    expect(r.e).toEqual([]);
  });

  it('stops outdoor lifting in a force-6 wind', () => {
    const r = run(app('LFT', { location: { areaId: 'A1', outdoor: true }, weather: { windBeaufort: 6 }, lifting: { massT: 20 } }));
    expect(r.errors).toEqual([{ code: 'weather_stop_wind', field: 'weather.windBeaufort', params: { type: 'LFT', beaufort: 6, limit: 6 }, sourceRef: 'GB 30871-2022 9.2.4' }]);
  });

  it('names every unconfirmed checklist item', () => {
    const r = run(app('RDB', { checklist: { 'RDB.01': 'done', 'RDB.02': 'pending', 'RDB.99': 'done' } }));
    expect(r.errors.map((e) => e.field)).toEqual(['checklist.RDB.02', 'checklist.RDB.03']);
    expect(r.w).toEqual(['checklist_item_unknown']);
  });

  it('refuses an unreadable window', () => {
    expect(run(app('CSE', { window: { from: 'tomorrow', to: 'later' } })).e).toEqual(['window_invalid']);
  });

  it('refuses a window over the maximum, naming it', () => {
    const r = run(app('CSE', { window: { from: sh('2026-11-24T11:00'), to: sh('2026-11-25T12:00') } }));
    expect(r.errors[0]).toMatchObject({ code: 'validity_exceeds_max', params: { maxHours: 24, requestedHours: 25 } });
  });
});

describe('validateApplication: related permits, conflicts, fatigue', () => {
  it('one permit per type: other involved types need linked permits (4.6)', () => {
    expect(run(app('HOT', { alsoInvolves: ['HGT'] })).e).toEqual(['related_permit_missing']);
    const linked = run(app('HOT', { alsoInvolves: ['HGT'], relatedPermitIds: ['h-1'] }), ctx({ relatedPermits: [live('h-1', 'HGT')], livePermits: [live('h-1', 'HGT')] }));
    expect([linked.e, linked.w]).toEqual([[], []]);
    expect(run(app('HOT', { alsoInvolves: ['HOT'] })).e).toEqual(['duplicate_work_type']);
  });

  it.each([
    ['parent ends first', live('hot-1', 'HOT', { to: new Date(sh('2026-11-24T14:00')) }), ['tmp_beyond_parent']],
    ['parent already closed', live('hot-1', 'HOT', { status: 'closed' }), ['parent_not_live']],
    ['parent is not HOT/CSE', live('hot-1', 'HGT'), ['parent_type_invalid']],
  ])('TMP whose %s', (_name, parent, expected) => {
    expect(run(app('TMP', { parentPermitId: 'hot-1' }), ctx({ relatedPermits: [parent] })).e).toEqual(expected);
  });

  it('TMP with an unknown parent', () => {
    expect(run(app('TMP', { parentPermitId: 'ghost' })).e).toEqual(['related_permit_not_found']);
  });

  it('warns about simultaneous operations and blocks a duplicate blind plate', () => {
    const plate = { plateId: 'MB-01', action: 'insert' as const, diagramFileIds: ['f-diagram'] };
    const r = run(app('BLD', { blindPlate: plate }), ctx({ livePermits: [live('b-9', 'BLD', { blindPlate: plate })] }));
    expect([r.e, r.w]).toEqual([['blind_plate_duplicate'], ['simultaneous_operations']]);
    expect(run(app('BLD')).e).toEqual(['field_required']);
    // 7.1: the location diagram with the numbered plate goes with the permit.
    const noDiagram = run(app('BLD', { blindPlate: { plateId: 'MB-02', action: 'remove' } }));
    expect(noDiagram.errors).toEqual([expect.objectContaining({ code: 'blind_plate_diagram_required', field: 'blindPlate.diagramFileIds', sourceRef: 'GB 30871-2022 7.1' })]);
  });

  it("routes a person's 7th confined-space permit of the month to the team lead", () => {
    const history = Array.from({ length: 6 }, (_, i) => ({ permitId: `c${i}`, personIds: ['p-worker'], from: `2026-11-0${i + 1}T01:00:00Z` }));
    const r = run(app('CSE'), ctx({ confinedSpaceHistory: history }));
    expect(r.w).toEqual(['fatigue_review_required']);
    expect(r.derived.extraApprovalSteps).toEqual([expect.objectContaining({ id: 'fatigue_review', roles: ['team_leader'] })]);
  });
});
