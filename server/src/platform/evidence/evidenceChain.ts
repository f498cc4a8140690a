import { createHash } from 'node:crypto';
import { Queryable, Tx } from '../db/db';
import { canonicalJson } from './canonicalJson';

/** The hash before the first event of a plant. */
export const GENESIS_HASH = '0'.repeat(64);

/** Who did it: a person, an API token, or the system itself (alarm, weather, timer). */
export interface EvidenceActor {
  type: 'person' | 'api' | 'system';
  id: string;
  label?: string;
  via?: string;
}

/** One fact to record. */
export interface EvidenceInput {
  plantId: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  actor: EvidenceActor;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/** `hash = sha256(prevHash + canonical)`. */
export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** The canonical form of an event at a given position in its plant's chain. */
export function canonicalEvent(input: EvidenceInput, seq: number): string {
  return canonicalJson({
    plantId: input.plantId,
    seq,
    kind: input.kind,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    actor: input.actor,
    occurredAt: input.occurredAt,
    data: input.data,
  });
}

/** The canonical text split around the sequence number, which only the database knows. */
export function canonicalParts(input: EvidenceInput): { before: string; after: string } {
  const marker = -987654321;
  const text = canonicalEvent(input, marker);
  // Keys are sorted: "data" (which could hold any key) comes before the top-level "seq", and only
  // the string values subjectId/subjectType follow it, where a quote is always escaped. So the
  // last occurrence is the top-level one.
  const at = text.lastIndexOf(`"seq":${marker}`);
  if (at < 0) throw new Error('canonical form lost its sequence marker');
  return { before: text.slice(0, at + '"seq":'.length), after: text.slice(at + `"seq":${marker}`.length) };
}

/**
 * Appends one event inside the caller's transaction in ONE statement: lock the plant's chain
 * head, hash (sha256 in the database, byte-identical to chainHash), insert the event, move the
 * head and the day's head. The row lock is held until the caller commits, so call this as late
 * in the command as possible.
 */
export async function appendEvidence(tx: Tx, input: EvidenceInput): Promise<{ seq: number; hash: string }> {
  const { before, after } = canonicalParts(input);
  const params = [input.plantId, before, after, input.kind, input.subjectType, input.subjectId, JSON.stringify(input.actor), input.occurredAt];
  const sql = `
    WITH old AS (SELECT seq, hash FROM evidence_heads WHERE plant_id = $1 FOR UPDATE),
    upd AS (
      UPDATE evidence_heads h
         SET seq = old.seq + 1,
             hash = encode(sha256(convert_to(old.hash || $2 || (old.seq + 1)::text || $3, 'UTF8')), 'hex')
        FROM old WHERE h.plant_id = $1
      RETURNING h.seq, h.hash, old.hash AS prev_hash),
    ins AS (
      INSERT INTO evidence_events (plant_id, seq, kind, subject_type, subject_id, actor, occurred_at, canonical, prev_hash, hash)
      SELECT $1, upd.seq, $4, $5, $6, $7::jsonb, $8, $2 || upd.seq::text || $3, upd.prev_hash, upd.hash FROM upd
      RETURNING seq, hash)
    INSERT INTO evidence_daily_heads (plant_id, day, seq, hash)
    SELECT $1, ($8::timestamptz AT TIME ZONE (SELECT timezone FROM plants WHERE id = $1))::date, ins.seq, ins.hash FROM ins
    ON CONFLICT (plant_id, day) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash
    RETURNING seq, hash`;
  let r = await tx.query<{ seq: number; hash: string }>(sql, params);
  if (r.rows.length === 0) {
    // First event of a plant: create its genesis head, then append.
    await tx.query('INSERT INTO evidence_heads (plant_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (plant_id) DO NOTHING', [input.plantId, GENESIS_HASH]);
    r = await tx.query<{ seq: number; hash: string }>(sql, params);
  }
  return r.rows[0];
}

/** An event as read back for timelines and exports. */
export interface EvidenceRow {
  seq: number;
  kind: string;
  subjectType: string;
  subjectId: string;
  actor: EvidenceActor;
  occurredAt: Date;
  hash: string;
  data: Record<string, unknown>;
}

/** The events of one subject, oldest first. */
export async function listEvidence(q: Queryable, plantId: string, subjectType: string, subjectId: string): Promise<EvidenceRow[]> {
  const r = await q.query<{ seq: number; kind: string; subject_type: string; subject_id: string; actor: EvidenceActor; occurred_at: Date; hash: string; canonical: string }>(
    `SELECT seq, kind, subject_type, subject_id, actor, occurred_at, hash, canonical FROM evidence_events
     WHERE plant_id = $1 AND subject_type = $2 AND subject_id = $3 ORDER BY seq`,
    [plantId, subjectType, subjectId],
  );
  return r.rows.map((row) => ({
    seq: row.seq,
    kind: row.kind,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    actor: row.actor,
    occurredAt: row.occurred_at,
    hash: row.hash,
    data: (JSON.parse(row.canonical) as { data: Record<string, unknown> }).data,
  }));
}
