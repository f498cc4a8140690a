import {
  CardOutcome, DingtalkInbound, ResolvedSender, cardDedupeKey, robotDedupeKey,
} from '../../../../bot/src/adapters/dingtalk/dingtalkInbound';
import type { DingtalkApi } from '../../../../bot/src/adapters/dingtalk/dingtalkApi';
import {
  CardCallbackResponse, CardParamMap, InboundFrame, RobotMessage, TOPIC_CARD_CALLBACK, TOPIC_ROBOT_MESSAGE,
} from '../../../../bot/src/adapters/dingtalk/dingtalkTypes';
import type { BotEvent } from '../../../../bot/src/messenger';
import type { Card } from '../../../../cards/src/model';
import { renderDingtalkCardData } from '../../../../cards/src/render/dingtalk';
import { storeImage } from '../../platform/files/fileService';
import type { ServerDeps } from '../../platform/serverDeps';
import type { DingtalkIdentity } from './dingtalkIdentity';
import type { DingtalkSentCards, SentCardRow } from './dingtalkSentCards';
import { KeyedSerial } from './keyedSerial';

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The stream's frame handler: robot messages and card clicks become BotEvents for the inbound
 * pipeline, whose command transactions store the dedupe keys (a redelivered frame has no second
 * effect). A frame already handled is also remembered (`<key>|done`), so even listeners that
 * only reply (help text) answer once. Every frame it cannot use is logged with what happened
 * and acked, so DingTalk does not redeliver it; only an internal failure (database down) throws,
 * which acks 500 and lets DingTalk deliver again.
 */
export class DingtalkFrameHandler {
  private readonly inbound: DingtalkInbound<SentCardRow>;
  private readonly serial = new KeyedSerial();

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

  /** The FrameHandler given to the stream client. */
  readonly handle = async (frame: InboundFrame): Promise<CardCallbackResponse | null> => {
    if (frame.topic === TOPIC_ROBOT_MESSAGE) {
      await this.onRobotFrame(frame);
      return null;
    }
    if (frame.topic === TOPIC_CARD_CALLBACK) return this.onCardFrame(frame);
    this.deps.log.warn({ topic: frame.topic, messageId: frame.messageId }, 'dingtalk: frame of a topic we do not handle, acked and ignored');
    return null;
  };

  private async isDone(key: string): Promise<boolean> {
    const r = await this.deps.db.query('SELECT 1 FROM inbound_dedupe WHERE platform = $1 AND dedupe_key = $2', ['dingtalk', `${key}|done`]);
    return r.rowCount > 0;
  }

  private async markDone(key: string, plantId: string | null): Promise<void> {
    await this.deps.db.query('INSERT INTO inbound_dedupe (platform, dedupe_key, plant_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', ['dingtalk', `${key}|done`, plantId]);
  }

  private duplicate(key: string, messageId: string): void {
    this.deps.log.info({ dedupeKey: key, messageId }, 'dingtalk: duplicate frame (redelivery), no second effect');
    this.deps.metrics.events.inc({ kind: 'duplicate_inbound' });
  }

  private async onRobotFrame(frame: InboundFrame): Promise<void> {
    const parsed = this.inbound.parseRobot(frame);
    if (!parsed.ok) {
      this.deps.log.warn({ messageId: frame.messageId, reason: parsed.reason }, 'dingtalk: robot message unreadable, acked and ignored');
      this.deps.metrics.events.inc({ kind: 'dingtalk_rejected' });
      return;
    }
    // Per sender, in order: a photo and its caption must reach the draft in the order sent.
    await this.serial.run(parsed.message.senderStaffId, () => this.onRobotMessage(parsed.message, frame));
  }

  private async onRobotMessage(message: RobotMessage, frame: InboundFrame): Promise<void> {
    const key = robotDedupeKey(message.msgId);
    if (await this.isDone(key)) return this.duplicate(key, frame.messageId);
    const out = await this.inbound.robotMessage(message, frame.receivedAt);
    let plantId: string | null = null;
    if (out.outcome === 'unknown_sender') {
      await this.identity.unknownSender(message.senderStaffId, key);
    } else if (out.outcome === 'unsupported') {
      plantId = out.sender.plantId;
      this.deps.log.info({ msgId: message.msgId, msgtype: message.msgtype }, 'dingtalk: unsupported message type, sender told');
      await this.reply(out.sender, message.senderStaffId, key, 'dingtalk.message.unsupported_type');
    } else if (out.outcome === 'events') {
      plantId = out.sender.plantId;
      for (const f of out.failedDownloads) {
        this.deps.log.warn({ msgId: message.msgId, err: errText(f.error) }, 'dingtalk: picture download (downloadCode) failed, sender asked to send it again');
        this.deps.metrics.events.inc({ kind: 'dingtalk_download_failed' });
      }
      if (out.failedDownloads.length > 0) await this.reply(out.sender, message.senderStaffId, key, 'dingtalk.image.download_failed');
      for (const event of out.events) await this.deps.inbound.handle(event);
    }
    await this.markDone(key, plantId);
  }

  private async onCardFrame(frame: InboundFrame): Promise<CardCallbackResponse | null> {
    const key = cardDedupeKey(frame.messageId);
    const done = await this.isDone(key);
    const out = await this.inbound.cardCallback(frame);
    if (out.outcome !== 'event') {
      if (done) this.duplicate(key, frame.messageId);
      else await this.refuseClick(out, key);
      return null;
    }
    if (done) {
      this.duplicate(key, frame.messageId);
    } else {
      await this.serial.run(`card:${out.card.id}`, () => this.deps.inbound.handle(out.event));
      await this.markDone(key, out.card.plantId);
    }
    return this.answerFor(out.card);
  }

  /** Logs (and where someone can be told, replies to) a click that produces no event; remembers it as done. */
  private async refuseClick(out: Exclude<CardOutcome<SentCardRow>, { outcome: 'event' }>, key: string): Promise<void> {
    const log = this.deps.log;
    this.deps.metrics.events.inc({ kind: `dingtalk_card_${out.outcome}` });
    if (out.outcome === 'unreadable') {
      log.warn({ key, reason: out.reason }, 'dingtalk: card callback unreadable, acked and ignored');
      return;
    }
    if (out.outcome === 'unknown_card') {
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
    await this.markDone(key, 'card' in out ? out.card.plantId : null);
  }

  /**
   * The synchronous answer to a click: the card rebuilt from current data for its recipient.
   * Shared data shows no buttons and the recipient's private data holds them, exactly as sent
   * (renderDingtalkCallbackResponse would put live buttons into the shared data). Null (no
   * change) when the card cannot be rebuilt; the refresh job updates it later.
   */
  private async answerFor(row: SentCardRow): Promise<CardCallbackResponse | null> {
    let card: Card | null;
    try {
      card = await this.sentCards.rebuild(row);
    } catch (err) {
      this.deps.log.warn({ err: errText(err), kind: row.cardKind, sentId: row.id }, 'dingtalk: could not rebuild the clicked card; answered without an update');
      return null;
    }
    if (!card) return null;
    const data = renderDingtalkCardData(card, { actorUserIds: [row.userId] });
    const own = data.privateData?.[row.userId]?.cardParamMap ?? {};
    const userPrivate: CardParamMap = Object.fromEntries(Object.entries(own).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return {
      cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
      cardData: { cardParamMap: data.cardData.cardParamMap },
      userPrivateData: { cardParamMap: userPrivate },
    };
  }

  /** A short reply to a known person in their DingTalk chat (through the delivery job), once per frame. */
  private async reply(to: ResolvedSender, userId: string, key: string, messageKey: string): Promise<void> {
    const event: BotEvent = {
      platform: 'dingtalk', plantId: to.plantId, sender: { personId: to.personId, platformUserId: userId }, dedupeKey: key, kind: 'text', receivedAt: this.deps.now(),
    };
    await this.deps.inbound.reply(event, messageKey);
  }
}
