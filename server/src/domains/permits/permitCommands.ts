import { z } from 'zod';
import { actorOf, type Principal } from '../../platform/auth/principal';
import type { Tx } from '../../platform/db/db';
import type { ServerDeps } from '../../platform/serverDeps';
import { judgeApplication } from './permitApply';
import { assertNobodyInside } from './permitEntries';
import { loadArea } from './permitAreas';
import { ruleFailed } from './permitErrors';
import { checkFence } from './permitGeofence';
import { crewOf, PERMIT_CARDS, PERMIT_JOBS, sendPermitCard } from './permitNotify';
import { verifyPermitQrToken } from './permitQrToken';
import { evaluateGasTest, type GasTest } from './gasRules';
import type { PermitRow } from './permitRecord';
import { insertApproval, insertCheckin, insertGasTest, type GasTestRow } from './permitRecordsRepo';
import type { ApproveSchema, CheckInSchema, GasTestBody, VoidSchema } from './permitSchemas';
import type { PermitAction } from './permitState';
import { machineActor, transitionPermit, type TransitionInput, type TransitionResult } from './permitTransition';
import { checkPhotoIds, restrictionIssues, toGasTest } from './permitValidation';
import { gb } from './policyLeaves';

/** The stored row of a gas analysis, with its verdict against the permit's frozen criteria. */
function gasRow(test: GasTest, after: PermitRow, recordedBy: string | null, now: Date): GasTestRow {
  const verdict = evaluateGasTest(test, after.state.rules.gas);
  return {
    testId: test.id, takenAt: new Date(test.takenAt), analystId: test.analystId, samplePoint: test.location ?? null, readings: test.readings,
    passed: verdict.passed, failures: verdict.failures, recordedBy, recordedAt: now,
  };
}

type Base = Pick<TransitionInput, 'plantId' | 'permitId' | 'actor' | 'evidenceActor' | 'now' | 'locale'>;

function base(deps: ServerDeps, principal: Principal, permitId: string): Base {
  return { plantId: principal.plantId, permitId, actor: machineActor(principal), evidenceActor: actorOf(principal), now: deps.now(), locale: principal.locale };
}

/** Runs a plain action (no records besides the state). */
export function simpleAction(deps: ServerDeps, tx: Tx, principal: Principal, permitId: string, action: PermitAction): Promise<TransitionResult> {
  return transitionPermit(deps, tx, { ...base(deps, principal, permitId), action });
}

/** Submits a draft: every rule is judged again at this moment (window, certificates, conflicts, restrictions). */
export async function submitPermit(deps: ServerDeps, tx: Tx, principal: Principal, permitId: string): Promise<TransitionResult> {
  const b = base(deps, principal, permitId);
  let warnings: TransitionResult['row']['warnings'] = [];
  const res = await transitionPermit(deps, tx, {
    ...b, action: { type: 'submit' },
    precheck: async (row) => {
      // Only the applicant's own draft is judged; the machine refuses anyone else with a clear code.
      if (row.status !== 'draft' || row.applicantId !== principal.personId) return;
      // The draft's level is judged as declared: a level that rose since (a wind warning came in,
      // the window moved into the night) is refused as level_too_low, never passed at the lower level.
      warnings = (await judgeApplication(deps, tx, row.plantId, row.application, row.id, b.now, b.locale)).result.warnings;
    },
  });
  await tx.query('UPDATE permits SET warnings = $3 WHERE plant_id = $1 AND id = $2', [res.row.plantId, res.row.id, JSON.stringify(warnings)]);
  let last = res;
  for (const test of res.row.application.gasTests) {
    last = await transitionPermit(deps, tx, {
      ...b, action: { type: 'record_gas_test', test },
      record: (_before, after) => insertGasTest(tx, after.plantId, after.id, gasRow(test, after, principal.personId, b.now)),
    });
  }
  return { ...last, before: res.before };
}

/** Signs the current approval step, on site (position checked against the area's fence) or remotely where allowed. */
export async function approvePermit(deps: ServerDeps, tx: Tx, principal: Principal, permitId: string, body: z.infer<typeof ApproveSchema>): Promise<TransitionResult> {
  const b = base(deps, principal, permitId);
  let fence: { inside: boolean; distanceM: number } | null = null;
  const res = await transitionPermit(deps, tx, {
    ...b, action: { type: 'approve', mode: body.mode, ...(body.comment ? { comment: body.comment } : {}) },
    evidenceData: { location: body.location ?? null },
    precheck: async (row, plant) => {
      if (body.mode !== 'onsite' || !['submitted', 'approving'].includes(row.status)) return;
      if (!body.location) throw ruleFailed(b.locale, 'location_required', gb('4.11 a)'), {}, 'body.location');
      const area = await loadArea(tx, row.plantId, row.areaKey);
      // An area removed from the plant file has no fence to be inside of: the on-site claim cannot be checked.
      fence = area ? checkFence(body.location, area.geofence, area.datum, plant.config.geofenceToleranceM) : { inside: false, distanceM: -1 };
      return { type: 'approve', mode: 'onsite', geofencePassed: fence.inside, distanceM: fence.distanceM, ...(body.comment ? { comment: body.comment } : {}) };
    },
    record: async (before, after) => {
      const sig = after.state.approvals[after.state.approvals.length - 1];
      const f = fence as { distanceM: number } | null;
      await insertApproval(tx, after.plantId, after.id, {
        step: sig.step, stepId: sig.stepId, role: sig.role, personId: sig.personId, mode: sig.mode, location: body.mode === 'onsite' ? body.location ?? null : null,
        distanceM: f ? f.distanceM : null, comment: body.comment ?? null, signedAt: b.now,
      });
      // The applicant hears of every signature, not only of the end of the chain.
      if (after.status === 'approving' || after.status === 'submitted') {
        await sendPermitCard(deps, tx, after, PERMIT_CARDS.stepResult, [after.applicantId], { event: 'step_signed', stepId: sig.stepId, personId: sig.personId, mode: sig.mode });
      }
      void before;
    },
  });
  return res;
}

/** The guardian checks in at the site with the scanned QR token; work becomes active. */
export async function checkInPermit(deps: ServerDeps, tx: Tx, principal: Principal, permitId: string, body: z.infer<typeof CheckInSchema>): Promise<TransitionResult> {
  const b = base(deps, principal, permitId);
  let distanceM = 0;
  return transitionPermit(deps, tx, {
    ...b,
    action: { type: 'check_in', geofencePassed: false, distanceM: 0 },
    evidenceData: { location: body.location },
    precheck: async (row, plant) => {
      await checkPhotoIds(tx, row.plantId, body.photoFileIds ?? [], 'body.photoFileIds', b.locale);
      const qr = verifyPermitQrToken(deps.appSecret, body.qrToken, { plantId: row.plantId, permitId: row.id, now: b.now });
      if (!qr.ok) throw ruleFailed(b.locale, `qr_token_${qr.reason}`, gb('4.10 a)'), {}, 'body.qrToken');
      const blocked = await restrictionIssues(tx, row.plantId, { areaKey: row.areaKey, unitKey: row.unitKey, type: row.type, outdoor: row.outdoor }, b.now);
      if (blocked.length) throw ruleFailed(b.locale, 'work_restricted', blocked[0].sourceRef, blocked[0].params);
      const area = await loadArea(tx, row.plantId, row.areaKey);
      const fence = area ? checkFence(body.location, area.geofence, area.datum, plant.config.geofenceToleranceM) : { inside: false, distanceM: -1 };
      distanceM = fence.distanceM;
      return { type: 'check_in', geofencePassed: fence.inside, distanceM: fence.distanceM, continuousMonitoringOn: body.continuousMonitoringOn, videoRecording: body.videoRecording };
    },
    record: async (_before, after) => {
      await insertCheckin(tx, after.plantId, after.id, {
        personId: principal.personId as string, location: body.location, distanceM, monitoringOn: !!body.continuousMonitoringOn,
        videoOn: !!body.videoRecording, photoFileIds: body.photoFileIds ?? [], checkedInAt: b.now,
      });
    },
  });
}

/** Reports the work complete; a confined space only once nobody and nothing is logged inside (6.8 c). */
export function completePermit(deps: ServerDeps, tx: Tx, principal: Principal, permitId: string): Promise<TransitionResult> {
  const b = base(deps, principal, permitId);
  return transitionPermit(deps, tx, {
    ...b, action: { type: 'complete' },
    precheck: (row) => assertNobodyInside(tx, row.plantId, row.id, row.type, b.locale),
  });
}

/** Records a gas analysis; a failing one during work interrupts it (the machine decides). */
export async function recordGasTest(deps: ServerDeps, tx: Tx, principal: Principal, permitId: string, body: GasTestBody): Promise<TransitionResult> {
  const b = base(deps, principal, permitId);
  const test = await toGasTest(tx, b.plantId, body, principal.personId as string, 'body', principal.locale);
  return transitionPermit(deps, tx, {
    ...b, action: { type: 'record_gas_test', test },
    precheck: (row) => {
      const age = (b.now.getTime() - Date.parse(test.takenAt)) / 60_000;
      const max = row.state.rules.sampleMaxAgeMin;
      // An analysis entered long after sampling proves nothing about the air now (5.3.1 c).
      if (age > max.value) throw ruleFailed(b.locale, 'gas_sample_too_old', max.sourceRef, { ageMin: Math.round(age), maxMin: max.value }, 'body.takenAt');
    },
    record: (_before, after) => insertGasTest(tx, after.plantId, after.id, gasRow(test, after, principal.personId, b.now)),
  });
}

/** Pauses active work; the crew is told, and a re-test reminder is scheduled for when the gap limit passes. */
export async function interruptPermit(deps: ServerDeps, tx: Tx, principal: Principal, permitId: string, reason: string): Promise<TransitionResult> {
  const res = await simpleAction(deps, tx, principal, permitId, { type: 'interrupt', reason });
  const p = res.row;
  await sendPermitCard(deps, tx, p, PERMIT_CARDS.interruption, crewOf(p), { event: 'interrupted', reason });
  const gap = p.state.rules.retestAfterGapMin;
  if (gap && p.state.rules.gasRequired.value) {
    const at = new Date(res.row.updatedAt.getTime() + gap.value * 60_000);
    await deps.jobs.send(tx, PERMIT_JOBS.gasReminder, { plantId: p.plantId, permitId: p.id, kind: 'retest', dueAt: at.toISOString() }, { startAfter: at });
  }
  return res;
}

/** Voids the permit (4.16/4.17): a change of content, scope, location or conditions needs a new one. */
export function voidPermit(deps: ServerDeps, tx: Tx, principal: Principal, permitId: string, body: z.infer<typeof VoidSchema>): Promise<TransitionResult> {
  return simpleAction(deps, tx, principal, permitId, { type: 'void', cause: body.cause, ...(body.detail ? { detail: body.detail } : {}) });
}
