import type { Queryable } from '../../platform/db/db';
import { SentCardRow, SentRow, toSentCardRow } from './dingtalkSentCards';
import { GroupCommit } from './groupCommit';

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

/** A frame as the ack path stores it; `outTrackId` for card clicks. */
export interface FrameToStore {
  dedupeKey: string;
  topic: string;
  messageId: string;
  data: string;
  outTrackId?: string;
}

/** What storing a frame gave: the inbox row (null: a redelivery) and the clicked card (null: none of ours). */
export interface Stored {
  row: InboxRow | null;
  card: SentCardRow | null;
}

/** Retry back-off after the n-th failed attempt: 10 s, 20 s, 40 s … at most 10 min. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(600, 10 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The DingTalk inbox table (migration 0501): a frame is stored before it is acked and marked
 * processed afterwards. `store` is the only statement on the ack path.
 */
export class DingtalkInbox {
  private readonly batcher = new GroupCommit<FrameToStore, Stored>((frames) => this.storeBatch(frames));

  constructor(private readonly db: Queryable, private readonly now: () => Date, private readonly graceSeconds: number) {}

  /**
   * The ack path in ONE statement per batch (group commit, see GroupCommit): stores frames and,
   * for clicks, finds their cards by outTrackId (the card's plant is stored with the frame).
   * `row` is null for a redelivery (dedupe key already there, or twice in one batch); `card` is
   * null for a message or a card we never sent. The sweep may take a frame after `graceSeconds`
   * if its in-process attempt has not finished by then.
   */
  store(frame: FrameToStore): Promise<Stored> {
    return this.batcher.submit(frame);
  }

  private async storeBatch(frames: FrameToStore[]): Promise<Stored[]> {
    // The same frame twice in one batch: only its first occurrence counts as stored.
    const seen = new Set<string>();
    const first = frames.map((f) => {
      const fresh = !seen.has(f.dedupeKey);
      seen.add(f.dedupeKey);
      return fresh;
    });
    const now = this.now();
    const r = await this.db.query<SentRow & { ord: number; inbox_id: string | null; inbox_received_at: Date | string | null }>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS t(out_track_id, dedupe_key, topic, message_id, data, ord)),
       card AS (
         SELECT DISTINCT ON (i.ord) i.ord AS card_ord, s.id, s.plant_id, s.target, s.card_kind, s.subject_type, s.subject_id
         FROM input i JOIN sent_messages s ON s.platform = 'dingtalk' AND (s.sent_ref -> 'ref' ->> 'outTrackId') = i.out_track_id),
       ins AS (
         INSERT INTO dingtalk_inbox (plant_id, dedupe_key, topic, message_id, data, received_at, next_attempt_at)
         SELECT c.plant_id, i.dedupe_key, i.topic, i.message_id, i.data, $7::timestamptz, $7::timestamptz + make_interval(secs => $8)
         FROM input i LEFT JOIN card c ON c.card_ord = i.ord ORDER BY i.ord
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id::text AS inbox_id, dedupe_key AS ins_key, received_at AS inbox_received_at)
       SELECT i.ord, ins.inbox_id, ins.inbox_received_at, c.id, c.plant_id, c.target, c.card_kind, c.subject_type, c.subject_id
       FROM input i LEFT JOIN ins ON ins.ins_key = i.dedupe_key LEFT JOIN card c ON c.card_ord = i.ord ORDER BY i.ord`,
      [
        frames.map((f) => f.outTrackId ?? null), frames.map((f) => f.dedupeKey), frames.map((f) => f.topic), frames.map((f) => f.messageId),
        frames.map((f) => f.data), frames.map((_, i) => i), now.toISOString(), this.graceSeconds,
      ],
    );
    const byOrd = new Map(r.rows.map((x) => [Number(x.ord), x]));
    return frames.map((f, i) => {
      const x = byOrd.get(i);
      const card = x?.id && f.outTrackId ? toSentCardRow(x, f.outTrackId) : null;
      const row: InboxRow | null = x?.inbox_id && first[i]
        ? { id: x.inbox_id, plantId: card?.plantId ?? null, dedupeKey: f.dedupeKey, topic: f.topic, messageId: f.messageId, data: f.data, receivedAt: new Date(x.inbox_received_at ?? now), attempts: 0 }
        : null;
      return { row, card };
    });
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
