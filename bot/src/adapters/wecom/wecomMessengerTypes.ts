import { createHash } from 'node:crypto';
import { encodeTaskId } from '../../../../cards/src/actionRef';
import { callbackButtons, type Card } from '../../../../cards/src/model';
import type { MessengerImage } from '../../cardImages';
import type { WecomApi } from './wecomApi';

/**
 * Types shared by the WeCom messenger, its group poster and the server that wires them: what a
 * SentRef holds, where response codes live, how images and robot posts are handed over.
 */

/** What `SentRef.ref` holds for WeCom (opaque to everyone but this adapter). */
export type WecomSentRefData =
  | {
      kind: 'card';
      plantId: string;
      userId: string;
      /** The card's task_id; update_template_card codes are issued per task id. */
      taskId: string;
      msgid?: string;
      /** The code message/send returned (also kept in the code store). */
      responseCode?: string;
      cardType?: string;
    }
  | { kind: 'message'; plantId: string; userId: string; msgid?: string }
  | { kind: 'group'; plantId: string; chatId?: string; robot?: string; queued?: boolean };

/** One update_template_card code as issued by WeCom. */
export interface WecomResponseCode {
  plantId: string;
  taskId: string;
  userId: string;
  responseCode: string;
  /** From message/send or from a click callback: both are single use, independently. */
  source: 'send' | 'callback';
  issuedAt: Date;
}

/**
 * Where response codes are kept (a table in the server; injected so bot/ has no SQL). Codes are
 * single use and valid 72 h, so each is claimed before use: two refreshes never spend the same one.
 */
export interface WecomResponseCodeStore {
  /** Records a fresh code; a code already known is ignored. */
  add(code: WecomResponseCode): Promise<void>;
  /** Marks the freshest unused code (younger than 72 h) of this card and user as used and returns it. */
  claim(plantId: string, taskId: string, userId: string, now: Date): Promise<string | null>;
  /** Gives a claimed code back when the call never reached WeCom (network, frequency limit). */
  release(responseCode: string): Promise<void>;
}

/** Image bytes ready for WeCom (JPEG or PNG, at most 2 MB so the group robot takes them too). */
export type WecomImage = MessengerImage;

/** One message of a group post. Images travel by file id and are read when the post is made. */
export type WecomGroupPart = { kind: 'markdown'; content: string } | { kind: 'text'; content: string } | { kind: 'image'; fileId: string };

/** A post to a group robot, handed to a queue so a robot at its 20/min limit never blocks other sends. */
export interface WecomRobotPost {
  plantId: string;
  /** The Target's robotKey reference (`env:<NAME>`), never the key itself. */
  keyRef: string;
  parts: WecomGroupPart[];
}

/** The WeCom calls the messenger makes (a WecomApi, or a fake in tests). */
export type WecomSendApi = Pick<
  WecomApi,
  'sendText' | 'sendMarkdown' | 'sendImage' | 'sendTemplateCard' | 'updateTemplateCard' | 'appchatSend' | 'robotWebhookSend' | 'uploadMedia'
>;

/** Where operators read about messages that could not be delivered as asked. */
export interface WecomMessengerLog {
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Settings of the WeCom messenger. */
export interface WecomMessengerOptions {
  api: WecomSendApi;
  codes: WecomResponseCodeStore;
  /** Opened by a tap on a notice card without a link (text_notice requires card_action). */
  defaultUrl: string;
  /** Resolves a secret reference such as `env:WECOM_ROBOT_KEY_PLANT`; undefined when unset. */
  resolveSecret(ref: string): string | undefined;
  /** Reads a stored photo as WeCom-ready bytes; null when it is gone or cannot be converted. */
  loadImage(plantId: string, fileId: string): Promise<WecomImage | null>;
  /** Queues a robot post (the server's job queue); without it robot posts are made at once. */
  queueRobotPost?(post: WecomRobotPost): Promise<void>;
  log?: WecomMessengerLog;
  now?: () => Date;
}

/**
 * The task_id of one sent card: the card's first callback action plus a nonce derived from the
 * delivery id. WeCom refuses a task_id it has seen (42014), so a re-run of the same delivery job
 * cannot post the card twice; different deliveries of the same card get different ids.
 */
export function taskIdFor(card: Card, deliveryId: string): string {
  const nonce = createHash('sha256').update(deliveryId).digest('base64url').slice(0, 11);
  const ref = callbackButtons(card)[0]?.action ?? card.selects[0]?.action;
  return ref ? encodeTaskId(ref, nonce) : `card@${nonce}`;
}
