import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Queryable } from '../db/db';

/** API tokens start with this prefix, so logs and scanners can recognise them. */
export const API_TOKEN_PREFIX = 'aq_';

/** sha256 of a token secret; only this is stored. */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A stored token, never with its secret. */
export interface ApiTokenRow {
  id: string;
  plantId: string;
  name: string;
  roleKey: string;
  scope: string[];
  ownerPersonId: string | null;
  revokedAt: Date | null;
}

/** Creates a token and returns its secret, the only time it exists outside the caller. */
export async function createApiToken(
  q: Queryable,
  input: { plantId: string; name: string; roleKey: string; scope?: string[]; ownerPersonId?: string | null },
): Promise<{ id: string; token: string }> {
  const id = randomUUID();
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  await q.query(
    `INSERT INTO api_tokens (id, plant_id, name, role_key, scope, owner_person_id, token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, input.plantId, input.name, input.roleKey, input.scope ?? ['*'], input.ownerPersonId ?? null, hashToken(token)],
  );
  return { id, token };
}

/** Looks a presented secret up by its hash; revoked tokens are not returned. */
export async function findApiToken(q: Queryable, secret: string): Promise<ApiTokenRow | null> {
  const r = await q.query<{ id: string; plant_id: string; name: string; role_key: string; scope: string[]; owner_person_id: string | null; revoked_at: Date | null }>(
    'SELECT id, plant_id, name, role_key, scope, owner_person_id, revoked_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
    [hashToken(secret)],
  );
  const row = r.rows[0];
  if (!row) return null;
  return { id: row.id, plantId: row.plant_id, name: row.name, roleKey: row.role_key, scope: row.scope, ownerPersonId: row.owner_person_id, revokedAt: row.revoked_at };
}
