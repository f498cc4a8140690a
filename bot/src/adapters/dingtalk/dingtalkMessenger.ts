import type { Card } from '../../../../cards/src/model';
import { renderDingtalkActionCard, renderDingtalkCardData, renderDingtalkMarkdown } from '../../../../cards/src/render/dingtalk';
import { MediaUploader, type ImageLoader } from '../../cardImages';
import type { Messenger, OutboundContent, SentRef, Target } from '../../messenger';
import type { DingtalkApi } from './dingtalkApi';
import { DingtalkApiError, DingtalkThrottledError } from './dingtalkApiError';
import type { RobotMessagePayload } from './dingtalkApiTypes';
import type { CardParamMap, DingtalkLogger } from './dingtalkTypes';
import type { DingtalkWebhookRobot, WebhookCredentials } from './dingtalkWebhookRobot';

/** The OpenAPI calls the messenger makes (a DingtalkApi, or a fake in tests). */
export type DingtalkMessengerApi = Pick<DingtalkApi, 'sendRobotToUsers' | 'sendRobotToGroup' | 'createAndDeliverCard' | 'updateCard'> & Partial<Pick<DingtalkApi, 'uploadImage'>>;

/** What a DingTalk SentRef holds: an interactive card (updatable by outTrackId) or a robot message (not updatable). */
export type DingtalkRef =
  | { type: 'card'; outTrackId: string; userId: string; plantId?: string }
  | { type: 'robot'; processQueryKey: string; userId?: string; openConversationId?: string }
  | { type: 'webhook'; groupId: string };

/** Settings of the messenger. */
export interface DingtalkMessengerOptions {
  /** Template id of the generic interactive card; without it cards go out as robot action cards (no buttons). */
  cardTemplateId?: string;
  logger: DingtalkLogger;
  /** Custom group robots, for groups without a chatId (the app robot is not in them). */
  webhook?: { robot: DingtalkWebhookRobot; credentials(target: Extract<Target, { kind: 'group' }>): Promise<WebhookCredentials | null> };
  /** Reads a card's image (photo, trend chart) for upload; without it cards go out without images. */
  loadImage?: ImageLoader;
  now?: () => Date;
}

/** DingTalk does not state a lifetime for media ids; re-upload after the 3 days WeCom gives, to be safe. */
const DINGTALK_MEDIA_REUSE_MS = 3 * 86_400_000 - 3_600_000;

/** A message that cannot go out as configured (operator error, not worth retrying blindly). */
export class DingtalkDeliveryError extends Error {
  constructor(readonly code: 'no_chat_id' | 'no_robot_token' | 'invalid_user', message: string) {
    super(message);
    this.name = 'DingtalkDeliveryError';
  }
}

/** The outTrackId of a delivery: one card instance per delivery, so a re-run never reuses one. */
export function outTrackIdFor(deliveryId: string): string {
  return `d-${deliveryId}`;
}

/** Reads our DingtalkRef out of a stored SentRef; null when it is not one of ours. */
export function dingtalkRefOf(ref: SentRef): DingtalkRef | null {
  if (ref.platform !== 'dingtalk') return null;
  const r = ref.ref;
  if (r.type === 'card' && typeof r.outTrackId === 'string' && typeof r.userId === 'string') {
    return { type: 'card', outTrackId: r.outTrackId, userId: r.userId, ...(typeof r.plantId === 'string' ? { plantId: r.plantId } : {}) };
  }
  if (r.type === 'robot') return { type: 'robot', processQueryKey: String(r.processQueryKey ?? '') };
  return null;
}

/** `{userId: {cardParamMap}}` (renderer shape) → `{userId: map}` (DingtalkApi shape). */
function unwrapPrivate(p: Record<string, { cardParamMap: Record<string, string | undefined> }> | undefined): Record<string, CardParamMap> | undefined {
  if (!p) return undefined;
  const out: Record<string, CardParamMap> = {};
  for (const [userId, v] of Object.entries(p)) {
    out[userId] = Object.fromEntries(Object.entries(v.cardParamMap).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
  return out;
}

/** The renderers produce `{msgKey, msgParam: JSON string}`; the API client takes the param as an object. */
function toPayload(m: { msgKey: string; msgParam: string }): RobotMessagePayload {
  // renderDingtalkActionCard may pick sampleActionCard2..5, which the API type does not list but DingTalk accepts.
  return { msgKey: m.msgKey, msgParam: JSON.parse(m.msgParam) as Record<string, string> } as unknown as RobotMessagePayload;
}

/**
 * The DingTalk Messenger. People get interactive cards (cards v2, created with our own
 * outTrackId, `d-<deliveryId>`); the public data shows the card without buttons and the
 * recipient's private data adds them, so a forwarded or shared card never offers buttons to
 * someone else. Cards update in place by outTrackId. Text goes to people as a robot 1:1
 * message; groups get markdown notices from the app robot (chatId = openConversationId of a
 * group it was added to) or from a custom robot (robotKeyRef / robotSecretRef).
 */
export class DingtalkMessenger implements Messenger {
  readonly platform = 'dingtalk' as const;
  /** outTrackId → when this process last updated that card (ms), for `updatedSince`. */
  private readonly updatedAt = new Map<string, number>();

  private readonly uploader: MediaUploader | null;

  constructor(private readonly api: DingtalkMessengerApi, private readonly o: DingtalkMessengerOptions) {
    const upload = api.uploadImage?.bind(api);
    this.uploader = o.loadImage && upload
      ? new MediaUploader({
        platform: 'dingtalk', upload, loadImage: o.loadImage, reuseMs: DINGTALK_MEDIA_REUSE_MS, log: o.logger, now: o.now ?? (() => new Date()),
        refusal: (err) => (err instanceof DingtalkApiError && !err.retryable ? { code: err.code, message: err.message } : null),
      })
      : null;
  }

  /** The media id of a card's image (uploaded once), or undefined without one. */
  private async imageOf(plantId: string | undefined, card: Card): Promise<string | undefined> {
    if (!card.image || !plantId || !this.uploader) return undefined;
    return (await this.uploader.mediaIdFor(plantId, card.image.fileId)) ?? undefined;
  }

  async send(target: Target, content: OutboundContent, opts: { deliveryId: string }): Promise<SentRef> {
    if (target.kind === 'group') return this.sendToGroup(target, content);
    if (content.type === 'card' && this.o.cardTemplateId) {
      const outTrackId = outTrackIdFor(opts.deliveryId);
      const data = renderDingtalkCardData(content.card, { actorUserIds: [target.userId], imageMediaId: await this.imageOf(target.plantId, content.card) });
      const res = await this.api.createAndDeliverCard({
        cardTemplateId: this.o.cardTemplateId, outTrackId, target: { type: 'user', userId: target.userId },
        cardData: data.cardData.cardParamMap, privateData: unwrapPrivate(data.privateData),
      });
      if (!res.delivered) {
        this.o.logger.warn({ outTrackId, userId: target.userId, results: res.deliverResults }, 'dingtalk: card created but DingTalk reported a failed delivery');
      }
      const ref: DingtalkRef = { type: 'card', outTrackId, userId: target.userId, plantId: target.plantId };
      return { platform: 'dingtalk', ref };
    }
    const payload: RobotMessagePayload =
      content.type === 'text' ? { msgKey: 'sampleText', msgParam: { content: content.text } }
        : content.type === 'notice' ? toPayload(renderDingtalkMarkdown(content.notice))
          : toPayload(renderDingtalkActionCard(content.card));
    const res = await this.api.sendRobotToUsers([target.userId], payload);
    if (res.invalidStaffIdList.includes(target.userId)) {
      throw new DingtalkDeliveryError('invalid_user', `DingTalk refused userId ${target.userId} (left the organisation, or outside the robot's visible range)`);
    }
    if (res.flowControlledStaffIdList.includes(target.userId)) {
      throw new DingtalkThrottledError({ code: 'flow_controlled', message: `userId ${target.userId} is flow-controlled`, status: 200, endpoint: 'POST /v1.0/robot/oToMessages/batchSend' });
    }
    const ref: DingtalkRef = { type: 'robot', processQueryKey: res.processQueryKey, userId: target.userId };
    return { platform: 'dingtalk', ref };
  }

  private async sendToGroup(target: Extract<Target, { kind: 'group' }>, content: OutboundContent): Promise<SentRef> {
    const m = content.type === 'text' ? null : content.type === 'notice' ? renderDingtalkMarkdown(content.notice) : renderDingtalkActionCard(content.card);
    if (target.chatId) {
      const payload: RobotMessagePayload = m ? toPayload(m) : { msgKey: 'sampleText', msgParam: { content: content.type === 'text' ? content.text : '' } };
      const res = await this.api.sendRobotToGroup(target.chatId, payload);
      const ref: DingtalkRef = { type: 'robot', processQueryKey: res.processQueryKey, openConversationId: target.chatId };
      return { platform: 'dingtalk', ref };
    }
    if (target.robotKey && this.o.webhook) {
      const creds = await this.o.webhook.credentials(target);
      if (!creds) throw new DingtalkDeliveryError('no_robot_token', `DingTalk group ${target.groupId}: the env var named by robotKeyRef is not set`);
      // A custom robot takes markdown {title, text}; action-card buttons are links only, so markdown loses nothing that calls back.
      const param = m ? (JSON.parse(m.msgParam) as { title?: string; text?: string }) : null;
      await this.o.webhook.robot.send(creds, param
        ? { msgtype: 'markdown', markdown: { title: param.title ?? '', text: param.text ?? '' } }
        : { msgtype: 'text', text: { content: content.type === 'text' ? content.text : '' } });
      const ref: DingtalkRef = { type: 'webhook', groupId: target.groupId };
      return { platform: 'dingtalk', ref };
    }
    throw new DingtalkDeliveryError('no_chat_id', `DingTalk group ${target.groupId} has no chatId: set it to the openConversationId of a group the app robot was added to (or robotKeyRef for a custom robot)`);
  }

  private noteUpdate(outTrackId: string): void {
    const now = Date.now();
    this.updatedAt.set(outTrackId, now);
    if (this.updatedAt.size > 10_000) {
      for (const [id, at] of this.updatedAt) if (now - at > 600_000) this.updatedAt.delete(id);
    }
  }

  /** Did this process update the card since `sinceMs`? (Lets a late click answer skip a redundant update.) */
  updatedSince(outTrackId: string, sinceMs: number): boolean {
    return (this.updatedAt.get(outTrackId) ?? 0) >= sinceMs;
  }

  /**
   * Updates an interactive card in place (only the listed keys change). A robot message cannot be
   * updated, and a card DingTalk no longer knows is resent; throttling and outages throw so the
   * job retries.
   */
  async update(sent: SentRef, card: Card): Promise<'updated' | 'resend_required'> {
    const ref = dingtalkRefOf(sent);
    if (!ref || ref.type !== 'card' || !this.o.cardTemplateId) return 'resend_required';
    const imageMediaId = await this.imageOf(ref.plantId, card);
    const data = renderDingtalkCardData(card, { actorUserIds: [ref.userId], imageMediaId });
    // Without the media id at hand (a card sent before images), leave the card's image as it is.
    if (card.image && !imageMediaId) {
      delete (data.cardData.cardParamMap as Partial<typeof data.cardData.cardParamMap>).has_image;
      delete (data.cardData.cardParamMap as Partial<typeof data.cardData.cardParamMap>).image;
    }
    try {
      await this.api.updateCard({ outTrackId: ref.outTrackId, cardData: data.cardData.cardParamMap, privateData: unwrapPrivate(data.privateData) });
      this.noteUpdate(ref.outTrackId);
      return 'updated';
    } catch (err) {
      if (err instanceof DingtalkApiError && !err.retryable) {
        this.o.logger.warn({ outTrackId: ref.outTrackId, code: err.code }, 'dingtalk: card update refused, sending a fresh card');
        return 'resend_required';
      }
      throw err;
    }
  }
}
