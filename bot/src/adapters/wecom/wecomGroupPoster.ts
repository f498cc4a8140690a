import { createHash } from 'node:crypto';
import { type Card, type Notice } from '../../../../cards/src/model';
import { renderWecomMarkdown } from '../../../../cards/src/render/wecomMarkdown';
import { truncateBytes } from '../../../../cards/src/render/truncateText';
import type { OutboundContent, SentRef, Target } from '../../messenger';
import { LOCAL_ERRCODES, WecomApiError } from './wecomErrors';
import type { WecomImageUploader } from './wecomImageUploader';
import type { WecomGroupPart, WecomMessengerOptions, WecomRobotPost, WecomSentRefData } from './wecomMessengerTypes';

/** A group target. */
type GroupTarget = Extract<Target, { kind: 'group' }>;

/** Text messages are cut by WeCom beyond 2048 bytes (doc 90236, 91770). */
const TEXT_BYTES = 2048;
/** The robot's image message takes at most 2 MB before base64 (doc 91770). */
const ROBOT_IMAGE_BYTES = 2 * 1024 * 1024;

/**
 * Group posts. appchat/send takes only some message types (no template cards) and only chats the
 * app created, and the app never hears what members type there; so groups get read-only notices:
 * markdown to an app chat (chatId) or to a group robot (robotKey, 20 messages a minute per robot).
 * Anything someone must act on goes to named people as a card, never here.
 */
export class WecomGroupPoster {
  constructor(
    private readonly o: Pick<WecomMessengerOptions, 'api' | 'resolveSecret' | 'loadImage' | 'queueRobotPost' | 'log'> & { uploader: WecomImageUploader },
  ) {}

  /** Posts a notice to an app chat, or queues it for the group's robot. */
  async send(target: GroupTarget, content: OutboundContent): Promise<SentRef> {
    const base = { kind: 'group' as const, plantId: target.plantId };
    if (target.chatId) {
      await this.postToChat(target.plantId, target.chatId, groupParts(content, 'app'));
      return sentRef({ ...base, chatId: target.chatId });
    }
    if (target.robotKey) {
      // Checked now, so a missing secret fails this delivery visibly instead of a queued post later.
      if (!this.o.resolveSecret(target.robotKey)) throw configError(`robot key ${target.robotKey} is not set`);
      const post: WecomRobotPost = { plantId: target.plantId, keyRef: target.robotKey, parts: groupParts(content, 'robot') };
      if (this.o.queueRobotPost) {
        await this.o.queueRobotPost(post);
        return sentRef({ ...base, robot: target.robotKey, queued: true });
      }
      await this.postToRobot(post);
      return sentRef({ ...base, robot: target.robotKey });
    }
    throw configError(`group ${target.groupId} has neither chatId nor robotKeyRef`);
  }

  /** Posts parts to a chat the app created (appchat/send). */
  async postToChat(plantId: string, chatId: string, parts: WecomGroupPart[]): Promise<void> {
    for (const part of parts) {
      if (part.kind === 'image') {
        const mediaId = await this.o.uploader.mediaIdFor(plantId, part.fileId);
        if (mediaId) await this.o.api.appchatSend(chatId, { msgtype: 'image', image: { media_id: mediaId } });
      } else if (part.kind === 'markdown') {
        await this.o.api.appchatSend(chatId, { msgtype: 'markdown', markdown: { content: part.content } });
      } else {
        await this.o.api.appchatSend(chatId, { msgtype: 'text', text: { content: part.content } });
      }
    }
  }

  /** Posts parts through a group robot; the API client queues per key within 20 a minute. */
  async postToRobot(post: WecomRobotPost): Promise<void> {
    const key = this.o.resolveSecret(post.keyRef);
    if (!key) throw configError(`robot key ${post.keyRef} is not set`);
    for (const part of post.parts) {
      if (part.kind === 'image') {
        const image = await this.o.loadImage(post.plantId, part.fileId);
        if (!image || image.bytes.length > ROBOT_IMAGE_BYTES) {
          this.o.log?.warn({ plantId: post.plantId, fileId: part.fileId }, 'photo missing or over 2 MB; robot post sent without it');
          continue;
        }
        const md5 = createHash('md5').update(image.bytes).digest('hex');
        await this.o.api.robotWebhookSend(key, { msgtype: 'image', image: { base64: image.bytes.toString('base64'), md5 } });
      } else {
        await this.o.api.robotWebhookSend(key, { msgtype: part.kind, [part.kind]: { content: part.content } });
      }
    }
  }
}

/**
 * The messages of a group post: the photo first, then the text. If a later part fails, the retry
 * repeats the photo rather than the notice, which is the less confusing duplicate.
 */
export function groupParts(content: OutboundContent, channel: 'app' | 'robot'): WecomGroupPart[] {
  if (content.type === 'text') return [{ kind: 'text', content: truncateBytes(content.text, TEXT_BYTES) }];
  const notice = content.type === 'notice' ? content.notice : cardAsNotice(content.card);
  const parts: WecomGroupPart[] = notice.image ? [{ kind: 'image', fileId: notice.image.fileId }] : [];
  parts.push({ kind: 'markdown', content: renderWecomMarkdown(notice, { channel }).markdown.content });
  return parts;
}

/** A card shown in a group as a read-only notice (cards are for named people; this is a fallback). */
export function cardAsNotice(card: Card): Notice {
  const lines = [
    card.subtitle,
    ...card.fields.map((f) => `**${f.label}**：${f.value}`),
    card.text,
    card.status ? `**${card.status}**` : undefined,
    card.footer,
  ].filter((l): l is string => typeof l === 'string' && l.trim() !== '');
  return { kind: card.kind, locale: card.locale, title: card.title, markdown: lines.join('\n'), image: card.image, link: card.link };
}

function sentRef(data: WecomSentRefData): SentRef {
  return { platform: 'wecom', ref: data as unknown as Record<string, unknown> };
}

function configError(errmsg: string): WecomApiError {
  return new WecomApiError({ errcode: LOCAL_ERRCODES.refused_locally, errmsg, path: '/cgi-bin/appchat/send' });
}
