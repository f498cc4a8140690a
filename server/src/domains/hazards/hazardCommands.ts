import type { Tx } from '../../platform/db/db';
import { AppError } from '../../platform/errors';
import { makeCanDelegate } from './hazardAssignment';
import { ActionExtras, commitDecision, policyFor, prepareAction } from './hazardCommit';
import { openRecurrence } from './hazardCreate';
import { HazardCaller, HazardDeps, TIMER_CALLER } from './hazardDeps';
import { decideHazard, isHazardRefusal } from './hazardMachine';
import { refusalError } from './hazardRefusals';
import { HazardRow, loadHazard } from './hazardRepo';
import type { HazardAction, HazardRefusal, HazardTimerAction } from './hazardTypes';

/**
 * Commands on an existing hazard: one human action (API route or chat click), a dry run for chat steps,
 * and the SLA timer job. Each loads the row locked, lets the pure machine decide and commits.
 */

/** Input of actOnHazard. */
export interface ActInput {
  plantId: string;
  hazardId: string;
  action: HazardAction;
  caller: HazardCaller;
  extras?: ActionExtras;
}

/** What an action produced: the hazard after it, and a hazard it opened (reinspection found it back). */
export interface ActResult {
  row: HazardRow;
  opened: HazardRow | null;
}

async function loadLocked(tx: Tx, plantId: string, hazardId: string, locale: string): Promise<HazardRow> {
  const row = await loadHazard(tx, plantId, hazardId, { forUpdate: true });
  if (!row) throw new AppError('not_found', locale === 'en' ? 'Hazard not found' : '未找到该隐患', { hazardId });
  return row;
}

/** One human action on a hazard; refusals become 4xx errors in the caller's language. */
export async function actOnHazard(deps: HazardDeps, tx: Tx, input: ActInput): Promise<ActResult> {
  const row = await loadLocked(tx, input.plantId, input.hazardId, input.caller.locale);
  const policy = await policyFor(deps, tx, input.plantId);
  const now = deps.now();
  const action = prepareAction(input.action, row, policy, now);
  const decision = decideHazard(row.state, action, input.caller.actor, now, { canDelegate: makeCanDelegate(policy.people) });
  if (isHazardRefusal(decision)) throw refusalError(input.caller.locale, decision.refusal);
  const committed = await commitDecision(deps, tx, policy, row, action, decision, input.caller, input.extras);
  let opened: HazardRow | null = null;
  for (const e of committed.recurrences) opened = await openRecurrence(deps, tx, committed.row, e, input.caller);
  return { row: committed.row, opened };
}

/** Decides without writing: the refusal this caller would get now, or null (chat steps check before asking). */
export async function previewAction(deps: HazardDeps, tx: Tx, input: Omit<ActInput, 'extras'>): Promise<{ row: HazardRow; refusal: HazardRefusal | null }> {
  const row = await loadLocked(tx, input.plantId, input.hazardId, input.caller.locale);
  const policy = await policyFor(deps, tx, input.plantId);
  const now = deps.now();
  const d = decideHazard(row.state, prepareAction(input.action, row, policy, now), input.caller.actor, now, { canDelegate: makeCanDelegate(policy.people) });
  return { row, refusal: isHazardRefusal(d) ? d.refusal : null };
}

/** Data of an SLA timer job ('hazard.remind' | 'hazard.escalate' | 'hazard.reinspect'). */
export interface HazardTimerJob {
  plantId: string;
  hazardId: string;
  action: HazardTimerAction;
}

/**
 * Runs one SLA timer: `decideHazard(state, job.action, SYSTEM_ACTOR, now)`. A refusal (stale token: the
 * hazard moved on, a duplicate delivery, a changed deadline; or not yet overdue) means "do nothing".
 * Returns whether the timer changed the hazard.
 */
export async function runTimer(deps: HazardDeps, job: HazardTimerJob): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const row = await loadHazard(tx, job.plantId, job.hazardId, { forUpdate: true });
    if (!row) {
      deps.log.warn({ job }, 'timer for an unknown hazard ignored');
      return false;
    }
    const now = deps.now();
    const decision = decideHazard(row.state, job.action, TIMER_CALLER.actor, now);
    if (isHazardRefusal(decision)) {
      deps.log.debug({ hazard: row.code, action: job.action, refusal: decision.refusal.code }, 'timer is a no-op');
      return false;
    }
    const policy = await policyFor(deps, tx, job.plantId);
    await commitDecision(deps, tx, policy, row, job.action, decision, TIMER_CALLER);
    return true;
  });
}
