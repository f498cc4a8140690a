import type { Tx } from '../../platform/db/db';
import { storeImage } from '../../platform/files/fileService';
import type { ServerDeps } from '../../platform/serverDeps';
import { crewOf, PERMIT_CARDS, PERMIT_JOBS, sendPermitCard } from './permitNotify';
import { idsWithRoles } from './permitPeople';
import type { PlantPermitContext } from './permitPolicyStore';
import { checkInUrl, issuePermitQrToken, renderQrPng } from './permitQrToken';
import type { PermitRow } from './permitRecord';
import type { PermitActionType, PermitEffect } from './permitState';

/** What the effects of one transition may need besides the permit. */
export interface EffectContext {
  action: PermitActionType;
  now: Date;
  plant: PlantPermitContext;
  /** Ends one dependent (temporary-power) permit with its parent, inside the same transaction. */
  endDependent(childId: string): Promise<void>;
}

/** Renders the check-in QR (token valid to the end of the window) and stores it as a file of the permit. */
export async function storeQrFile(deps: ServerDeps, tx: Tx, p: PermitRow, now: Date): Promise<string> {
  const token = issuePermitQrToken(deps.appSecret, { plantId: p.plantId, permitId: p.id, now, expiresAt: p.validTo });
  const png = await renderQrPng(checkInUrl(deps.publicUrl, p.id, token));
  const file = await storeImage(tx, deps.blobs, { plantId: p.plantId, bytes: png, originalName: `${p.code}-qr.png`, uploadedBy: null, maxBytes: Math.max(png.length, deps.env.UPLOAD_LIMIT_BYTES) });
  await tx.query('UPDATE permits SET qr_file_id = $3 WHERE plant_id = $1 AND id = $2', [p.plantId, p.id, file.id]);
  return file.id;
}

async function notifyParties(deps: ServerDeps, tx: Tx, p: PermitRow, event: string, ec: EffectContext): Promise<void> {
  const s = p.state;
  switch (event) {
    case 'approved': {
      await sendPermitCard(deps, tx, p, PERMIT_CARDS.stepResult, [p.applicantId], { event });
      await storeQrFile(deps, tx, p, ec.now);
      await sendPermitCard(deps, tx, p, PERMIT_CARDS.checkInQr, [...p.guardianIds, p.applicantId]);
      if (s.rules.shiftCheckRequired.value) {
        await sendPermitCard(deps, tx, p, PERMIT_CARDS.shiftCheck, await idsWithRoles(tx, p.plantId, s.rules.shiftCheckRoles, [p.applicantId], { areaKey: p.areaKey, org: ec.plant.org }));
      }
      return;
    }
    case 'activated':
      if (ec.action === 'resume') await sendPermitCard(deps, tx, p, PERMIT_CARDS.interruption, crewOf(p), { event: 'resumed' });
      else await sendPermitCard(deps, tx, p, PERMIT_CARDS.stepResult, [p.applicantId, s.workLeaderId], { event });
      return;
    case 'suspended':
      // The holds service sends one suspension card per hold (with its reason); nothing to add here.
      return;
    case 'holds_cleared':
      await sendPermitCard(deps, tx, p, PERMIT_CARDS.suspension, crewOf(p), { event: 'cleared' });
      return;
    case 'completed':
      await sendPermitCard(deps, tx, p, PERMIT_CARDS.stepResult, [p.applicantId, ...(await idsWithRoles(tx, p.plantId, s.rules.acceptanceRoles, [], { areaKey: p.areaKey, org: ec.plant.org }))], { event });
      return;
    case 'closed': {
      const signers = s.approvals.map((a) => a.personId);
      await sendPermitCard(deps, tx, p, PERMIT_CARDS.closed, [...crewOf(p), ...signers]);
      return;
    }
    default:
      await sendPermitCard(deps, tx, p, PERMIT_CARDS.stepResult, [p.applicantId, ...p.guardianIds], { event });
  }
}

/**
 * Carries out the machine's effects inside the command's transaction: cards go out through
 * delivery jobs, timers become pg-boss jobs, dependent temporary-power permits end with the parent.
 */
export async function applyEffects(deps: ServerDeps, tx: Tx, p: PermitRow, effects: PermitEffect[], ec: EffectContext): Promise<void> {
  for (const e of effects) {
    switch (e.type) {
      case 'notify_approvers': {
        const signed = p.state.approvals.map((a) => a.personId);
        const to = await idsWithRoles(tx, p.plantId, e.roles, [p.applicantId, ...signed], { areaKey: p.areaKey, org: ec.plant.org });
        await sendPermitCard(deps, tx, p, PERMIT_CARDS.approval, to, { step: e.step });
        break;
      }
      case 'notify_parties':
        await notifyParties(deps, tx, p, e.event, ec);
        break;
      case 'schedule_expiry': {
        const at = new Date(e.at);
        await deps.jobs.send(tx, PERMIT_JOBS.expire, { plantId: p.plantId, permitId: p.id, validTo: e.at }, { startAfter: at });
        const remindAt = new Date(at.getTime() - ec.plant.config.expiryReminderMinutes * 60_000);
        if (remindAt.getTime() > ec.now.getTime()) {
          await deps.jobs.send(tx, PERMIT_JOBS.expiryReminder, { plantId: p.plantId, permitId: p.id, validTo: e.at }, { startAfter: remindAt });
        }
        break;
      }
      case 'schedule_gas_record':
        await deps.jobs.send(tx, PERMIT_JOBS.gasReminder, { plantId: p.plantId, permitId: p.id, kind: 'record', dueAt: e.at }, { startAfter: new Date(e.at) });
        break;
      case 'gas_alert':
        await sendPermitCard(deps, tx, p, PERMIT_CARDS.interruption, crewOf(p), { event: 'gas_alert', testId: e.testId, failureCodes: e.failureCodes });
        break;
      case 'end_dependent_permits':
        await endDependents(tx, p, ec);
        break;
      case 'reissue_required':
        // The voided step-result card names the cause; a new application is the applicant's move.
        break;
    }
  }
}

async function endDependents(tx: Tx, p: PermitRow, ec: EffectContext): Promise<void> {
  const r = await tx.query<{ id: string }>(
    `SELECT id FROM permits WHERE plant_id = $1 AND parent_permit_id = $2 AND status NOT IN ('completed', 'closed', 'rejected', 'cancelled', 'expired', 'voided') ORDER BY created_at`,
    [p.plantId, p.id],
  );
  for (const row of r.rows) await ec.endDependent(row.id);
}
