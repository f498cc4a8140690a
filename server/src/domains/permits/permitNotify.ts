import type { Tx } from '../../platform/db/db';
import { enqueueDelivery } from '../../platform/delivery/delivery';
import type { ServerDeps } from '../../platform/serverDeps';
import type { PermitRow } from './permitRecord';

/** Card kinds of the permits capability (builders in permitCards.ts, presenters in cards/src/permits/). */
export const PERMIT_CARDS = {
  approval: 'permit.approval',
  stepResult: 'permit.step_result',
  checkInQr: 'permit.check_in_qr',
  shiftCheck: 'permit.shift_check',
  interruption: 'permit.interruption',
  expiryReminder: 'permit.expiry_reminder',
  suspension: 'permit.suspension',
  closed: 'permit.closed',
} as const;

/** One permit card kind. */
export type PermitCardKind = (typeof PERMIT_CARDS)[keyof typeof PERMIT_CARDS];

/** Names of the queues of the permits capability (handlers in permitJobs.ts). */
export const PERMIT_JOBS = {
  expire: 'permits.expire',
  expiryReminder: 'permits.expiry-reminder',
  gasReminder: 'permits.gas-reminder',
  releaseHold: 'permits.release-hold',
  certificateReminders: 'permits.certificate-reminders',
} as const;

/** Everyone who works under the permit: applicant, work leader, performers, guardians. */
export function crewOf(p: PermitRow): string[] {
  return [...new Set([p.applicantId, p.state.workLeaderId, ...p.performerIds, ...p.guardianIds])];
}

/** Sends one permit card to each person, inside the caller's transaction. */
export async function sendPermitCard(deps: ServerDeps, tx: Tx, p: PermitRow, kind: PermitCardKind, personIds: readonly string[], params: Record<string, unknown> = {}): Promise<void> {
  for (const personId of [...new Set(personIds)]) {
    await enqueueDelivery(tx, deps.jobs, p.plantId, { personId }, { type: 'card', kind, subjectType: 'permit', subjectId: p.id, params });
  }
}
