import type { Queryable } from '../../platform/db/db';
import { BY_OUT_TRACK_ID, SENT_CARD_COLUMNS, SentCardRow, SentRow, toSentCardRow } from './dingtalkSentCards';

/** One stored frame. */
export interface InboxRow {
  id: string;
  plantId: string | null;
  dedupeKey: string;
  topic: string;
  messageId: string;
  data: string;
  receivedAt: Date;
  attempts: number;
}

interface Raw {
  id: string;
  plant_id: string | null;
  dedupe_key: string;
  topic: string;
  message_id: string;
  data: string;
  received_at: Date | string;
  attempts: number;
}

const COLUMNS = 'id::text AS id, plant_id, dedupe_key, topic, message_id, data, received_at, attempts';
const toRow = (r: Raw): InboxRow => ({
  id: r.id, plantId: r.plant_id, dedupeKey: r.dedupe_key, topic: r.topic, messageId: r.message_id, data: r.data,
  receivedAt: new Date(r.received_at), attempts: r.attempts,
});

/** Retry back-off after the n-th failed attempt: 10 s, 20 s, 40 s … at most 10 min. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(600, 10 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The DingTalk inbox table (migration 0501): a frame is stored before it is acked and marked
 * processed afterwards. `add` is the only statement on the ack path.
 */
export class DingtalkInbox {
  constructor(private readonly db: Queryable) {}

  /**
   * Stores a frame; null when its dedupe key is already there (a redelivery). The sweep may take
   * it after `graceSeconds` if the in-process attempt has not finished by then.
   */
  async add(e: { dedupeKey: string; topic: string; messageId: string; data: string; plantId: string | null; now: Date; graceSeconds: number }): Promise<InboxRow | null> {
    const r = await this.db.query<Raw>(
      `INSERT INTO dingtalk_inbox (plant_id, dedupe_key, topic, message_id, data, received_at, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6::timestamptz + make_interval(secs => $7)) ON CONFLICT (dedupe_key) DO NOTHING RETURNING ${COLUMNS}`,
      [e.plantId, e.dedupeKey, e.topic, e.messageId, e.data, e.now.toISOString(), e.graceSeconds],
    );
    return r.rows[0] ? toRow(r.rows[0]) : null;
  }

  /**
   * The ack path of a click in ONE statement: finds the card by outTrackId and stores the frame
   * (with the card's plant). `row` is null for a redelivery; `card` is null for a card we never sent.
   */
  async addClick(e: { outTrackId: string; dedupeKey: string; topic: string; messageId: string; data: string; now: Date; graceSeconds: number }): Promise<{ row: InboxRow | null; card: SentCardRow | null }> {
    const r = await this.db.query<SentRow & { inbox_id: string | null; inbox_received_at: Date | string | null }>(
      `WITH card AS (SELECT ${SENT_CARD_COLUMNS} FROM sent_messages WHERE ${BY_OUT_TRACK_ID} LIMIT 1),
       ins AS (
         INSERT INTO dingtalk_inbox (plant_id, dedupe_key, topic, message_id, data, received_at, next_attempt_at)
         VALUES ((SELECT plant_id FROM card), $2, $3, $4, $5, $6, $6::timestamptz + make_interval(secs => $7))
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text AS inbox_id, received_at AS inbox_received_at)
       SELECT ins.inbox_id, ins.inbox_received_at, card.* FROM (SELECT 1) AS one LEFT JOIN ins ON true LEFT JOIN card ON true`,
      [e.outTrackId, e.dedupeKey, e.topic, e.messageId, e.data, e.now.toISOString(), e.graceSeconds],
    );
    const x = r.rows[0];
    const card = x?.id ? toSentCardRow(x, e.outTrackId) : null;
    const row: InboxRow | null = x?.inbox_id
      ? { id: x.inbox_id, plantId: card?.plantId ?? null, dedupeKey: e.dedupeKey, topic: e.topic, messageId: e.messageId, data: e.data, receivedAt: new Date(x.inbox_received_at ?? e.now), attempts: 0 }
      : null;
    return { row, card };
  }

  /** Marks a frame processed. */
  async done(id: string, now: Date): Promise<void> {
    await this.db.query('UPDATE dingtalk_inbox SET processed_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1::bigint', [id, now.toISOString()]);
  }

  /** Records a failed attempt and when to try again. */
  async failed(id: string, error: string, attempts: number, now: Date): Promise<void> {
    const next = new Date(now.getTime() + retryDelaySeconds(attempts + 1) * 1000);
    await this.db.query('UPDATE dingtalk_inbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1::bigint', [id, error.slice(0, 1000), next.toISOString()]);
  }

  /** Unprocessed frames due for a (re)try, oldest first, skipping those that gave up. */
  async due(now: Date, limit: number, maxAttempts: number): Promise<InboxRow[]> {
    const r = await this.db.query<Raw>(
      `SELECT ${COLUMNS} FROM dingtalk_inbox WHERE processed_at IS NULL AND next_attempt_at <= $1 AND attempts < $2 ORDER BY id LIMIT $3`,
      [now.toISOString(), maxAttempts, limit],
    );
    return r.rows.map(toRow);
  }

  /** Unprocessed frames in total (for /readyz). */
  async backlog(): Promise<number> {
    const r = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dingtalk_inbox WHERE processed_at IS NULL');
    return r.rows[0].n;
  }

  /**
   * Deletes processed frames older than `before`. DingTalk redelivers within about a minute, and
   * every effect keeps its own dedupe row in inbound_dedupe, so a week of history is plenty.
   */
  async prune(before: Date): Promise<number> {
    return (await this.db.query('DELETE FROM dingtalk_inbox WHERE processed_at IS NOT NULL AND processed_at < $1', [before.toISOString()])).rowCount;
  }
}
