import { complianceRate } from './complianceRate';
import { activate, approvedPermit, at, draftInput, hotPermitIn, P, passingTest, step } from './permitFixtures';
import { PermitState } from './permitState';

const nodes = (s: PermitState) => complianceRate(s).nodes.map((n) => `${n.executed ? '+' : '-'}${n.node}`);

describe('complianceRate (过程合规率)', () => {
  it('a clean HOT 一级 permit executes every node', () => {
    const r = complianceRate(hotPermitIn('closed'));
    expect(nodes(hotPermitIn('closed'))).toEqual(['+approval', '+approval', '+gas_test_before_start', '+guardian_check_in', '+shift_check', '+completion', '+acceptance']);
    expect(r).toMatchObject({ rate: 1, executed: 7, required: 7, missed: [] });
  });

  it('HOT 特级 also requires continuous monitoring and video', () => {
    const s = step(step(activate(approvedPermit(draftInput('HOT', 'special'))), { type: 'complete' }, P.leader, at(60)), { type: 'accept' }, P.unit, at(70));
    expect(nodes(s)).toEqual(['+approval', '+approval', '+approval', '+gas_test_before_start', '+guardian_check_in', '+shift_check', '+continuous_monitoring', '+video_recording', '+completion', '+acceptance']);
  });

  it('counts a re-test after a long interruption, and misses one that is absent from the record', () => {
    let s = step(hotPermitIn('active'), { type: 'interrupt', reason: '午休' }, P.guardian, at(10));
    s = step(s, { type: 'record_gas_test', test: passingTest('g-re', at(49)) }, P.worker, at(49));
    s = step(s, { type: 'resume' }, P.guardian, at(50));
    expect(nodes(s)).toContain('+retest_after_interruption');
    const tampered: PermitState = { ...s, gasTests: s.gasTests.filter((g) => g.id !== 'g-re') };
    const r = complianceRate(tampered);
    expect(r.missed.map((m) => m.node)).toEqual(['retest_after_interruption', 'completion', 'acceptance']);
    expect(r.missed[0].params).toEqual({ interruption: 1, gapMin: 40 });
  });

  it('a short interruption needs no re-test node', () => {
    let s = step(hotPermitIn('active'), { type: 'interrupt', reason: '取工具' }, P.guardian, at(10));
    s = step(s, { type: 'resume' }, P.guardian, at(20));
    expect(nodes(s).filter((n) => n.includes('retest'))).toEqual([]);
  });

  it('work at height records the re-confirmation after each interruption', () => {
    let s = step(activate(approvedPermit(draftInput('HGT', 'I'))), { type: 'interrupt', reason: '雨' }, P.guardian, at(10));
    s = step(s, { type: 'resume', conditionsReconfirmed: true }, P.guardian, at(30));
    expect(nodes(s)).toContain('+reconfirm_after_interruption');
  });

  it('confined space needs a gas record in every full 2-hour slot of work', () => {
    let s = activate(approvedPermit(draftInput('CSE', 'single', { validTo: at(20 * 60).toISOString() })));
    s = step(s, { type: 'record_gas_test', test: passingTest('g-1h', at(60)) }, P.worker, at(60));
    s = step(s, { type: 'complete' }, P.guardian, at(305));
    const r = complianceRate(s);
    expect(r.nodes.filter((n) => n.node === 'gas_record').map((n) => [n.params.slot, n.executed])).toEqual([[1, true], [2, false]]);
    expect(r.missed.map((m) => m.node)).toEqual(['gas_record', 'acceptance']);
    expect(r.rate).toBeCloseTo(r.executed / r.required);
    expect(r.required).toBe(8);
  });

  it('a permit that expired during work misses completion and acceptance', () => {
    const s = step(hotPermitIn('active'), { type: 'expire' }, P.scheduler, at(8 * 60));
    expect(complianceRate(s).missed.map((m) => m.node)).toEqual(['completion', 'acceptance']);
  });

  it('a shift check recorded after ignition does not count', () => {
    const s = hotPermitIn('closed');
    expect(nodes({ ...s, shiftCheck: { personId: 'p-shift', at: at(30).toISOString() } })).toContain('-shift_check');
  });

  it('a permit rejected at its first step owes nothing; one rejected later owes the steps it reached', () => {
    expect(complianceRate(hotPermitIn('rejected'))).toMatchObject({ rate: 1, required: 0 });
    const late = step(hotPermitIn('approving'), { type: 'reject', reason: '不符合' }, P.safety, at(-4));
    expect(nodes(late)).toEqual(['+approval']);
  });
});
