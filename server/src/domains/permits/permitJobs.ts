import type { Tx } from '../../platform/db/db';
import { enqueueDelivery } from '../../platform/delivery/delivery';
import type { EvidenceActor } from '../../platform/evidence/evidenceChain';
import { AppError } from '../../platform/errors';
import type { ServerDeps } from '../../platform/serverDeps';
import { t } from '../../../../cards/src/i18n/catalogue';
import { listCertificates } from './certificateRepo';
import { certificateReminders } from './certificateRules';
import { createPermitHoldService } from './permitHolds';
import { crewOf, PERMIT_CARDS, PERMIT_JOBS, sendPermitCard } from './permitNotify';
import type { PermitRow } from './permitRecord';
import { loadPermit } from './permitRepo';
import { policyStoreFor, transitionPermit } from './permitTransition';
import { localDate } from './plantTime';

const TIMER: EvidenceActor = { type: 'system', id: 'timer', label: 'scheduler' };
const LIVE = ['submitted', 'approving', 'approved', 'active', 'interrupted', 'suspended'];

/** Takes a once-only mark inside the job's transaction; false when a previous run already did the work. */
async function mark(tx: Tx, plantId: string, key: string, now: Date): Promise<boolean> {
  const r = await tx.query('INSERT INTO permit_job_marks (plant_id, mark, marked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [plantId, key, now]);
  return r.rowCount > 0;
}

/** A refusal means the permit moved on (closed, already expired): the timer has nothing to do. */
function ignoreRefusal(err: unknown): void {
  if (err instanceof AppError && (err.code === 'action_refused' || err.code === 'rule_failed' || err.code === 'not_found')) return;
  throw err;
}

async function text(deps: ServerDeps, tx: Tx, plantId: string, personIds: string[], messageKey: string, params: Record<string, unknown>) {
  for (const personId of [...new Set(personIds)]) await enqueueDelivery(tx, deps.jobs, plantId, { personId }, { type: 'text', messageKey, params });
}

/**
 * Timers of the permits capability, all idempotent: expiry at the end of the window (and the
 * reminder before it), gas record and re-test reminders, automatic release of holds with `until`,
 * and the daily certificate reminders. Scheduling only inserts jobs; pg-boss runs and retries them.
 */
export function registerPermitJobs(deps: ServerDeps): void {
  const { jobs, db } = deps;
  const holds = createPermitHoldService(deps);

  jobs.register<{ plantId: string; permitId: string; validTo: string }>(PERMIT_JOBS.expire, async (data) => {
    await db.transaction(async (tx) => {
      const row = await loadPermit(tx, data.plantId, data.permitId);
      if (!row || !LIVE.includes(row.status) || row.validTo.toISOString() !== data.validTo) return;
      const now = deps.now();
      if (now.getTime() < row.validTo.getTime()) {
        // The server clock is behind the queue's (demo/test clocks): try again at the end, and never sooner
        // than in a minute, so a clock far behind cannot spin the job.
        await jobs.send(tx, PERMIT_JOBS.expire, data, { startAfter: new Date(Math.max(row.validTo.getTime(), Date.now() + 60_000)) });
        return;
      }
      await transitionPermit(deps, tx, {
        plantId: data.plantId, permitId: data.permitId, action: { type: 'expire' }, actor: { kind: 'system', system: 'scheduler' },
        evidenceActor: TIMER, now, locale: 'zh-CN',
      }).catch(ignoreRefusal);
    });
  });

  jobs.register<{ plantId: string; permitId: string; validTo: string }>(PERMIT_JOBS.expiryReminder, async (data) => {
    await db.transaction(async (tx) => {
      const row = await loadPermit(tx, data.plantId, data.permitId);
      if (!row || !['approved', 'active', 'interrupted', 'suspended'].includes(row.status) || row.validTo.toISOString() !== data.validTo) return;
      if (!(await mark(tx, data.plantId, `expiry:${row.id}:${data.validTo}`, deps.now()))) return;
      await sendPermitCard(deps, tx, row, PERMIT_CARDS.expiryReminder, crewOf(row), { remindAt: deps.now().toISOString() });
    });
  });

  jobs.register<{ plantId: string; permitId: string; kind: 'record' | 'retest'; dueAt: string }>(PERMIT_JOBS.gasReminder, async (data) => {
    await db.transaction(async (tx) => {
      const row = await loadPermit(tx, data.plantId, data.permitId);
      if (!row || !(await mark(tx, data.plantId, `gas:${data.kind}:${row.id}:${data.dueAt}`, deps.now()))) return;
      const due = Date.parse(data.dueAt);
      if (data.kind === 'record') {
        const minutes = row.state.rules.gasRecordIntervalMin?.value ?? 120;
        const since = due - minutes * 60_000;
        const recorded = row.state.gasTests.some((g) => Date.parse(g.takenAt) > since);
        if (row.status === 'active' && !recorded) await text(deps, tx, row.plantId, row.guardianIds, 'permits.reminder.gas_record', { code: row.code, minutes });
        return;
      }
      if (row.status === 'interrupted' && needsRetest(row, due)) {
        await text(deps, tx, row.plantId, [...row.guardianIds, row.state.workLeaderId], 'permits.reminder.gas_retest', { code: row.code, minutes: row.state.rules.retestAfterGapMin?.value ?? 0 });
      }
    });
  });

  jobs.register<{ plantId: string; holdId: string }>(PERMIT_JOBS.releaseHold, async (data) => {
    await db.transaction(async (tx) => {
      await holds.releaseHold(tx, { plantId: data.plantId, holdId: data.holdId, actor: { type: 'system', id: 'scheduler', label: 'hold until' } }).catch(ignoreRefusal);
    });
  });

  jobs.register<{ plantId: string; day: string }>(PERMIT_JOBS.certificateReminders, async (data) => {
    await db.transaction(async (tx) => {
      if (!(await mark(tx, data.plantId, `certificates:${data.day}`, deps.now()))) return;
      const plant = await policyStoreFor(deps).load(tx, data.plantId);
      const certs = await listCertificates(tx, data.plantId);
      const locales = await localesOf(tx, data.plantId);
      const warn = plant.policy.certificates.warnWithinDays.value;
      for (const r of certificateReminders(certs, deps.now(), plant.timezone, warn)) {
        if (!remindToday(r.daysLeft)) continue;
        const overdue = r.daysLeft < 0;
        const locale = locales.get(r.holderId) ?? 'zh-CN';
        // Text deliveries fill placeholders verbatim, so the nested names are translated here for the holder.
        await text(deps, tx, data.plantId, [r.holderId], overdue ? 'permits.reminder.cert_overdue' : 'permits.reminder.cert', {
          type: t(locale, `permits.certificate.${r.type}`), number: r.number, dueOn: r.dueOn, days: Math.abs(r.daysLeft), kind: t(locale, `permits.reminder.kind.${r.kind}`),
        });
      }
    });
  });
}

/** Person id → locale (the person's own, else the plant's). */
async function localesOf(tx: Tx, plantId: string): Promise<Map<string, string>> {
  const plant = (await tx.query<{ locale: string | null }>(`SELECT settings->>'locale' AS locale FROM plants WHERE id = $1`, [plantId])).rows[0];
  const r = await tx.query<{ id: string; locale: string | null }>(`SELECT id, data->>'locale' AS locale FROM people WHERE plant_id = $1`, [plantId]);
  return new Map(r.rows.map((x) => [x.id, x.locale ?? plant?.locale ?? 'zh-CN']));
}

/** The open interruption began before the gap limit ran out and no passing test came since. */
function needsRetest(row: PermitRow, dueMs: number): boolean {
  const open = row.state.interruptions.find((i) => i.resumedAt === null);
  if (!open) return false;
  const gap = row.state.rules.retestAfterGapMin?.value ?? 0;
  if (Date.parse(open.at) + gap * 60_000 > dueMs) return false;
  return !row.state.gasTests.some((g) => g.passed && Date.parse(g.takenAt) > Date.parse(open.at));
}

/** Reminders go out at 90, 60, 30, 14, 7 and 1 days before, on the day, then weekly while overdue. */
export function remindToday(daysLeft: number): boolean {
  if (daysLeft < 0) return -daysLeft % 7 === 0;
  return [90, 60, 30, 14, 7, 1, 0].includes(daysLeft);
}

/** Leader work: once an hour, queue each plant's certificate reminders for its local day (marks keep it daily). */
export function permitLeader(): { start(deps: ServerDeps): Promise<void>; stop(): Promise<void> } {
  // A set, not one variable: tests run several servers in one process (stop ends them all; one server per process in production).
  const timers = new Set<NodeJS.Timeout>();
  const tick = async (deps: ServerDeps) => {
    const plants = await deps.db.query<{ id: string; timezone: string }>('SELECT id, timezone FROM plants');
    for (const p of plants.rows) {
      const day = localDate(deps.now(), p.timezone);
      await deps.db.transaction((tx) => deps.jobs.send(tx, PERMIT_JOBS.certificateReminders, { plantId: p.id, day }));
    }
  };
  return {
    async start(deps) {
      const run = () => tick(deps).catch((err) => deps.log.error({ err }, 'permit certificate reminder tick failed'));
      await run();
      const timer = setInterval(run, 3_600_000);
      timer.unref();
      timers.add(timer);
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
    },
  };
}
