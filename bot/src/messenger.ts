import type { ActionRef } from '../../cards/src/actionRef';
import type { Card, Notice } from '../../cards/src/model';

/** The chat platforms we speak. */
export type Platform = 'sandbox' | 'wecom' | 'dingtalk';

/** Where a message goes: a named person, or a group (notices only). */
export type Target =
  | { kind: 'person'; plantId: string; platform: Platform; personId: string; userId: string; locale: string }
  | { kind: 'group'; plantId: string; platform: Platform; groupId: string; chatId?: string; robotKey?: string; locale: string };

/** What is sent: plain text, an interactive card (to people) or a notice (to groups). */
export type OutboundContent = { type: 'text'; text: string } | { type: 'card'; card: Card } | { type: 'notice'; notice: Notice };

/**
 * Opaque, platform-specific reference to a sent message (WeCom msgid + response_code,
 * DingTalk outTrackId, Sandbox message id), stored with the card's subject.
 */
export interface SentRef {
  platform: Platform;
  ref: Record<string, unknown>;
}

/** The one interface every platform adapter implements for outbound messages. */
export interface Messenger {
  readonly platform: Platform;
  send(target: Target, content: OutboundContent, opts: { deliveryId: string }): Promise<SentRef>;
  /**
   * Updates a card in place where the platform allows; 'resend_required' when it does not
   * (WeCom's response_code is single use and lives 72 h), so the caller sends a fresh card.
   */
  update(ref: SentRef, card: Card): Promise<'updated' | 'resend_required'>;
}

/** An inbound message or click, verified and parsed by an adapter; listeners never see raw payloads. */
export interface BotEvent {
  platform: Platform;
  plantId: string;
  /** The verified sender, already resolved to a person of the plant. */
  sender: { personId: string; platformUserId: string };
  /** Unique per platform delivery; stored with a unique constraint in the handling transaction. */
  dedupeKey: string;
  kind: 'text' | 'image' | 'location' | 'action';
  text?: string;
  image?: { fileId: string };
  location?: { lat: number; lng: number; datum: 'WGS-84' | 'GCJ-02' | 'BD-09'; label?: string };
  action?: ActionRef;
  /** For select cards: question id → chosen option ids. */
  selections?: Record<string, string[]>;
  /** The platform's reference to the card that was clicked, for in-place updates. */
  sentRef?: SentRef;
  /** Platform retry counter when the platform tells it. */
  retryNum?: number;
  receivedAt: Date;
}
