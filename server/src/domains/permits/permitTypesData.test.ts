import { hasMessage } from '../../../../cards/src/i18n/catalogue';
import { END_CODES, NO_PERMIT_REASONS, REFUSAL_CODES, RULE_CODES, SERVICE_REFUSAL_CODES, UPGRADE_REASONS } from './permitCodes';
import { CERTIFICATE_TYPES, LevelId, LevelPolicy, LEVELS, PolicyLeaf, WORK_TYPES, WorkType } from './permitModel';
import { PERMIT_STATUSES } from './permitState';
import { NATIONAL_PERMIT_POLICY as POLICY } from './permitTypes';

function leaves(node: unknown, path = ''): Array<[string, PolicyLeaf]> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
  const obj = node as Record<string, unknown>;
  if (typeof obj.kind === 'string' && 'value' in obj) return [[path, obj as unknown as PolicyLeaf]];
  return Object.entries(obj).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}
const ALL = leaves(POLICY);
const lv = (type: WorkType, level: string): LevelPolicy => POLICY.types[type].levels[level as LevelId]!;

describe('national policy data', () => {
  it('has well over a hundred sourced leaves', () => {
    expect(ALL.length).toBeGreaterThan(150);
  });

  it.each(ALL)('%s carries a source and a confidence tag', (_path, leaf) => {
    expect(leaf.sourceRef.length).toBeGreaterThan(3);
    expect(['C', 'S', 'U']).toContain(leaf.confidence);
    if (leaf.kind === 'limit') expect(Number.isFinite(leaf.value)).toBe(true);
  });

  it.each(WORK_TYPES)('%s defines exactly its levels', (type) => {
    expect(Object.keys(POLICY.types[type].levels).sort()).toEqual([...LEVELS[type]].sort());
  });

  it.each([
    ['HOT', 'special', 8, 30], ['HOT', 'L1', 8, 30], ['HOT', 'L2', 72, 60], ['CSE', 'single', 24, 60],
    ['HGT', 'I', 168, undefined], ['HGT', 'IV', 168, undefined], ['TMP', 'single', 360, undefined],
  ] as Array<[WorkType, string, number, number | undefined]>)('%s %s: max %s h, re-test after %s min', (type, level, hours, gap) => {
    expect(lv(type, level).maxValidityH.value).toBe(hours);
    expect(lv(type, level).retestAfterGapMin?.value).toBe(gap);
  });

  it('tags the validity of BLD, LFT, EXC and RDB as unconfirmed plant defaults', () => {
    for (const [type, level] of [['BLD', 'single'], ['LFT', 'L1'], ['EXC', 'single'], ['RDB', 'single']] as const) {
      expect(lv(type, level).maxValidityH.confidence).toBe('U');
    }
  });

  it('TMP may run 30 days with special approval', () => {
    expect(lv('TMP', 'single').specialMaxValidityH?.value).toBe(720);
  });

  it.each([
    ['HOT', 'special', ['senior_manager']], ['HOT', 'L1', ['safety_dept']], ['HOT', 'L2', ['unit_head']],
    ['CSE', 'single', ['unit_head']], ['BLD', 'single', ['unit_head']],
    ['HGT', 'I', ['unit_head']], ['HGT', 'II', ['specialist_dept']], ['HGT', 'III', ['specialist_dept']], ['HGT', 'IV', ['plant_manager', 'chief_engineer']],
    ['LFT', 'L1', ['plant_manager', 'chief_engineer']], ['LFT', 'L2', ['specialist_dept']], ['LFT', 'L3', ['specialist_dept']],
    ['TMP', 'single', ['power_unit']], ['EXC', 'single', ['specialist_dept']], ['RDB', 'single', ['specialist_dept']],
  ] as Array<[WorkType, string, string[]]>)('%s %s is approved by %j (Table B.1)', (type, level, roles) => {
    const chain = lv(type, level).approvals.value;
    expect(chain[chain.length - 1]).toMatchObject({ kind: 'approve', roles });
  });

  it('co-signers: EXC seven departments, RDB fire and safety', () => {
    expect(lv('EXC', 'single').approvals.value[1]).toMatchObject({ mode: 'all', roles: ['water_dept', 'electrical_dept', 'steam_dept', 'process_dept', 'equipment_dept', 'fire_dept', 'safety_dept'] });
    expect(lv('RDB', 'single').approvals.value[1]).toMatchObject({ mode: 'all', roles: ['fire_dept', 'safety_dept'] });
  });

  it('never allows remote approval by default (4.11 a)', () => {
    for (const type of WORK_TYPES) for (const level of LEVELS[type]) expect(lv(type, level).remoteApprovalAllowed.value).toBe(false);
  });

  it('requires video only for 特级, continuous monitoring for 特级 and confined space', () => {
    const flagged = (key: 'videoRequired' | 'continuousMonitoring') =>
      WORK_TYPES.flatMap((t) => LEVELS[t].filter((l) => lv(t, l)[key].value).map((l) => `${t}.${l}`));
    expect(flagged('videoRequired')).toEqual(['HOT.special']);
    expect(flagged('continuousMonitoring')).toEqual(['HOT.special', 'CSE.single']);
  });

  it('weather interlocks: HGT stops at force 5 and in fog, LFT at force 6, HOT is raised at force 5', () => {
    expect(POLICY.types.HGT.weather.stopOutdoorAtBeaufort?.value).toBe(5);
    expect(POLICY.types.HGT.weather.stopInFog?.value).toBe(true);
    expect(POLICY.types.LFT.weather.stopOutdoorAtBeaufort?.value).toBe(6);
    expect(POLICY.types.HOT.weather.upgradeOutdoorAtBeaufort?.value).toBe(5);
    expect(POLICY.types.HOT.weather.stopOutdoorAtBeaufort).toBeUndefined();
  });

  it('gas, lifting, excavation and height constants match the standard', () => {
    const g = POLICY.gas;
    expect([g.lelClassBoundaryVolPct.value, g.combustibleLimitHighLelVolPct.value, g.combustibleLimitLowLelVolPct.value]).toEqual([4, 0.5, 0.2]);
    expect([g.oxygenMinVolPct.value, g.oxygenMaxVolPct.value, g.oxygenEnrichedMaxVolPct.value]).toEqual([19.5, 21, 23.5]);
    expect(POLICY.types.CSE.gas.recordIntervalMin?.value).toBe(120);
    expect(POLICY.types.HOT.gas.sampleMaxAgeMin.value).toBe(30);
    expect([POLICY.lifting.noPermitBelowT.value, POLICY.lifting.level2FromT.value, POLICY.lifting.level1AboveT.value, POLICY.lifting.tandemMaxRatedFraction.value]).toEqual([10, 40, 100, 0.8]);
    expect([POLICY.excavation.triggerDepthM.value, POLICY.excavation.confinedSpaceDepthM.value]).toEqual([0.5, 1.2]);
    expect([POLICY.height.minHeightM.value, POLICY.height.band1MaxM.value, POLICY.height.band2MaxM.value, POLICY.height.band3MaxM.value]).toEqual([2, 5, 15, 30]);
    expect(POLICY.types.CSE.guardian.highRiskMinCount.value).toBe(2);
  });

  it.each(WORK_TYPES)('%s checklist has unique ids and Chinese text', (type) => {
    const items = POLICY.types[type].checklist.value;
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    for (const i of items) expect(i.text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('checklists follow the Appendix A forms', () => {
    expect(WORK_TYPES.map((t) => POLICY.types[t].checklist.value.length)).toEqual([15, 14, 10, 14, 19, 13, 10, 3]);
  });
});

describe('message catalogue covers the permits vocabulary', () => {
  const roles = new Set(WORK_TYPES.flatMap((t) => LEVELS[t].flatMap((l) => lv(t, l).approvals.value.flatMap((s) => s.roles))));
  const keys = [
    ...WORK_TYPES.map((t) => `permits.type.${t}`),
    ...WORK_TYPES.flatMap((t) => LEVELS[t].map((l) => (l === 'single' ? 'permits.level.single' : `permits.level.${t}.${l}`))),
    ...PERMIT_STATUSES.map((s) => `permits.status.${s}`),
    ...[...roles, 'shift_leader', 'team_leader'].map((r) => `permits.role.${r}`),
    ...CERTIFICATE_TYPES.map((c) => `permits.certificate.${c}`),
    ...RULE_CODES.map((c) => `permits.rule.${c}`),
    ...[...REFUSAL_CODES, ...SERVICE_REFUSAL_CODES].map((c) => `permits.refusal.${c}`),
    ...END_CODES.map((c) => `permits.ended.${c}`),
    ...NO_PERMIT_REASONS.map((c) => `permits.noPermit.${c}`),
    ...UPGRADE_REASONS.map((c) => `permits.upgrade.${c}`),
    ...['unknown_key', 'not_overridable', 'invalid_value', 'loosening_requires_approval', 'loosen_missing_reason', 'inconsistent_range'].map((c) => `permits.policy.${c}`),
    ...['approval', 'gas_test_before_start', 'guardian_check_in', 'shift_check', 'continuous_monitoring', 'video_recording', 'retest_after_interruption', 'reconfirm_after_interruption', 'gas_record', 'completion', 'acceptance'].map((n) => `permits.node.${n}`),
    ...['content', 'scope', 'location', 'conditions'].map((c) => `permits.voidCause.${c}`),
  ];
  it.each(keys)('%s', (key) => {
    expect(hasMessage(key)).toBe(true);
  });
});
