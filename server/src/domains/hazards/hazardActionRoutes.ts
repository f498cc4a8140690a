import type { z } from 'zod';
import { hasRight, Principal } from '../../platform/auth/principal';
import type { Tx } from '../../platform/db/db';
import { runCommand } from '../../platform/http/idempotency';
import { existingFiles } from '../../platform/files/fileService';
import type { ServerDeps } from '../../platform/serverDeps';
import { ActionExtras, policyFor } from './hazardCommit';
import { actOnHazard } from './hazardCommands';
import { callerOf, HazardDeps } from './hazardDeps';
import { fieldError } from './hazardRefusals';
import { loadHazard } from './hazardRepo';
import { canSee, hazardNotFound, presentRows, visibilityOf } from './hazardRouteHelpers';
import { HazardActionRoute, HazardActionSchemas, HazardParamsSchema } from './hazardSchemas';
import type { HazardAction } from './hazardTypes';

/**
 * One POST route per hazard action (`/api/hazards/:id/<action>`). Each validates the body, checks the
 * people and files it names, and runs one command; the machine decides who may act (403), in which
 * status (409 action_refused with details.reason) and on what input (400 naming the field).
 */

type Bodies = { [K in HazardActionRoute]: z.output<(typeof HazardActionSchemas)[K]> };

/** How each route turns its body into a machine action (+ extra writes). */
type Mapper<K extends HazardActionRoute> = (body: Bodies[K]) => { action: HazardAction; extras?: ActionExtras };

const v = (b: { expectedVersion?: number }) => (b.expectedVersion === undefined ? {} : { expectedVersion: b.expectedVersion });

const MAPPERS: { [K in HazardActionRoute]: Mapper<K> } = {
  assign: (b) => ({ action: { type: 'assign', assigneeId: b.assigneeId, deadline: b.deadline, ...v(b) } }),
  reassign: (b) => ({ action: { type: 'reassign', assigneeId: b.assigneeId, reason: b.reason, deadline: b.deadline, ...v(b) } }),
  delegate: (b) => ({ action: { type: 'delegate', delegateId: b.delegateId, ...v(b) } }),
  start: (b) => ({ action: { type: 'start_rectification', ...v(b) } }),
  submit: (b) => ({
    action: { type: 'submit_rectification', afterPhotoIds: b.afterPhotoIds, note: b.note, ...v(b) },
    extras: { photos: { role: 'after', fileIds: b.afterPhotoIds } },
  }),
  approve: (b) => ({ action: { type: 'approve', ...v(b) } }),
  return: (b) => ({ action: { type: 'return', reason: b.reason, ...v(b) } }),
  reject: (b) => ({ action: { type: 'reject', reason: b.reason, ...v(b) } }),
  grade: (b) => ({ action: { type: 'set_grade', grade: b.grade, deadline: b.deadline, ...v(b) } }),
  'major-elements': (b) => {
    const { cause, severity, difficulty, expectedVersion: _e, ...elements } = b;
    const report = Object.fromEntries(Object.entries({ cause, severity, difficulty }).filter(([, x]) => x !== undefined));
    return { action: { type: 'record_major_elements', elements, ...v(b) }, extras: { majorReport: report } };
  },
  reinspection: (b) =>
    b.outcome === 'ok'
      ? { action: { type: 'reinspect_ok', note: b.note, ...v(b) } }
      : {
          action: { type: 'reinspect_recurred', note: b.note, photoIds: b.photoFileIds ?? [], ...v(b) },
          extras: { photos: { role: 'reinspection', fileIds: b.photoFileIds ?? [] } },
        },
};

const SUMMARY: Record<HazardActionRoute, string> = {
  assign: 'Assign a reported hazard (hazard.assign)',
  reassign: 'Hand the hazard to another assignee (hazard.assign)',
  delegate: 'The assignee hands over to a delegate while absent, or ends it with null',
  start: 'The holder accepts and starts rectification (major hazards: five elements first)',
  submit: 'The holder reports the fix with after-photos',
  approve: 'The reviewer approves the rectification (closes the hazard)',
  return: 'The reviewer returns the rectification with a reason',
  reject: 'Not a hazard: reject the report (hazard.grade)',
  grade: 'Set the grade; a new grade brings its deadline and timing (hazard.grade)',
  'major-elements': 'Record the five elements of a major hazard and its regulator-report details (hazard.major_elements)',
  reinspection: 'The reporter answers the reinspection: ok, or recurred (opens a new linked hazard)',
};

/** People and files named in the body must exist in the plant (400 naming the field). */
async function checkReferences(tx: Tx, deps: HazardDeps, p: Principal, body: Record<string, unknown>): Promise<void> {
  const policy = await policyFor(deps, tx, p.plantId);
  for (const field of ['assigneeId', 'delegateId', 'responsiblePersonId']) {
    const id = body[field];
    if (typeof id === 'string' && !policy.people.some((x) => x.id === id)) {
      throw fieldError(p.locale, `body.${field}`, 'hazards.error.unknown_person', { person: id });
    }
  }
  for (const field of ['afterPhotoIds', 'photoFileIds']) {
    const ids = body[field];
    if (!Array.isArray(ids)) continue;
    const known = await existingFiles(tx, p.plantId, ids as string[]);
    const missing = (ids as string[]).find((id) => !known.has(id));
    if (missing) throw fieldError(p.locale, `body.${field}`, 'hazards.error.unknown_photo', { fileId: missing });
  }
}

/** Registers POST /api/hazards/:id/<action> for every action. */
export function registerHazardActionRoutes(deps: ServerDeps, hz: HazardDeps): void {
  for (const name of Object.keys(HazardActionSchemas) as HazardActionRoute[]) {
    deps.api.route({
      method: 'post',
      path: `/api/hazards/:id/${name}`,
      summary: SUMMARY[name],
      tags: ['hazards'],
      params: HazardParamsSchema,
      body: HazardActionSchemas[name] as z.ZodType<Bodies[typeof name]>,
      idempotent: true,
      status: 200,
      handler: async (ctx, { principal, params, body }) => {
        return runCommand(deps.db, ctx, principal, async (tx) => {
          const row = await loadHazard(tx, principal.plantId, params.id);
          if (!row) throw hazardNotFound(principal.locale, params.id);
          // Readers get 404 for hazards outside their view (no existence leak); people without any read
          // right fall through to the machine, which answers 403 unless the card was meant for them.
          if (hasRight(principal, 'hazard.read') || hasRight(principal, 'hazard.read_all')) {
            const visibility = await visibilityOf(deps, principal, await policyFor(hz, tx, principal.plantId));
            if (!canSee(visibility, row) && !isInvolved(principal, row.state)) throw hazardNotFound(principal.locale, params.id);
          }
          await checkReferences(tx, hz, principal, body as Record<string, unknown>);
          const { action, extras } = (MAPPERS[name] as Mapper<typeof name>)(body);
          const result = await actOnHazard(hz, tx, { plantId: principal.plantId, hazardId: params.id, action, caller: callerOf(principal), extras });
          const [hazard, opened] = await presentRows(tx, deps, result.opened ? [result.row, result.opened] : [result.row]);
          return { hazard, opened: opened ?? null };
        });
      },
    });
  }
}

function isInvolved(p: Principal, s: { reporterId: string; assigneeId: string | null; delegateId: string | null }): boolean {
  return !!p.personId && [s.reporterId, s.assigneeId, s.delegateId].includes(p.personId);
}
