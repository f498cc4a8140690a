import { gasTestAgeMin } from './gasRules';
import { GasTestRecord, PermitState } from './permitState';
import { gb } from './policyLeaves';

/** Mandatory process nodes (messages: permits.node.<node>). */
export type ComplianceNodeId =
  | 'approval' | 'gas_test_before_start' | 'guardian_check_in' | 'shift_check' | 'continuous_monitoring'
  | 'video_recording' | 'retest_after_interruption' | 'reconfirm_after_interruption' | 'gas_record' | 'completion' | 'acceptance';

/** One mandatory node of a permit's process and whether it was executed. */
export interface ComplianceNode {
  node: ComplianceNodeId;
  params: Record<string, unknown>;
  executed: boolean;
  sourceRef: string;
}

/** 过程合规率: executed ÷ required, with the nodes that were missed. */
export interface ComplianceResult {
  rate: number;
  executed: number;
  required: number;
  nodes: ComplianceNode[];
  missed: ComplianceNode[];
}

const t = (iso: string) => Date.parse(iso);

function stepDone(s: PermitState, i: number): boolean {
  const step = s.chain[i];
  const signed = new Set(s.approvals.filter((a) => a.step === i).map((a) => a.role));
  return step.mode === 'any' ? signed.size > 0 : step.roles.every((r) => signed.has(r));
}

function passedBetween(tests: GasTestRecord[], afterMs: number, untilMs: number): GasTestRecord | undefined {
  return tests.find((g) => g.passed && t(g.takenAt) > afterMs && t(g.takenAt) <= untilMs);
}

function workNodes(s: PermitState, activatedAt: string): ComplianceNode[] {
  const r = s.rules;
  const nodes: ComplianceNode[] = [];
  const act = t(activatedAt);
  if (r.gasRequired.value) {
    const before = s.gasTests.some((g) => g.passed && t(g.takenAt) <= act && gasTestAgeMin(g, new Date(act)) <= r.sampleMaxAgeMin.value);
    nodes.push({ node: 'gas_test_before_start', params: { maxAgeMin: r.sampleMaxAgeMin.value }, executed: before, sourceRef: r.sampleMaxAgeMin.sourceRef });
  }
  nodes.push({ node: 'guardian_check_in', params: {}, executed: s.checkIn !== null, sourceRef: gb('4.10') });
  if (r.shiftCheckRequired.value) nodes.push({ node: 'shift_check', params: {}, executed: !!s.shiftCheck && t(s.shiftCheck.at) <= act, sourceRef: r.shiftCheckRequired.sourceRef });
  if (r.continuousMonitoring.value) nodes.push({ node: 'continuous_monitoring', params: {}, executed: !!s.checkIn?.monitoringOn, sourceRef: r.continuousMonitoring.sourceRef });
  if (r.videoRequired.value) nodes.push({ node: 'video_recording', params: {}, executed: !!s.checkIn?.videoOn, sourceRef: r.videoRequired.sourceRef });
  s.interruptions.forEach((i, index) => {
    if (i.resumedAt === null) return;
    const gapMin = (t(i.resumedAt) - t(i.at)) / 60_000;
    const limit = r.retestAfterGapMin;
    if (r.gasRequired.value && ((limit && gapMin > limit.value) || i.reason === 'gas_test_failed')) {
      const test = passedBetween(s.gasTests, t(i.at), t(i.resumedAt));
      nodes.push({ node: 'retest_after_interruption', params: { interruption: index + 1, gapMin: Math.round(gapMin) }, executed: !!test, sourceRef: limit?.sourceRef ?? gb('5.3.1 d)') });
    }
    if (r.reconfirmOnResume.value) nodes.push({ node: 'reconfirm_after_interruption', params: { interruption: index + 1 }, executed: i.reconfirmed, sourceRef: r.reconfirmOnResume.sourceRef });
  });
  const interval = r.gasRecordIntervalMin;
  const endIso = s.completedAt ?? s.ended?.at ?? null;
  if (interval && endIso) {
    const slotMs = interval.value * 60_000;
    const slots = Math.floor((t(endIso) - act) / slotMs);
    for (let j = 0; j < slots; j++) {
      const from = act + j * slotMs;
      const executed = s.gasTests.some((g) => t(g.takenAt) > from && t(g.takenAt) <= from + slotMs);
      nodes.push({ node: 'gas_record', params: { slot: j + 1, dueBy: new Date(from + slotMs).toISOString() }, executed, sourceRef: interval.sourceRef });
    }
  }
  nodes.push({ node: 'completion', params: {}, executed: s.completedAt !== null, sourceRef: gb('4.14') });
  nodes.push({ node: 'acceptance', params: {}, executed: s.closedAt !== null, sourceRef: gb('4.15') });
  return nodes;
}

/**
 * Process compliance rate of one permit record: mandatory nodes executed ÷ nodes required. Which
 * nodes are required depends on the type and level frozen on the permit (gas test before start,
 * each approval step, guardian check-in, shift check for hot work, re-tests after long interruptions,
 * 2-hourly records for confined spaces, video for 特级, completion, acceptance) and on how far the
 * permit got: a permit that never became active is judged on the approvals it reached.
 */
export function complianceRate(record: PermitState): ComplianceResult {
  const nodes: ComplianceNode[] = [];
  // A permit stopped before approval (rejected, cancelled) owes only the steps it reached.
  const fullChain = record.activatedAt !== null || record.step >= record.chain.length;
  const steps = record.status === 'draft' ? [] : fullChain ? record.chain : record.chain.slice(0, record.step);
  steps.forEach((step, i) => nodes.push({ node: 'approval', params: { stepId: step.id, roles: step.roles }, executed: stepDone(record, i), sourceRef: step.sourceRef }));
  if (record.activatedAt) nodes.push(...workNodes(record, record.activatedAt));
  const executed = nodes.filter((n) => n.executed).length;
  return { rate: nodes.length === 0 ? 1 : executed / nodes.length, executed, required: nodes.length, nodes, missed: nodes.filter((n) => !n.executed) };
}
