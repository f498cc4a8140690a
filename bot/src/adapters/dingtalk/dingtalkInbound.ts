import { decodeDingtalkCallbackParams } from '../../../../cards/src/render/dingtalk';
import type { BotEvent, SentRef } from '../../messenger';
import type { DingtalkRef } from './dingtalkMessenger';
import type { CardCallback, InboundFrame, RobotMessage } from './dingtalkTypes';
import { parseCardCallback } from './parseCardCallback';
import { parseRobotMessage } from './parseRobotMessage';

/** A DingTalk user resolved to a person of a plant. */
export interface ResolvedSender {
  plantId: string;
  personId: string;
}

/** A card we sent, found by its outTrackId: who it went to. */
export interface SentCardInfo {
  plantId: string;
  /** The person the card was delivered to. */
  personId: string;
  /** Their DingTalk userId (the only one who may click). */
  userId: string;
}

/** What the inbound translator needs from the server (injected: bot/ has no SQL); `C` is the server's card record. */
export interface DingtalkInboundDeps<C extends SentCardInfo = SentCardInfo> {
  /** The person behind a DingTalk userId, or null when no plant knows them. */
  resolveSender(userId: string): Promise<ResolvedSender | null>;
  /** The card we delivered with this outTrackId, or null when we never sent it. */
  findCard(outTrackId: string): Promise<C | null>;
  /** Downloads a picture by downloadCode and stores it like any photo; returns the file id. Throws when it fails. */
  storePicture(downloadCode: string, sender: ResolvedSender, msgId: string): Promise<string>;
  now(): Date;
}

/** The outcome of a robot message frame. */
export type RobotOutcome =
  | { outcome: 'events'; message: RobotMessage; sender: ResolvedSender; events: BotEvent[]; failedDownloads: Array<{ downloadCode: string; error: unknown }> }
  | { outcome: 'unreadable'; reason: string }
  | { outcome: 'unknown_sender'; message: RobotMessage }
  | { outcome: 'unsupported'; message: RobotMessage; sender: ResolvedSender };

/** The outcome of a card callback frame. */
export type CardOutcome<C extends SentCardInfo = SentCardInfo> =
  | { outcome: 'event'; callback: CardCallback; card: C; event: BotEvent }
  | { outcome: 'unreadable'; reason: string }
  | { outcome: 'unknown_card'; callback: CardCallback }
  | { outcome: 'unknown_sender'; callback: CardCallback; card: C }
  | { outcome: 'not_recipient'; callback: CardCallback; card: C; clicker: ResolvedSender }
  | { outcome: 'no_action'; callback: CardCallback; card: C; sender: ResolvedSender };

/** Dedupe key of a robot message: its msgId (redeliveries keep it). */
export function robotDedupeKey(msgId: string): string {
  return `robot:${msgId}`;
}

/** Dedupe key of a card callback: the frame's messageId (a redelivered frame keeps it; a second click gets a new one). */
export function cardDedupeKey(messageId: string): string {
  return `card:${messageId}`;
}

/**
 * Turns DingTalk frames into BotEvents: parses, resolves the sender to a person, downloads
 * pictures, decodes card clicks into ActionRefs. Decides nothing about the domain; every case
 * it cannot turn into an event comes back as a named outcome the caller logs and answers.
 */
export class DingtalkInbound<C extends SentCardInfo = SentCardInfo> {
  constructor(private readonly deps: DingtalkInboundDeps<C>) {}

  /** Parses a robot message frame's data (pure step, exposed so the caller can serialize per sender). */
  parseRobot(frame: InboundFrame): { ok: true; message: RobotMessage } | { ok: false; reason: string } {
    const parsed = parseRobotMessage(frame.data);
    return parsed.ok ? { ok: true, message: parsed.value } : { ok: false, reason: parsed.reason };
  }

  /** A robot message → text and image events (a richText message gives its pictures first, then its text). */
  async robotMessage(message: RobotMessage, receivedAt: Date = this.deps.now()): Promise<RobotOutcome> {
    const sender = await this.deps.resolveSender(message.senderStaffId);
    if (!sender) return { outcome: 'unknown_sender', message };
    const base = {
      platform: 'dingtalk' as const, plantId: sender.plantId,
      sender: { personId: sender.personId, platformUserId: message.senderStaffId }, receivedAt,
    };
    const key = robotDedupeKey(message.msgId);
    const c = message.content;
    if (c.kind === 'unsupported') return { outcome: 'unsupported', message, sender };
    if (c.kind === 'text') {
      if (c.text === '') return { outcome: 'unsupported', message, sender };
      return { outcome: 'events', message, sender, events: [{ ...base, dedupeKey: key, kind: 'text', text: c.text }], failedDownloads: [] };
    }
    const codes = c.kind === 'picture' ? [c.downloadCode] : c.downloadCodes;
    const events: BotEvent[] = [];
    const failedDownloads: Array<{ downloadCode: string; error: unknown }> = [];
    for (const [i, code] of codes.entries()) {
      try {
        const fileId = await this.deps.storePicture(code, sender, message.msgId);
        // One picture keeps the plain key; several get a suffix each so each is deduped on its own.
        events.push({ ...base, dedupeKey: codes.length === 1 ? key : `${key}#${i}`, kind: 'image', image: { fileId } });
      } catch (error) {
        failedDownloads.push({ downloadCode: code, error });
      }
    }
    if (c.kind === 'richText' && c.text !== '') events.push({ ...base, dedupeKey: `${key}#text`, kind: 'text', text: c.text });
    return { outcome: 'events', message, sender, events, failedDownloads };
  }

  /** A card callback → an action event, when the card is ours, the clicker is its recipient and the params carry an action. */
  async cardCallback(frame: InboundFrame): Promise<CardOutcome<C>> {
    const parsed = parseCardCallback(frame.data);
    if (!parsed.ok) return { outcome: 'unreadable', reason: parsed.reason };
    const callback = parsed.value;
    const card = await this.deps.findCard(callback.outTrackId);
    if (!card) return { outcome: 'unknown_card', callback };
    if (callback.userId !== card.userId) {
      const clicker = await this.deps.resolveSender(callback.userId);
      return clicker ? { outcome: 'not_recipient', callback, card, clicker } : { outcome: 'unknown_sender', callback, card };
    }
    const sender: ResolvedSender = { plantId: card.plantId, personId: card.personId };
    const decoded = decodeDingtalkCallbackParams(callback.params);
    if (!decoded.ref) return { outcome: 'no_action', callback, card, sender };
    const ref: DingtalkRef = { type: 'card', outTrackId: callback.outTrackId, userId: card.userId };
    const sentRef: SentRef = { platform: 'dingtalk', ref };
    const event: BotEvent = {
      platform: 'dingtalk', plantId: card.plantId, sender: { personId: card.personId, platformUserId: callback.userId },
      dedupeKey: cardDedupeKey(frame.messageId), kind: 'action', action: decoded.ref, selections: decoded.selections,
      sentRef, receivedAt: frame.receivedAt,
    };
    return { outcome: 'event', callback, card, event };
  }
}
