import { NATIONAL_PERMIT_POLICY as NATIONAL } from './permitTypes';
import { PolicyIssue, PolicyOverrideError, resolvePolicy } from './policyOverrides';

const issues = (overrides: unknown): PolicyIssue[] => {
  try {
    resolvePolicy(NATIONAL, overrides);
  } catch (e) {
    if (e instanceof PolicyOverrideError) return e.issues;
    throw e;
  }
  return [];
};
const approval = { loosen: true, reason: '园区规定', approvedBy: 'safety-director' };

describe('resolvePolicy: tightening is free', () => {
  it.each([
    ['shorter validity', { types: { HOT: { levels: { L2: { maxValidityH: 48 } } } } }, 'types.HOT.levels.L2.maxValidityH', 72, 48],
    ['shorter re-test gap', { types: { CSE: { levels: { single: { retestAfterGapMin: 30 } } } } }, 'types.CSE.levels.single.retestAfterGapMin', 60, 30],
    ['lower combustible limit', { gas: { combustibleLimitHighLelVolPct: 0.3 } }, 'gas.combustibleLimitHighLelVolPct', 0.5, 0.3],
    ['higher oxygen minimum', { gas: { oxygenMinVolPct: 19.8 } }, 'gas.oxygenMinVolPct', 19.5, 19.8],
    ['video for 一级 hot work too', { types: { HOT: { levels: { L1: { videoRequired: true } } } } }, 'types.HOT.levels.L1.videoRequired', false, true],
    ['lower wind stop for lifting', { types: { LFT: { weather: { stopOutdoorAtBeaufort: 5 } } } }, 'types.LFT.weather.stopOutdoorAtBeaufort', 6, 5],
    ['earlier fatigue review', { fatigue: { cseMonthlyThreshold: 5 } }, 'fatigue.cseMonthlyThreshold', 7, 5],
    ['longer certificate warning', { certificates: { warnWithinDays: 120 } }, 'certificates.warnWithinDays', 90, 120],
  ])('%s', (_name, overrides, path, from, to) => {
    const r = resolvePolicy(NATIONAL, overrides);
    expect(r.overrides).toEqual([expect.objectContaining({ path, from, to, direction: 'tighten' })]);
  });

  it('applies the value, keeps the source and marks the leaf as overridden', () => {
    const { policy } = resolvePolicy(NATIONAL, { types: { HOT: { levels: { L2: { maxValidityH: 48 } } } } });
    expect(policy.types.HOT.levels.L2?.maxValidityH).toMatchObject({ value: 48, sourceRef: 'GB 30871-2022 5.1.5', override: { from: 72, direction: 'tighten' } });
    expect(NATIONAL.types.HOT.levels.L2?.maxValidityH.value).toBe(72);
  });

  it('adding an approval step or a checklist item is tightening', () => {
    const steps = [...(NATIONAL.types.HOT.levels.L2?.approvals.value ?? []), { id: 'safety', kind: 'review', mode: 'any', roles: ['safety_dept'], sourceRef: 'plant rule 12' }];
    const items = [...NATIONAL.types.RDB.checklist.value, { id: 'RDB.90', text: '已通知园区消防队', sourceRef: 'plant rule 7' }];
    const r = resolvePolicy(NATIONAL, { types: { HOT: { levels: { L2: { approvals: steps } } }, RDB: { checklist: items } } });
    expect(r.overrides.map((o) => [o.path, o.direction])).toEqual([['types.HOT.levels.L2.approvals', 'tighten'], ['types.RDB.checklist', 'tighten']]);
    expect(r.policy.types.HOT.levels.L2?.approvals.value).toHaveLength(2);
  });

  it('a value equal to the default is not an override', () => {
    expect(resolvePolicy(NATIONAL, { types: { CSE: { levels: { single: { maxValidityH: 24 } } } } }).overrides).toEqual([]);
  });

  it('no overrides gives the national policy', () => {
    expect(resolvePolicy(NATIONAL, undefined)).toEqual({ policy: NATIONAL, overrides: [], roleMappings: [] });
  });
});

describe('resolvePolicy: role mapping to the plant organisation', () => {
  const map = { unit_head: ['workshop_director'], team_leader: ['team_leader', 'workshop_director'] };

  it('renames roles in chains and role lists and logs the mapping', () => {
    const r = resolvePolicy(NATIONAL, undefined, map);
    expect(r.roleMappings).toEqual([{ role: 'unit_head', to: ['workshop_director'] }, { role: 'team_leader', to: ['team_leader', 'workshop_director'] }]);
    expect(r.policy.types.HOT.levels.L2?.approvals.value[0].roles).toEqual(['workshop_director']);
    expect(r.policy.types.HGT.levels.III?.approvals.value[0].roles).toEqual(['workshop_director']);
    expect(r.policy.types.CSE.acceptance.roles.value).toEqual(['workshop_director']);
    expect(r.policy.types.CSE.supervisorRoles.value).toEqual(['safety_dept', 'workshop_director']);
    expect(r.policy.fatigue.reviewerRoles.value).toEqual(['team_leader', 'workshop_director']);
    expect(r.overrides).toEqual([]);
  });

  it('compares overrides with the renamed chains', () => {
    const steps = [{ id: 'approver', kind: 'approve', mode: 'any', roles: ['workshop_director'], sourceRef: 'GB 30871-2022 B.1' }];
    expect(resolvePolicy(NATIONAL, { types: { CSE: { levels: { single: { approvals: steps } } } } }, map).overrides).toEqual([]);
  });

  it.each([
    ['an unknown role', { head_of_unit: ['x'] }, [{ path: 'roleMap.head_of_unit', code: 'unknown_key', params: {} }]],
    ['an empty target', { unit_head: [] }, [{ path: 'roleMap.unit_head', code: 'invalid_value', params: { expected: 'non-empty list of role keys' } }]],
    ['a non-object', ['unit_head'], [{ path: 'roleMap', code: 'invalid_value', params: { expected: 'object' } }]],
  ])('refuses %s', (_name, roleMap, expected) => {
    try {
      resolvePolicy(NATIONAL, undefined, roleMap);
      throw new Error('expected PolicyOverrideError');
    } catch (e) {
      expect((e as PolicyOverrideError).issues).toEqual(expected);
    }
  });
});

describe('resolvePolicy: loosening needs an explicit, reasoned entry', () => {
  it.each([
    ['longer validity', { types: { HOT: { levels: { L1: { maxValidityH: 12 } } } } }, 'types.HOT.levels.L1.maxValidityH'],
    ['remote approval', { types: { CSE: { levels: { single: { remoteApprovalAllowed: true } } } } }, 'types.CSE.levels.single.remoteApprovalAllowed'],
    ['higher wind limit', { types: { HGT: { weather: { stopOutdoorAtBeaufort: 6 } } } }, 'types.HGT.weather.stopOutdoorAtBeaufort'],
    ['dropping a co-signer', { types: { RDB: { levels: { single: { approvals: NATIONAL.types.RDB.levels.single?.approvals.value.slice(0, 1) } } } } }, 'types.RDB.levels.single.approvals'],
    ['dropping a guardian certificate requirement', { certificates: { requirements: NATIONAL.certificates.requirements.value.slice(1) } }, 'certificates.requirements'],
  ])('%s is refused without approval', (_name, overrides, path) => {
    expect(issues(overrides)).toEqual([expect.objectContaining({ path, code: 'loosening_requires_approval' })]);
  });

  it('is accepted with loosen, reason and approver, and logged', () => {
    const r = resolvePolicy(NATIONAL, { types: { HOT: { levels: { L1: { maxValidityH: { value: 12, ...approval } } } } } });
    expect(r.overrides).toEqual([{
      path: 'types.HOT.levels.L1.maxValidityH', from: 8, to: 12, direction: 'loosen', reason: '园区规定', approvedBy: 'safety-director',
      sourceRef: 'GB 30871-2022 5.1.5', confidence: 'C',
    }]);
  });

  it.each([
    ['no reason', { value: 12, loosen: true, approvedBy: 'x' }, ['reason']],
    ['no approver', { value: 12, loosen: true, reason: 'r' }, ['approvedBy']],
    ['blank both', { value: 12, loosen: true, reason: ' ', approvedBy: '' }, ['reason', 'approvedBy']],
  ])('is refused with %s', (_name, entry, missing) => {
    expect(issues({ types: { HOT: { levels: { L1: { maxValidityH: entry } } } } })).toEqual([{ path: 'types.HOT.levels.L1.maxValidityH', code: 'loosen_missing_reason', params: { missing } }]);
  });

  it('a tightening marked loosen is still recorded as tightening, with its reason', () => {
    const r = resolvePolicy(NATIONAL, { types: { HOT: { levels: { L1: { maxValidityH: { value: 4, ...approval } } } } } });
    expect(r.overrides[0]).toMatchObject({ direction: 'tighten', reason: '园区规定' });
  });
});

describe('resolvePolicy: structural errors name the path', () => {
  it.each([
    ['unknown top-level key', { gass: {} }, [{ path: 'gass', code: 'unknown_key', params: {} }]],
    ['unknown work type', { types: { WLD: {} } }, [{ path: 'types.WLD', code: 'unknown_key', params: {} }]],
    ['unknown level', { types: { CSE: { levels: { L1: { maxValidityH: 8 } } } } }, [{ path: 'types.CSE.levels.L1', code: 'unknown_key', params: {} }]],
    ['unknown leaf field', { types: { HOT: { levels: { L1: { maxValidity: 4 } } } } }, [{ path: 'types.HOT.levels.L1.maxValidity', code: 'unknown_key', params: {} }]],
    ['unknown key in an entry', { gas: { oxygenMinVolPct: { value: 20, because: 'x' } } }, [{ path: 'gas.oxygenMinVolPct.because', code: 'unknown_key', params: {} }]],
    ['wrong value type', { types: { HOT: { levels: { L1: { maxValidityH: '4h' } } } } }, [{ path: 'types.HOT.levels.L1.maxValidityH', code: 'invalid_value', params: { expected: 'number >= 0', got: '"4h"' } }]],
    ['negative number', { gas: { molarVolumeL: -1 } }, [{ path: 'gas.molarVolumeL', code: 'invalid_value', params: { expected: 'number >= 0', got: '-1' } }]],
    ['non-overridable field', { standard: 'GB 30871-2014' }, [{ path: 'standard', code: 'not_overridable', params: {} }]],
    ['object where a section is expected', { gas: 5 }, [{ path: 'gas', code: 'invalid_value', params: { expected: 'object', got: '5' } }]],
  ])('%s', (_name, overrides, expected) => {
    expect(issues(overrides)).toEqual(expected);
  });

  it('malformed approval steps are refused', () => {
    expect(issues({ types: { HOT: { levels: { L2: { approvals: [{ id: 'x' }] } } } } })[0]).toMatchObject({ path: 'types.HOT.levels.L2.approvals', code: 'invalid_value' });
  });

  it('reports every problem at once', () => {
    expect(issues({ foo: 1, types: { HOT: { levels: { L1: { maxValidityH: 12 } } } } }).map((i) => i.code)).toEqual(['unknown_key', 'loosening_requires_approval']);
  });

  it.each([
    ['oxygen min above max', { gas: { oxygenMinVolPct: 21.5 } }],
    ['height bands out of order', { height: { band2MaxM: 4 } }],
    ['night start past midnight', { hotWork: { nightStartMinute: { value: 1500, loosen: true, reason: 'r', approvedBy: 'a' } } }],
    ['zero validity', { types: { CSE: { levels: { single: { maxValidityH: 0 } } } } }],
    ['TMP special maximum below the normal one', { types: { TMP: { levels: { single: { specialMaxValidityH: 100 } } } } }],
  ])('rejects inconsistent ranges: %s', (_name, overrides) => {
    expect(issues(overrides).map((i) => i.code)).toEqual(['inconsistent_range']);
  });

  it('the error message lists the paths', () => {
    expect(() => resolvePolicy(NATIONAL, { gass: {} })).toThrow('gass: unknown_key');
  });
});
