import type { SentCardInfo } from '../../../../bot/src/adapters/dingtalk/dingtalkInbound';
import type { Target } from '../../../../bot/src/messenger';
import type { Card } from '../../../../cards/src/model';
import { isNotice } from '../../../../cards/src/model';
import type { ServerDeps } from '../../platform/serverDeps';

/** The sent_messages columns a card lookup reads (SENT_CARD_COLUMNS). */
export interface SentRow {
  id: string;
  plant_id: string;
  target: Target;
  card_kind: string | null;
  subject_type: string | null;
  subject_id: string | null;
}

/** A DingTalk card we sent, as stored in sent_messages. */
export interface SentCardRow extends SentCardInfo {
  /** sent_messages.id */
  id: string;
  /** Our outTrackId of the card instance. */
  outTrackId: string;
  cardKind: string | null;
  subjectType: string | null;
  subjectId: string | null;
}

/** Columns of SentRow, for queries that join the lookup (the inbox INSERT on the ack path). */
export const SENT_CARD_COLUMNS = 'id, plant_id, target, card_kind, subject_type, subject_id';

/** The SQL condition finding a DingTalk card by outTrackId (uses the index of migration 0500). */
export const BY_OUT_TRACK_ID = "platform = 'dingtalk' AND (sent_ref -> 'ref' ->> 'outTrackId') = $1";

/** A sent_messages row as a SentCardRow; null for group posts (nobody clicks those). */
export function toSentCardRow(row: SentRow, outTrackId: string): SentCardRow | null {
  if (row.target.kind !== 'person') return null;
  return {
    id: row.id, outTrackId, plantId: row.plant_id, personId: row.target.personId, userId: row.target.userId,
    cardKind: row.card_kind, subjectType: row.subject_type, subjectId: row.subject_id,
  };
}

/**
 * Looks up DingTalk cards by outTrackId (index from migration 0500) and rebuilds a card for its
 * recipient after a click, so the callback answer shows the new state at once.
 */
export class DingtalkSentCards {
  constructor(private readonly deps: Pick<ServerDeps, 'db' | 'cards' | 'directory' | 'publicUrl' | 'log'>) {}

  /** The card sent with this outTrackId, or null (never ours, or replaced by a resend). */
  async find(outTrackId: string): Promise<SentCardRow | null> {
    const r = await this.deps.db.query<SentRow>(`SELECT ${SENT_CARD_COLUMNS} FROM sent_messages WHERE ${BY_OUT_TRACK_ID}`, [outTrackId]);
    return r.rows[0] ? toSentCardRow(r.rows[0], outTrackId) : null;
  }

  /**
   * Rebuilds the card for its recipient from current data with the next card version (the same
   * step the refresh job takes), or null when it is not a card or its kind has no builder.
   */
  async rebuild(row: SentCardRow): Promise<Card | null> {
    if (!row.cardKind || !row.subjectId) return null;
    const viewer = await this.deps.directory.person(row.plantId, row.personId);
    if (!viewer) return null;
    const bumped = await this.deps.db.query<{ card_version: number }>(
      'UPDATE sent_messages SET card_version = card_version + 1, updated_at = now() WHERE id = $1 RETURNING card_version',
      [row.id],
    );
    const cardVersion = bumped.rows[0]?.card_version;
    if (cardVersion === undefined) return null;
    const built = await this.deps.cards.get(row.cardKind)({
      q: this.deps.db, plantId: row.plantId, viewer, locale: viewer.locale, timezone: await this.deps.directory.timezone(row.plantId),
      subjectId: row.subjectId, params: {}, publicUrl: this.deps.publicUrl, cardVersion,
    });
    return built && !isNotice(built) ? built : null;
  }
}
