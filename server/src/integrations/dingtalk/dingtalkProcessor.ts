import { CardOutcome, DingtalkInbound, ResolvedSender } from '../../../../bot/src/adapters/dingtalk/dingtalkInbound';
import type { DingtalkApi } from '../../../../bot/src/adapters/dingtalk/dingtalkApi';
import type { InboundFrame, RobotMessage } from '../../../../bot/src/adapters/dingtalk/dingtalkTypes';
import type { BotEvent } from '../../../../bot/src/messenger';
import type { Card } from '../../../../cards/src/model';
import { storeImage } from '../../platform/files/fileService';
import type { ServerDeps } from '../../platform/serverDeps';
import type { DingtalkIdentity } from './dingtalkIdentity';
import type { DingtalkSentCards, SentCardRow } from './dingtalkSentCards';

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A processed click: the card it was on and that card rebuilt from current data (null: nothing to show). */
export interface ClickResult {
  row: SentCardRow;
  card: Card | null;
}

/**
 * Processes stored frames (off the ack path): robot messages and card clicks become BotEvents for
 * the inbound pipeline, whose command transactions store the events' dedupe keys, so a frame
 * processed twice (crash between the effect and the inbox mark) has no second effect. Every frame
 * it cannot use is logged with what happened and, where someone can be told, answered. Only an
 * internal failure (database down) throws; the inbox then retries.
 */
export class DingtalkProcessor {
  private readonly inbound: DingtalkInbound<SentCardRow>;

  constructor(
    private readonly deps: ServerDeps,
    api: Pick<DingtalkApi, 'downloadMessageFile'>,
    private readonly identity: DingtalkIdentity,
    private readonly sentCards: DingtalkSentCards,
  ) {
    this.inbound = new DingtalkInbound<SentCardRow>({
      resolveSender: (userId) => identity.resolve(userId),
      findCard: (outTrackId) => sentCards.find(outTrackId),
      storePicture: async (downloadCode, sender, msgId) => {
        const { bytes } = await api.downloadMessageFile(downloadCode);
        const stored = await storeImage(deps.db, deps.blobs, {
          plantId: sender.plantId, bytes, originalName: `dingtalk-${msgId}`, uploadedBy: sender.personId, maxBytes: deps.env.UPLOAD_LIMIT_BYTES,
        });
        return stored.id;
      },
      now: deps.now,
    });
  }

  /** Parses a robot message frame (no I/O). */
  parseRobot(frame: InboundFrame) {
    return this.inbound.parseRobot(frame);
  }

  /** A robot message: events to the pipeline, or the reply that explains why there are none. */
  async robot(message: RobotMessage, frame: InboundFrame): Promise<void> {
    const key = `robot:${message.msgId}`;
    const out = await this.inbound.robotMessage(message, frame.receivedAt);
    if (out.outcome === 'unknown_sender') {
      await this.identity.unknownSender(message.senderStaffId, key);
    } else if (out.outcome === 'unsupported') {
      this.deps.log.info({ msgId: message.msgId, msgtype: message.msgtype }, 'dingtalk: unsupported message type, sender told');
      await this.reply(out.sender, message.senderStaffId, key, 'dingtalk.message.unsupported_type');
    } else if (out.outcome === 'events') {
      for (const f of out.failedDownloads) {
        this.deps.log.warn({ msgId: message.msgId, err: errText(f.error) }, 'dingtalk: picture download (downloadCode) failed, sender asked to send it again');
        this.deps.metrics.events.inc({ kind: 'dingtalk_download_failed' });
      }
      if (out.failedDownloads.length > 0) await this.reply(out.sender, message.senderStaffId, key, 'dingtalk.image.download_failed');
      for (const event of out.events) await this.deps.inbound.handle(event);
    }
  }

  /** A card click: the action event to the pipeline, then the card rebuilt for the answer; null when there is no card of the clicker's to show. */
  async card(frame: InboundFrame): Promise<ClickResult | null> {
    const out = await this.inbound.cardCallback(frame);
    if (out.outcome !== 'event') {
      await this.refuseClick(out, `card:${frame.messageId}`);
      // The recipient's own click without an action: their card is shown as it is (no stuck "processing").
      return out.outcome === 'no_action' ? this.rebuilt(out.card) : null;
    }
    await this.deps.inbound.handle(out.event);
    return this.rebuilt(out.card);
  }

  private async rebuilt(row: SentCardRow): Promise<ClickResult> {
    try {
      return { row, card: await this.sentCards.rebuild(row) };
    } catch (err) {
      this.deps.log.warn({ err: errText(err), kind: row.cardKind, sentId: row.id }, 'dingtalk: could not rebuild the clicked card; the refresh job will update it');
      return { row, card: null };
    }
  }

  /** Logs (and where someone can be told, replies to) a click that produces no event. */
  private async refuseClick(out: Exclude<CardOutcome<SentCardRow>, { outcome: 'event' }>, key: string): Promise<void> {
    const log = this.deps.log;
    this.deps.metrics.events.inc({ kind: `dingtalk_card_${out.outcome}` });
    if (out.outcome === 'unreadable') {
      log.warn({ key, reason: out.reason }, 'dingtalk: card callback unreadable, acked and ignored');
    } else if (out.outcome === 'unknown_card') {
      log.warn({ outTrackId: out.callback.outTrackId, userId: out.callback.userId }, 'dingtalk: card callback for a card we never sent (or one replaced by a newer card); no effect');
      const clicker = await this.identity.resolve(out.callback.userId);
      if (clicker) await this.reply(clicker, out.callback.userId, key, 'dingtalk.card.expired');
    } else if (out.outcome === 'unknown_sender') {
      await this.identity.unknownSender(out.callback.userId, key);
    } else if (out.outcome === 'not_recipient') {
      log.warn({ outTrackId: out.callback.outTrackId, clicker: out.callback.userId, recipient: out.card.userId }, 'dingtalk: card clicked by someone it was not sent to; refused, no effect');
      await this.reply(out.clicker, out.callback.userId, key, 'dingtalk.card.not_yours');
    } else {
      log.warn({ outTrackId: out.callback.outTrackId, params: Object.keys(out.callback.params) }, 'dingtalk: card callback without a valid action ref (check the template\'s callback params); no effect');
    }
  }

  /** A short reply to a known person in their DingTalk chat (through the delivery job). */
  private async reply(to: ResolvedSender, userId: string, key: string, messageKey: string): Promise<void> {
    const event: BotEvent = {
      platform: 'dingtalk', plantId: to.plantId, sender: { personId: to.personId, platformUserId: userId }, dedupeKey: key, kind: 'text', receivedAt: this.deps.now(),
    };
    await this.deps.inbound.reply(event, messageKey);
  }
}
