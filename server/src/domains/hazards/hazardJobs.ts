import type { Jobs, QueueSpec } from '../../platform/jobs/jobs';
import { HazardTimerJob, runTimer } from './hazardCommands';
import type { HazardDeps } from './hazardDeps';
import { HAZARD_JOBS } from './hazardTypes';

/**
 * The SLA timer queues ('hazard.remind', 'hazard.escalate', 'hazard.reinspect'). Jobs are inserted by
 * the command that arms them, in its transaction; a job that finds the hazard moved on is a no-op.
 */

/**
 * How the timer queues are worked. Handlers take a few milliseconds, so a short expiry lets another
 * worker take over quickly after a crash (kill -9) without re-running healthy jobs. A worker handles its
 * batch one job after another, so several smaller batches in parallel keep the tail short when many
 * timers fall due together; and since pg-boss waits a full polling interval after every fetch, one queue
 * drains at most concurrency × batchSize jobs per interval: 4 × 25 per 0.5 s = 200/s, above the issue's
 * 100 000 timers in 10 minutes even when the waker is gone (after a restart). Measured with
 * `npm run bench:sla` (see its output for the figures).
 */
export const HAZARD_TIMER_QUEUE_SPEC: Readonly<Required<Pick<QueueSpec, 'concurrency' | 'batchSize' | 'expireInSeconds' | 'retryLimit' | 'retryDelay'>>> = {
  concurrency: 4,
  batchSize: 25,
  expireInSeconds: 30,
  retryLimit: 10,
  retryDelay: 1,
};

/** Registers the three timer queues (call in the module's register, before jobs start). */
export function registerHazardJobs(jobs: Jobs, deps: HazardDeps, spec: QueueSpec = HAZARD_TIMER_QUEUE_SPEC): void {
  for (const name of HAZARD_JOBS) {
    jobs.register<HazardTimerJob>(name, async (data) => {
      await runTimer(deps, data);
    }, { ...spec, retryBackoff: false });
  }
}
