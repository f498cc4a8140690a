import { hasRight, Principal } from '../../platform/auth/principal';
import type { Queryable } from '../../platform/db/db';
import { AppError } from '../../platform/errors';
import { listEvidence } from '../../platform/evidence/evidenceChain';
import type { ServerDeps } from '../../platform/serverDeps';
import { HAZARD_SUBJECT, HazardDeps } from './hazardDeps';
import { HazardPolicy, loadHazardPolicy } from './hazardPolicy';
import { presentHazard } from './hazardPresenter';
import type { HazardVisibility } from './hazardQueries';
import { codesOf, HazardRow, photosOf } from './hazardRepo';
import { t } from '../../../../cards/src/i18n/catalogue';

/** Shared pieces of the hazard routes: who sees what, and the JSON of a hazard with its links. */

/** The HazardDeps slice of the server deps. */
export function hazardDepsOf(deps: ServerDeps, waker: HazardDeps['waker']): HazardDeps {
  return { db: deps.db, jobs: deps.jobs, log: deps.log, now: deps.now, demoProfile: deps.env.DEMO_PROFILE, waker };
}

/**
 * hazard.read_all sees every hazard; hazard.read sees the ones the person reported, holds or that lie
 * in an area of their department. Anyone else gets 403.
 */
export async function visibilityOf(deps: ServerDeps, p: Principal, policy: HazardPolicy): Promise<HazardVisibility> {
  if (hasRight(p, 'hazard.read_all')) return { all: true };
  if (!hasRight(p, 'hazard.read') || !p.personId) throw new AppError('forbidden', t(p.locale, 'bot.no_right', { right: 'hazard.read' }), { right: 'hazard.read' });
  const me = await deps.directory.person(p.plantId, p.personId);
  const areaKeys = policy.areas.filter((a) => me?.departmentKey && a.departmentKey === me.departmentKey).map((a) => a.key);
  return { all: false, personId: p.personId, areaKeys };
}

/** True when the visibility covers this hazard. */
export function canSee(v: HazardVisibility, row: HazardRow): boolean {
  if (v.all) return true;
  const s = row.state;
  return [s.reporterId, s.assigneeId, s.delegateId].includes(v.personId) || v.areaKeys.includes(row.areaKey);
}

/** A 404 in the caller's language (also for hazards the caller may not see: no existence leak). */
export function hazardNotFound(locale: string, id: string): AppError {
  return new AppError('not_found', t(locale, 'hazards.error.not_found'), { hazardId: id });
}

/** The JSON of hazards with photos and linked codes (and the timeline when asked). */
export async function presentRows(
  q: Queryable,
  deps: ServerDeps,
  rows: HazardRow[],
  opts: { policy?: HazardPolicy; timeline?: boolean } = {},
) {
  if (rows.length === 0) return [];
  const plantId = rows[0].plantId;
  const policy = opts.policy ?? (await loadHazardPolicy(q, plantId, { demoProfile: deps.env.DEMO_PROFILE }));
  const photos = await photosOf(q, plantId, rows.map((r) => r.id));
  const linked = rows.flatMap((r) => [r.recurrenceOf, r.reinspectionOf]).filter((x): x is string => !!x);
  const codes = await codesOf(q, plantId, [...new Set(linked)]);
  const out = [];
  for (const row of rows) {
    const timeline = opts.timeline ? await listEvidence(q, plantId, HAZARD_SUBJECT, row.id) : undefined;
    out.push(presentHazard(row, policy, { photos: photos.get(row.id) ?? [], codes, timeline, publicUrl: deps.publicUrl, now: deps.now() }));
  }
  return out;
}
