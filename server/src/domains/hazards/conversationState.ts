import type { Queryable, Tx } from '../../platform/db/db';

/**
 * Multi-step chat state of one person (conversation_states): a report draft, "type the return reason",
 * "send the after-photo". Kept in a table so every instance and a restart see the same conversation.
 */

/** Conversation kinds of the hazard loop. */
export type HazardConversationKind = 'hazard_draft' | 'hazard_return_reason' | 'hazard_reject_reason' | 'hazard_after_photo';

/** Reads a live (not expired) state; null when absent or expired. With a Tx, the row is locked. */
export async function getConversation<T>(
  q: Queryable,
  plantId: string,
  personId: string,
  kind: HazardConversationKind,
  now: Date,
  opts: { forUpdate?: boolean } = {},
): Promise<T | null> {
  const r = await q.query<{ state: T; expires_at: Date }>(
    `SELECT state, expires_at FROM conversation_states WHERE plant_id = $1 AND person_id = $2 AND kind = $3${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [plantId, personId, kind],
  );
  const row = r.rows[0];
  if (!row || row.expires_at.getTime() <= now.getTime()) return null;
  return row.state;
}

/** Reads a state even after it expired (card builders show "expired" instead of nothing). */
export async function getConversationAny<T>(
  q: Queryable,
  plantId: string,
  personId: string,
  kind: HazardConversationKind,
): Promise<{ state: T; expiresAt: Date } | null> {
  const r = await q.query<{ state: T; expires_at: Date }>(
    'SELECT state, expires_at FROM conversation_states WHERE plant_id = $1 AND person_id = $2 AND kind = $3',
    [plantId, personId, kind],
  );
  return r.rows[0] ? { state: r.rows[0].state, expiresAt: r.rows[0].expires_at } : null;
}

/** Writes (replaces) a state with its expiry. */
export async function putConversation(tx: Tx, plantId: string, personId: string, kind: HazardConversationKind, state: unknown, expiresAt: Date, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO conversation_states (plant_id, person_id, kind, state, expires_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (plant_id, person_id, kind) DO UPDATE SET state = EXCLUDED.state, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at`,
    [plantId, personId, kind, JSON.stringify(state), expiresAt, now],
  );
}

/** Ends a conversation step. */
export async function deleteConversation(tx: Tx, plantId: string, personId: string, kind: HazardConversationKind): Promise<void> {
  await tx.query('DELETE FROM conversation_states WHERE plant_id = $1 AND person_id = $2 AND kind = $3', [plantId, personId, kind]);
}

/**
 * Serializes one person's chat commands for the rest of the transaction. A photo and a text sent
 * together arrive as two callbacks that may run at once; without this both would start a new draft
 * and the later write would drop the other's input.
 */
export async function lockConversation(tx: Tx, plantId: string, personId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`conversation:${plantId}:${personId}`]);
}
