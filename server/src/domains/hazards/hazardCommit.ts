import type { Tx } from '../../platform/db/db';
import { enqueueCardRefresh } from '../../platform/delivery/delivery';
import { appendEvidence, EvidenceInput } from '../../platform/evidence/evidenceChain';
import { HAZARD_SUBJECT, HazardCaller, HazardDeps } from './hazardDeps';
import { deliverNotify, notifyMajorElementsOwners } from './hazardNotify';
import { loadHazardPolicy, HazardPolicy } from './hazardPolicy';
import { addPhotos, HazardRow, MajorReport, mergeMajorReport, PhotoRole, saveHazardState, setMajorFlag } from './hazardRepo';
import { deadlineFor, hazardTiming } from './hazardSla';
import { HAZARD_TIMER_ACTIONS, HazardAction, HazardActionType, HazardDecision, HazardEffect, HazardRefusal, HazardState } from './hazardTypes';

/**
 * The write half of every hazard command: after the pure machine decided, write the state, photos and
 * one evidence event, turn effects into deliveries and timer jobs, and refresh the cards already sent.
 * All inside the caller's transaction, so a rolled-back command leaves no job, message or event behind.
 */

/** Extra writes that go with an accepted action. */
export interface ActionExtras {
  photos?: { role: PhotoRole; fileIds: string[] };
  majorReport?: MajorReport;
}

/** Loads the policy the commands run with. */
export function policyFor(deps: HazardDeps, tx: Tx, plantId: string): Promise<HazardPolicy> {
  return loadHazardPolicy(tx, plantId, { demoProfile: deps.demoProfile });
}

/** An open_recurrence effect, left to the caller (it creates a hazard: hazardCreate.ts). */
export type RecurrenceEffect = Extract<HazardEffect, { type: 'open_recurrence' }>;

/** Effects → jobs, deliveries, flags, in effect order; returns the open_recurrence effects for the caller. */
export async function applyEffects(deps: HazardDeps, tx: Tx, policy: HazardPolicy, row: HazardRow, effects: HazardEffect[]): Promise<RecurrenceEffect[]> {
  const deferred: RecurrenceEffect[] = [];
  for (const e of effects) {
    if (e.type === 'notify') await deliverNotify(deps, tx, policy, row, e);
    else if (e.type === 'schedule') {
      await deps.jobs.send(tx, e.job, { plantId: row.plantId, hazardId: row.id, action: e.action }, { startAfter: e.at });
      const waker = deps.waker;
      if (waker) tx.afterCommit(() => waker.schedule(e.job, e.at));
    } else if (e.type === 'major_hazard') {
      await setMajorFlag(tx, row.plantId, row.id, e.flagged, deps.now());
      // The treatment plan of a major hazard is led by management (domain.md §3.3): tell who records it.
      if (e.flagged) await notifyMajorElementsOwners(deps, tx, policy, row);
    }
    else if (e.type === 'open_recurrence') deferred.push(e);
  }
  return deferred;
}

/** JSON-clean summary of an action for the evidence event (timer tokens included: they explain which job fired). */
function evidenceData(type: HazardActionType, from: HazardState, next: HazardState, action: HazardAction): Record<string, unknown> {
  const payload = Object.fromEntries(
    Object.entries(action).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  );
  return { action: type, from: from.status, to: next.status, version: next.version, payload };
}

/** What commitDecision wrote: the row with its next state, recurrences still to open, its event. */
export interface Committed {
  row: HazardRow;
  recurrences: RecurrenceEffect[];
  /** The evidence event; already appended unless `deferEvidence` was set. */
  evidence: EvidenceInput;
}

/**
 * Persists an accepted decision: state, extras, effects, card refresh and, last, the evidence event
 * (`hazard.<action>`): appending takes the plant's chain-head lock until commit, so it goes at the end.
 * With `deferEvidence` the caller appends it (several events of one command, in order, at its end).
 */
export async function commitDecision(
  deps: HazardDeps,
  tx: Tx,
  policy: HazardPolicy,
  row: HazardRow,
  action: HazardAction,
  decision: Exclude<HazardDecision, { refusal: HazardRefusal }>,
  caller: HazardCaller,
  extras: ActionExtras = {},
  opts: { deferEvidence?: boolean } = {},
): Promise<Committed> {
  const now = deps.now();
  await saveHazardState(tx, row.plantId, decision.next, row.state.version);
  const next: HazardRow = { ...row, state: decision.next };
  if (extras.photos?.fileIds.length) await addPhotos(tx, row.plantId, row.id, extras.photos.role, extras.photos.fileIds, caller.personId, now);
  if (extras.majorReport && Object.keys(extras.majorReport).length > 0) {
    await mergeMajorReport(tx, row.plantId, row.id, extras.majorReport);
    next.majorReport = { ...(row.majorReport ?? {}), ...extras.majorReport };
  }
  const evidence: EvidenceInput = {
    plantId: row.plantId,
    kind: `hazard.${action.type}`,
    subjectType: HAZARD_SUBJECT,
    subjectId: row.id,
    actor: caller.evidence,
    occurredAt: now,
    data: { code: row.code, ...evidenceData(action.type, row.state, decision.next, action), ...(extras.majorReport ? { majorReport: extras.majorReport } : {}) },
  };
  const recurrences = await applyEffects(deps, tx, policy, next, decision.effects);
  // Timers change nothing a sent card shows (their news goes out as new cards), and on WeCom every
  // refresh of a clicked card is a fresh message: refresh only after human actions.
  if (!HAZARD_TIMER_ACTIONS.includes(action.type)) await enqueueCardRefresh(tx, deps.jobs, row.plantId, HAZARD_SUBJECT, row.id);
  if (!opts.deferEvidence) await appendEvidence(tx, evidence);
  return { row: next, recurrences, evidence };
}

/** Fills in what the machine expects the command layer to compute (deadlines and timing of a grade). */
export function prepareAction(action: HazardAction, row: HazardRow, policy: HazardPolicy, now: Date): HazardAction {
  if (action.type === 'assign' && action.deadline === undefined) {
    // rectifyHours count from the assignment (plant file: "deadline for the rectification after assignment").
    const fresh = deadlineFor(row.state.grade, policy.slaPolicies, now, policy.sla);
    return fresh.getTime() > row.state.deadline.getTime() ? { ...action, deadline: fresh } : action;
  }
  if (action.type === 'set_grade' && action.grade !== row.state.grade) {
    const timing = action.timing ?? hazardTiming(action.grade, policy.slaPolicies, policy.settings.escalationChain.length, policy.sla);
    const deadline = action.deadline ?? deadlineFor(action.grade, policy.slaPolicies, now, policy.sla);
    return { ...action, timing, deadline };
  }
  return action;
}

