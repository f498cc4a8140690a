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

/**
 * Appends one event inside the caller's transaction. Only this insert takes the plant's
 * chain-head row lock, so concurrent commands serialize just for these few statements.
 */
export async function appendEvidence(tx: Tx, input: EvidenceInput): Promise<{ seq: number; hash: string }> {
  await tx.query('INSERT INTO evidence_heads (plant_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (plant_id) DO NOTHING', [
    input.plantId,
    GENESIS_HASH,
  ]);
  const head = (
    await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM evidence_heads WHERE plant_id = $1 FOR UPDATE', [
      input.plantId,
    ])
  ).rows[0];
  const seq = head.seq + 1;
  const canonical = canonicalEvent(input, seq);
  const hash = chainHash(head.hash, canonical);
  await tx.query(
    `INSERT INTO evidence_events (plant_id, seq, kind, subject_type, subject_id, actor, occurred_at, canonical, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [input.plantId, seq, input.kind, input.subjectType, input.subjectId, JSON.stringify(input.actor), input.occurredAt, canonical, head.hash, hash],
  );
  await tx.query('UPDATE evidence_heads SET seq = $2, hash = $3 WHERE plant_id = $1', [input.plantId, seq, hash]);
  // The day's head (plant-local day) is kept for export and the daily push.
  await tx.query(
    `INSERT INTO evidence_daily_heads (plant_id, day, seq, hash)
     VALUES ($1, ($4::timestamptz AT TIME ZONE (SELECT timezone FROM plants WHERE id = $1))::date, $2, $3)
     ON CONFLICT (plant_id, day) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash`,
    [input.plantId, seq, hash, input.occurredAt],
  );
  return { seq, hash };
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
