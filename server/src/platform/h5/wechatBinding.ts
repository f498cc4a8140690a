import { createHash, randomInt } from 'node:crypto';
import type { Queryable } from '../db/db';

/** Letters and digits that cannot be confused when read off a phone screen (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** How long a binding code shown in chat stays valid. */
export const BIND_CODE_TTL_MINUTES = 10;

const hashOf = (code: string) => createHash('sha256').update(normaliseBindCode(code)).digest('hex');

/** Upper-cases and drops spaces and dashes, so "k7qm-2xpa" and "K7QM 2XPA" are the same code. */
export function normaliseBindCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * A fresh one-time code for a person to bind their WeChat account, shown to them in chat.
 * Only its hash is stored; earlier unused codes of the person stop working.
 */
export async function issueBindCode(q: Queryable, plantId: string, personId: string, now: Date): Promise<{ code: string; expiresAt: Date }> {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  const expiresAt = new Date(now.getTime() + BIND_CODE_TTL_MINUTES * 60_000);
  await q.query('UPDATE wechat_bind_codes SET expires_at = $3 WHERE plant_id = $1 AND person_id = $2 AND used_at IS NULL AND expires_at > $3', [plantId, personId, now]);
  await q.query('INSERT INTO wechat_bind_codes (code_hash, plant_id, person_id, expires_at) VALUES ($1, $2, $3, $4)', [hashOf(code), plantId, personId, expiresAt]);
  return { code: `${code.slice(0, 4)}-${code.slice(4)}`, expiresAt };
}

/** Uses a code once (unexpired, unused) for an openid; the person it was issued to, or null. */
export async function consumeBindCode(q: Queryable, code: string, openid: string, now: Date): Promise<{ plantId: string; personId: string } | null> {
  const r = await q.query<{ plant_id: string; person_id: string }>(
    `UPDATE wechat_bind_codes SET used_at = $2, used_by = $3 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING plant_id, person_id`,
    [hashOf(code), now, openid],
  );
  const row = r.rows[0];
  return row ? { plantId: row.plant_id, personId: row.person_id } : null;
}

/** The person an openid is bound to, or null. */
export async function findWechatBinding(q: Queryable, openid: string): Promise<{ plantId: string; personId: string } | null> {
  const r = await q.query<{ plant_id: string; person_id: string }>('SELECT plant_id, person_id FROM wechat_bindings WHERE openid = $1', [openid]);
  return r.rows[0] ? { plantId: r.rows[0].plant_id, personId: r.rows[0].person_id } : null;
}

/** Binds (or re-binds) an openid to a person. */
export async function bindWechat(q: Queryable, openid: string, plantId: string, personId: string, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO wechat_bindings (openid, plant_id, person_id, bound_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (openid) DO UPDATE SET plant_id = EXCLUDED.plant_id, person_id = EXCLUDED.person_id, bound_at = EXCLUDED.bound_at`,
    [openid, plantId, personId, now],
  );
}
