import { decodeActionRef } from '../../../../cards/src/actionRef';
import type { BotEvent } from '../../messenger';
import { WecomMediaNotFoundError } from './wecomErrors';
import type { WecomSentRefData } from './wecomMessengerTypes';
import type { WecomInboundMessage, WecomMedia } from './wecomTypes';

/** A WeCom member resolved to a person of a plant. */
export interface WecomSender {
  plantId: string;
  personId: string;
}

/** What the conversion needs from the server (injected: bot/ has no SQL and reads no files). */
export interface WecomInboundDeps {
  /** The plant person behind a verified WeCom UserID, or null when no plant knows them. */
  resolveSender(userId: string): Promise<WecomSender | null>;
  /** Downloads a photo by MediaId (media/get); throws WecomMediaNotFoundError for an unknown id. */
  fetchMedia(mediaId: string): Promise<WecomMedia>;
  /** Stores the photo like any upload (content-addressed, hashed); null when it is not an accepted image. */
  storeImage(sender: WecomSender, media: WecomMedia): Promise<string | null>;
  now(): Date;
}

/** What to do with one callback. */
export type WecomInboundOutcome =
  | { type: 'event'; event: BotEvent }
  /** The sender is not in any plant: tell them, and tell the admins. */
  | { type: 'unknown_sender'; userId: string }
  /** A short reply to a known sender (help for types we do not handle, an expired photo). */
  | { type: 'reply'; sender: WecomSender; messageKey: string }
  | { type: 'ignore'; reason: string };

/**
 * Turns a verified, decrypted WeCom message into the platform-neutral BotEvent the router takes.
 * Listeners never see WeCom payloads: text, photos (stored first), locations and card clicks
 * (action decoded from the button key, selections from SelectedItems) all arrive as BotEvents.
 */
export async function toBotEvent(msg: WecomInboundMessage, dedupeKey: string, deps: WecomInboundDeps): Promise<WecomInboundOutcome> {
  // Opening the app's chat is not a message; answering it would greet people every time.
  if (msg.kind === 'enter_agent') return { type: 'ignore', reason: 'enter_agent' };
  const sender = await deps.resolveSender(msg.fromUserName);
  if (!sender) return { type: 'unknown_sender', userId: msg.fromUserName };
  const base = {
    platform: 'wecom' as const,
    plantId: sender.plantId,
    sender: { personId: sender.personId, platformUserId: msg.fromUserName },
    dedupeKey,
    receivedAt: deps.now(),
  };
  switch (msg.kind) {
    case 'text':
      return { type: 'event', event: { ...base, kind: 'text', text: msg.content } };
    case 'location':
      // WeCom's map picker works in GCJ-02 (Tencent maps), like WeChat.
      return {
        type: 'event',
        event: { ...base, kind: 'location', location: { lat: msg.latitude, lng: msg.longitude, datum: 'GCJ-02', label: msg.label || undefined } },
      };
    case 'image': {
      let media: WecomMedia;
      try {
        media = await deps.fetchMedia(msg.mediaId);
      } catch (err) {
        if (err instanceof WecomMediaNotFoundError) return { type: 'reply', sender, messageKey: 'wecom.media.not_found' };
        throw err;
      }
      const fileId = await deps.storeImage(sender, media);
      if (!fileId) return { type: 'reply', sender, messageKey: 'wecom.media.unsupported' };
      return { type: 'event', event: { ...base, kind: 'image', image: { fileId } } };
    }
    case 'template_card_event':
    case 'template_card_menu_event': {
      const action = decodeActionRef(msg.eventKey);
      if (!action) return { type: 'ignore', reason: 'unknown_event_key' };
      const sentRef: WecomSentRefData = { kind: 'card', plantId: sender.plantId, userId: msg.fromUserName, taskId: msg.taskId, responseCode: msg.responseCode || undefined, cardType: msg.cardType };
      const selections =
        msg.kind === 'template_card_event' && msg.selectedItems.length > 0
          ? Object.fromEntries(msg.selectedItems.map((s) => [s.questionKey, s.optionIds]))
          : undefined;
      return {
        type: 'event',
        event: { ...base, kind: 'action', action, selections, sentRef: { platform: 'wecom', ref: sentRef as unknown as Record<string, unknown> } },
      };
    }
    default:
      return { type: 'reply', sender, messageKey: 'bot.help' };
  }
}
