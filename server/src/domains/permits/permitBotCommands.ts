import { PERMIT_BOT_COMMANDS } from '../../../../bot/src/conversations/permitActions';
import type { Tx } from '../../platform/db/db';
import { AppError, errors } from '../../platform/errors';
import type { ServerDeps } from '../../platform/serverDeps';
import { approvePermit, simpleAction } from './permitCommands';
import { refusalError } from './permitErrors';
import { decidePermit } from './permitMachine';
import { loadPermit } from './permitRepo';
import { machineActor, policyStoreFor } from './permitTransition';

/** Conversation kind of "type the rejection reason". */
const REJECT_KIND = 'permit_reject_reason';
/** How long the reason step waits for the message. */
const REJECT_STEP_MINUTES = 15;

async function permitOrThrow(tx: Tx, plantId: string, id: string) {
  const row = await loadPermit(tx, plantId, id);
  if (!row) throw errors.notFound('permit', id);
  return row;
}

/**
 * The commands the permit card listeners call through the bus (bot/src/conversations/permitActions.ts).
 * Each runs in the bus's transaction with the event's dedupe key, so a redelivered click has no effect.
 */
export function registerPermitBotCommands(deps: ServerDeps): void {
  const { commands } = deps;

  commands.register(PERMIT_BOT_COMMANDS.approveRemote, {
    right: 'permit.approve',
    run: async ({ tx, principal, payload }) => ({ code: (await approvePermit(deps, tx, principal, String(payload.permitId), { mode: 'remote' })).row.code }),
  });

  commands.register(PERMIT_BOT_COMMANDS.rejectStart, {
    right: 'permit.approve',
    run: async ({ tx, principal, payload }) => {
      const row = await permitOrThrow(tx, principal.plantId, String(payload.permitId));
      const plant = await policyStoreFor(deps).load(tx, principal.plantId);
      // Ask for a reason only if this person could reject now; the dry run says why not otherwise.
      const dry = decidePermit(row.state, { type: 'reject', reason: '-' }, machineActor(principal), deps.now(), { timezone: plant.timezone });
      if ('refusal' in dry) throw refusalError(principal.locale, dry.refusal);
      const now = deps.now();
      await tx.query(
        `INSERT INTO conversation_states (plant_id, person_id, kind, state, expires_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (plant_id, person_id, kind) DO UPDATE SET state = EXCLUDED.state, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at`,
        [principal.plantId, principal.personId, REJECT_KIND, JSON.stringify({ permitId: row.id }), new Date(now.getTime() + REJECT_STEP_MINUTES * 60_000), now],
      );
      return { code: row.code };
    },
  });

  commands.register(PERMIT_BOT_COMMANDS.rejectReason, {
    run: async ({ tx, principal, payload }) => {
      const text = String(payload.text ?? '').trim();
      if (!text || !principal.personId) return { handled: false };
      const r = await tx.query<{ state: { permitId: string }; expires_at: Date }>(
        'SELECT state, expires_at FROM conversation_states WHERE plant_id = $1 AND person_id = $2 AND kind = $3 FOR UPDATE',
        [principal.plantId, principal.personId, REJECT_KIND],
      );
      const step = r.rows[0];
      if (!step) return { handled: false };
      await tx.query('DELETE FROM conversation_states WHERE plant_id = $1 AND person_id = $2 AND kind = $3', [principal.plantId, principal.personId, REJECT_KIND]);
      if (new Date(step.expires_at).getTime() <= deps.now().getTime()) return { handled: false };
      try {
        const res = await simpleAction(deps, tx, principal, step.state.permitId, { type: 'reject', reason: text });
        return { handled: true, code: res.row.code };
      } catch (err) {
        // A refusal (the permit moved on meanwhile) ends the step too; the machine refuses before writing anything.
        if (err instanceof AppError && err.expose) return { handled: true, error: err.message };
        throw err;
      }
    },
  });

  commands.register(PERMIT_BOT_COMMANDS.shiftCheck, {
    right: 'permit.shift_check',
    run: async ({ tx, principal, payload }) => ({ code: (await simpleAction(deps, tx, principal, String(payload.permitId), { type: 'shift_check' })).row.code }),
  });

  commands.register(PERMIT_BOT_COMMANDS.onsiteUrl, {
    right: 'permit.approve',
    run: async ({ tx, principal, payload }) => {
      const row = await permitOrThrow(tx, principal.plantId, String(payload.permitId));
      return { url: `${deps.publicUrl}/m/permits/${row.id}/approve` };
    },
  });
}
