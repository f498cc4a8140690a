import { cardDedupeKey, robotDedupeKey } from '../../../../bot/src/adapters/dingtalk/dingtalkInbound';
import type { DingtalkMessenger, DingtalkRef } from '../../../../bot/src/adapters/dingtalk/dingtalkMessenger';
import {
  CardCallbackResponse, CardParamMap, InboundFrame, TOPIC_CARD_CALLBACK, TOPIC_ROBOT_MESSAGE,
} from '../../../../bot/src/adapters/dingtalk/dingtalkTypes';
import { parseCardCallback } from '../../../../bot/src/adapters/dingtalk/parseCardCallback';
import { t } from '../../../../cards/src/i18n/catalogue';
import type { Card } from '../../../../cards/src/model';
import { renderDingtalkCardData } from '../../../../cards/src/render/dingtalk';
import type { ServerDeps } from '../../platform/serverDeps';
import type { DingtalkInbox, InboxRow } from './dingtalkInbox';
import type { ClickResult, DingtalkProcessor } from './dingtalkProcessor';
import type { SentCardRow } from './dingtalkSentCards';
import { KeyedSerial } from '../../platform/concurrency/keyedSerial';
import { WorkPool } from './workPool';

/** Timing of the frame handler. */
export interface FrameHandlerOptions {
  /** How long a click's ack waits for its processing, to answer with the updated card. */
  answerBudgetMs: number;
  /** Frames processed at once (the backlog waits in the inbox, not in the database's queue). */
  concurrency: number;
  /** Above this many frames a second, processing drops to `burstConcurrency` so the acks keep their deadline. */
  burstPerSecond: number;
  /** Frames processed at once during a burst; 0 pauses processing until the burst is over. */
  burstConcurrency: number;
  /** After a "processing" answer, how long the command's own card refresh may take before the handler updates the card itself. */
  lateUpdateMs: number;
  /** Period of the sweep that retries unprocessed frames (crash, failure). */
  sweepMs: number;
  /** Attempts after which a frame is left for an operator (logged as an error). */
  maxAttempts: number;
}

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function frameOf(row: InboxRow): InboundFrame {
  return { type: 'CALLBACK', topic: row.topic, messageId: row.messageId, headers: { topic: row.topic, messageId: row.messageId }, data: row.data, receivedAt: row.receivedAt };
}

function within<T>(p: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ done: false }>((resolve) => { timer = setTimeout(() => resolve({ done: false }), ms); });
  return Promise.race([p.then((value) => ({ done: true as const, value })), late]).finally(() => clearTimeout(timer));
}

/** Only string values (a Partial param map may hold undefined). */
function strings(m: Record<string, string | undefined>): CardParamMap {
  return Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * The stream's frame handler. The ack path does one INSERT into the inbox (unique dedupe key: a
 * redelivered frame stops there; frames arriving together share one statement) and hands the frame to processing; robot messages are acked at
 * once, card clicks wait up to `answerBudgetMs` so the answer can carry the updated card. A click
 * still processing by then is answered with the clicker's buttons replaced by "processing", and
 * the card is updated through the API when processing ends. Processing runs in order per DingTalk
 * user, a few users at a time; the leader's sweep retries what was left.
 */
export class DingtalkFrameHandler {
  private readonly serial = new KeyedSerial();
  private readonly pool: WorkPool;
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** Arrival times (ms) of the frames of the last second. */
  private readonly arrivals: number[] = [];
  /** When processing of a frame last started (ms). */
  private lastStart = Date.now();
  private sweeper?: NodeJS.Timeout;
  private kicker?: NodeJS.Timeout;
  private readonly lateTimers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly deps: ServerDeps,
    private readonly inbox: DingtalkInbox,
    private readonly processor: DingtalkProcessor,
    private readonly messenger: Pick<DingtalkMessenger, 'update' | 'updatedSince'>,
    private readonly o: FrameHandlerOptions,
  ) {
    this.pool = new WorkPool(() => this.limit());
  }

  /**
   * How many frames may be processed at once now. Once stopping, all (they return at once, leaving
   * their frames to the sweep). In a burst, `burstConcurrency`, but a pause never lasts more than
   * 2 s: a burst that does not end must not starve processing.
   */
  private limit(): number {
    if (this.stopped) return Number.MAX_SAFE_INTEGER;
    if (this.recentFrames() <= this.o.burstPerSecond) return this.o.concurrency;
    return this.o.burstConcurrency > 0 || Date.now() - this.lastStart < 2000 ? this.o.burstConcurrency : 1;
  }

  private recentFrames(): number {
    const now = Date.now();
    while (this.arrivals.length > 0 && now - this.arrivals[0] > 1000) this.arrivals.shift();
    return this.arrivals.length;
  }

  /** The FrameHandler given to the stream client. */
  readonly handle = async (frame: InboundFrame): Promise<CardCallbackResponse | null> => {
    this.arrivals.push(Date.now());
    if (frame.topic === TOPIC_ROBOT_MESSAGE) return this.onRobot(frame);
    if (frame.topic === TOPIC_CARD_CALLBACK) return this.onClick(frame);
    this.deps.log.warn({ topic: frame.topic, messageId: frame.messageId }, 'dingtalk: frame of a topic we do not handle, acked and ignored');
    return null;
  };

  private duplicate(dedupeKey: string, messageId: string): void {
    this.deps.log.info({ dedupeKey, messageId }, 'dingtalk: duplicate frame (redelivery), no second effect');
    this.deps.metrics.events.inc({ kind: 'duplicate_inbound' });
  }

  private async onRobot(frame: InboundFrame): Promise<null> {
    const parsed = this.processor.parseRobot(frame);
    if (!parsed.ok) {
      this.deps.log.warn({ messageId: frame.messageId, reason: parsed.reason }, 'dingtalk: robot message unreadable, acked and ignored');
      this.deps.metrics.events.inc({ kind: 'dingtalk_rejected' });
      return null;
    }
    const dedupeKey = robotDedupeKey(parsed.message.msgId);
    const { row } = await this.inbox.store({ dedupeKey, topic: frame.topic, messageId: frame.messageId, data: frame.data });
    if (row) void this.schedule(row);
    else this.duplicate(dedupeKey, frame.messageId);
    return null;
  }

  private async onClick(frame: InboundFrame): Promise<CardCallbackResponse | null> {
    const parsed = parseCardCallback(frame.data);
    if (!parsed.ok) {
      this.deps.log.warn({ messageId: frame.messageId, reason: parsed.reason }, 'dingtalk: card callback unreadable, acked and ignored');
      this.deps.metrics.events.inc({ kind: 'dingtalk_rejected' });
      return null;
    }
    const dedupeKey = cardDedupeKey(frame.messageId);
    const { row, card } = await this.inbox.store({ outTrackId: parsed.value.outTrackId, dedupeKey, topic: frame.topic, messageId: frame.messageId, data: frame.data });
    if (!row) {
      this.duplicate(dedupeKey, frame.messageId);
      return null;
    }
    // Wait for the result only when it can start now; behind a backlog it could not arrive in time.
    const free = this.pool.free && !this.serial.busy(this.keyOf(row));
    const budget = free ? this.o.answerBudgetMs : 0;
    const work = this.schedule(row) as Promise<ClickResult | null | void>;
    const first = budget > 0 ? await within(work, budget) : { done: false as const };
    if (first.done) return first.value?.card ? this.answer(first.value.row, first.value.card) : null;
    void work.then((late) => this.updateLate(late));
    return card && card.userId === parsed.value.userId ? this.processingAnswer(card) : null;
  }

  /** The synchronous answer: shared data without buttons, the clicker's private data with theirs (as sent). */
  private answer(row: SentCardRow, card: Card): CardCallbackResponse {
    const data = renderDingtalkCardData(card, { actorUserIds: [row.userId] });
    return {
      cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
      cardData: { cardParamMap: data.cardData.cardParamMap },
      userPrivateData: { cardParamMap: strings(data.privateData?.[row.userId]?.cardParamMap ?? {}) },
    };
  }

  /** The clicker's buttons give way to "processing" until the card is updated. */
  private async processingAnswer(row: SentCardRow): Promise<CardCallbackResponse> {
    const locale = (await this.deps.directory.person(row.plantId, row.personId))?.locale ?? 'zh-CN';
    return {
      cardUpdateOptions: { updatePrivateDataByKey: true },
      userPrivateData: {
        cardParamMap: { status: t(locale, 'dingtalk.card.processing'), finished: 'false', show_actions: 'false', buttons: '[]', selects: '[]', submit_label: '', submit_ref: '' },
      },
    };
  }

  /**
   * After a "processing" answer: the command's card refresh normally updates the card; if it has
   * not within `lateUpdateMs` (a refused click changes nothing, so nothing refreshes), the card is
   * updated here, so the clicker never keeps a "processing" card. One update, not two, per click.
   */
  private updateLate(result: ClickResult | null | void): void {
    if (!result?.card || this.stopped) return;
    const { row, card } = result;
    const doneAt = Date.now();
    const timer = setTimeout(() => {
      this.lateTimers.delete(timer);
      if (this.messenger.updatedSince(row.outTrackId, doneAt)) return;
      const ref: DingtalkRef = { type: 'card', outTrackId: row.outTrackId, userId: row.userId };
      this.messenger.update({ platform: 'dingtalk', ref }, card).then((outcome) => {
        if (outcome !== 'updated') this.deps.log.warn({ outTrackId: row.outTrackId }, 'dingtalk: clicked card could not be updated in place; the refresh job resends it');
      }, (err: unknown) => {
        this.deps.log.warn({ err: errText(err), outTrackId: row.outTrackId }, 'dingtalk: late card update failed; the next refresh will update it');
      });
    }, this.o.lateUpdateMs);
    this.lateTimers.add(timer);
  }

  /** Processes a stored frame once per process at a time; marks it done, or failed for the sweep. */
  private schedule(row: InboxRow): Promise<unknown> {
    const running = this.inflight.get(row.id);
    if (running) return running;
    const p = this.serial.run(this.keyOf(row), () => this.pool.run(async () => {
      // Stopping (leadership lost, shutdown): leave queued frames to the next leader's sweep.
      if (this.stopped) return null;
      this.lastStart = Date.now();
      try {
        const result = await this.process(row);
        await this.inbox.done(row.id, this.deps.now());
        return result;
      } catch (err) {
        const last = row.attempts + 1 >= this.o.maxAttempts;
        this.deps.log[last ? 'error' : 'warn']({ err: errText(err), inboxId: row.id, dedupeKey: row.dedupeKey, attempts: row.attempts + 1 },
          last ? 'dingtalk: frame processing failed for the last time; left in dingtalk_inbox for an operator' : 'dingtalk: frame processing failed; it will be retried');
        await this.inbox.failed(row.id, errText(err), row.attempts, this.deps.now()).catch((e: unknown) => this.deps.log.error({ err: errText(e) }, 'dingtalk: could not record the failure'));
        return null;
      }
    }));
    this.inflight.set(row.id, p);
    void p.finally(() => this.inflight.delete(row.id));
    return p;
  }

  /**
   * One queue per DingTalk user for messages and clicks alike: a photo and its caption, or a
   * "rectified" click and the after-photo, reach the conversation in the order they were sent.
   */
  private keyOf(row: InboxRow): string {
    try {
      const d = JSON.parse(row.data) as { senderStaffId?: unknown; userId?: unknown };
      if (row.topic === TOPIC_ROBOT_MESSAGE && typeof d.senderStaffId === 'string') return `user:${d.senderStaffId}`;
      if (row.topic === TOPIC_CARD_CALLBACK && typeof d.userId === 'string') return `user:${d.userId}`;
    } catch {
      // Unparseable data is refused by the processor; it only needs some key here.
      return row.dedupeKey;
    }
    return row.dedupeKey;
  }

  private async process(row: InboxRow): Promise<ClickResult | null | void> {
    const frame = frameOf(row);
    if (row.topic === TOPIC_CARD_CALLBACK) return this.processor.card(frame);
    const parsed = this.processor.parseRobot(frame);
    if (parsed.ok) await this.processor.robot(parsed.message, frame);
  }

  /** Retries frames left unprocessed (a crash, a failure); runs now and every `sweepMs`. */
  startSweeping(): void {
    this.stopped = false;
    if (this.sweeper) return;
    const tick = () => void this.sweep().catch((err: unknown) => this.deps.log.warn({ err: errText(err) }, 'dingtalk: inbox sweep failed'));
    tick();
    this.sweeper = setInterval(tick, this.o.sweepMs);
    // A burst lowers the pool's limit; nothing else would notice that it is over.
    this.kicker = setInterval(() => this.pool.kick(), 250);
  }

  /** One sweep: schedules every due frame not already being processed; prunes old processed ones. */
  async sweep(): Promise<number> {
    const now = this.deps.now();
    const due = (await this.inbox.due(now, 200, this.o.maxAttempts)).filter((r) => !this.inflight.has(r.id));
    if (due.length > 0) this.deps.log.info({ frames: due.length }, 'dingtalk: retrying frames left unprocessed');
    await Promise.all(due.map((r) => this.schedule(r)));
    await this.inbox.prune(new Date(now.getTime() - 7 * 86_400_000));
    return due.length;
  }

  /** Stops sweeping, lets queued frames wait for the next leader, and waits (up to `drainMs`) for those running. */
  async stop(drainMs = 5000): Promise<void> {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.kicker) clearInterval(this.kicker);
    this.sweeper = undefined;
    this.kicker = undefined;
    for (const t of this.lateTimers) clearTimeout(t);
    this.lateTimers.clear();
    this.pool.kick();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inflight.values()]), new Promise<void>((r) => { timer = setTimeout(r, drainMs); })]);
    clearTimeout(timer);
  }

  /** Frames being processed or waiting for a slot in this process. */
  get load(): number {
    return this.pool.load;
  }
}
