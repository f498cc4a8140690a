import type { WecomRobotPost } from '../../../../bot/src/adapters/wecom/wecomMessengerTypes';
import type { WecomInboundMessage } from '../../../../bot/src/adapters/wecom/wecomTypes';

/** Queue of verified callbacks waiting to be turned into BotEvents and routed. */
export const WECOM_INBOUND_QUEUE = 'wecom-inbound';
/** Queue of plain replies to WeCom members who are not people of any plant. */
export const WECOM_REPLY_QUEUE = 'wecom-reply';
/** Queue of group-robot posts (20 a minute per robot), kept apart so they never block other sends. */
export const WECOM_ROBOT_QUEUE = 'wecom-robot';

/** Every queue of the WeCom module (listed by the admin's job view). */
export const WECOM_QUEUES = [WECOM_INBOUND_QUEUE, WECOM_REPLY_QUEUE, WECOM_ROBOT_QUEUE] as const;

/** A 'wecom-inbound' job: the parsed callback and the key it was deduplicated under. */
export interface WecomInboundJob {
  message: WecomInboundMessage;
  dedupeKey: string;
  /** ISO time the callback was accepted. */
  receivedAt: string;
}

/** A 'wecom-reply' job: a catalogue message to a WeCom UserID that maps to no person. */
export interface WecomReplyJob {
  userId: string;
  messageKey: string;
  locale: string;
  params?: Record<string, unknown>;
}

/** A 'wecom-robot' job. */
export type WecomRobotJob = WecomRobotPost;
