import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal';
import type { Db, Tx } from '../db/db';
import { AppError } from '../errors';
import { canonicalJson } from '../evidence/canonicalJson';
import type { AppContext } from './koaTypes';

const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;

class Replay extends Error {}

/** The principal part of an idempotency key: who made the request. */
export function principalKey(p: Principal): string {
  return `${p.plantId}:${p.personId ?? p.tokenId ?? p.label}`;
}

/**
 * Runs a command in one transaction, honouring `Idempotency-Key` (or an explicit key, e.g. a
 * mini-program outbox item id). The key row is inserted first inside the same transaction, so
 * a concurrent duplicate waits for the first to commit and then gets its stored answer; the
 * same key with a different body is a 409. Keys never expire.
 */
export async function runCommand<T>(
  db: Db,
  ctx: AppContext | null,
  principal: Principal,
  work: (tx: Tx) => Promise<T>,
  opts: { key?: string; route?: string; body?: unknown } = {},
): Promise<T> {
  const key = opts.key ?? ctx?.get('idempotency-key') ?? '';
  if (!key) return db.transaction(work);
  if (!KEY_FORMAT.test(key)) {
    throw new AppError('validation_failed', 'Invalid header Idempotency-Key: 1-200 printable ASCII characters', { fields: [{ field: 'header.Idempotency-Key', message: 'format' }] });
  }
  const route = opts.route ?? `${ctx?.method ?? 'CMD'} ${ctx?.path ?? ''}`;
  const body = opts.body ?? (ctx?.request as { body?: unknown } | undefined)?.body ?? null;
  const bodyHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  const pk = principalKey(principal);
  try {
    return await db.transaction(async (tx) => {
      const ins = await tx.query(
        `INSERT INTO idempotency_keys (principal_key, route, key, body_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [pk, route, key, bodyHash],
      );
      if (ins.rowCount === 0) throw new Replay();
      const result = await work(tx);
      await tx.query(`UPDATE idempotency_keys SET status = 200, response = $4 WHERE principal_key = $1 AND route = $2 AND key = $3`, [
        pk,
        route,
        key,
        JSON.stringify(result ?? null),
      ]);
      return result;
    });
  } catch (err) {
    if (!(err instanceof Replay)) throw err;
    const row = (
      await db.query<{ body_hash: string; response: T }>('SELECT body_hash, response FROM idempotency_keys WHERE principal_key = $1 AND route = $2 AND key = $3', [pk, route, key])
    ).rows[0];
    if (!row || row.body_hash !== bodyHash) throw new AppError('idempotency_conflict');
    ctx?.set('Idempotent-Replayed', 'true');
    return row.response;
  }
}
