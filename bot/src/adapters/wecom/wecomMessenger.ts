import { type Card, type Notice, isFinished } from '../../../../cards/src/model';
import { renderWecomMarkdown } from '../../../../cards/src/render/wecomMarkdown';
import { renderWecomTemplateCard, wecomCardType } from '../../../../cards/src/render/wecomTemplateCard';
import { wecomReplaceName } from '../../../../cards/src/render/wecomUpdate';
import { truncateBytes } from '../../../../cards/src/render/truncateText';
import type { Messenger, OutboundContent, SentRef, Target } from '../../messenger';
import type { UpdateTemplateCardInput } from './wecomApi';
import { LOCAL_ERRCODES, WecomApiError } from './wecomErrors';
import { WecomGroupPoster } from './wecomGroupPoster';
import { WecomImageUploader } from './wecomImageUploader';
import { taskIdFor, type WecomMessengerOptions, type WecomRobotPost, type WecomSentRefData } from './wecomMessengerTypes';
import type { WecomSendResult, WecomTemplateCard as ApiTemplateCard } from './wecomTypes';

type PersonTarget = Extract<Target, { kind: 'person' }>;

/** WeCom's "taskid has existed": our task ids derive from the delivery id, so this means "sent before". */
const TASK_ID_EXISTS = 42014;
/** update_template_card's "invalid response_code": that code is no use; try the next one. */
const INVALID_RESPONSE_CODE = 40058;
/** Codes tried per update before giving up and asking for a fresh card. */
const MAX_CODES_PER_UPDATE = 3;
const TEXT_BYTES = 2048;

/**
 * The WeCom adapter for outbound messages. People get text, markdown and template cards (rendered
 * from the neutral card model; photos uploaded as media and sent just before the card); groups get
 * markdown notices through an app chat or a group robot. A card is updated in place with a stored,
 * single-use response code (72 h); when none is left the caller is told to send a fresh card.
 */
export class WecomMessenger implements Messenger {
  readonly platform = 'wecom' as const;
  private readonly uploader: WecomImageUploader;
  private readonly groups: WecomGroupPoster;
  private readonly now: () => Date;

  constructor(private readonly o: WecomMessengerOptions) {
    this.now = o.now ?? (() => new Date());
    this.uploader = new WecomImageUploader({ api: o.api, loadImage: o.loadImage, log: o.log, now: this.now });
    this.groups = new WecomGroupPoster({ ...o, uploader: this.uploader });
  }

  async send(target: Target, content: OutboundContent, opts: { deliveryId: string }): Promise<SentRef> {
    if (target.kind === 'group') return this.groups.send(target, content);
    if (content.type === 'text') {
      const res = await this.checked(target, await this.o.api.sendText({ touser: [target.userId], content: truncateBytes(content.text, TEXT_BYTES) }));
      return ref({ kind: 'message', plantId: target.plantId, userId: target.userId, msgid: res.msgid });
    }
    if (content.type === 'notice') return this.sendNotice(target, content.notice);
    return this.sendCard(target, content.card, opts.deliveryId);
  }

  async update(sent: SentRef, card: Card): Promise<'updated' | 'resend_required'> {
    const r = sent.ref as unknown as WecomSentRefData;
    if (sent.platform !== 'wecom' || r.kind !== 'card') return 'resend_required';
    const change = this.updateBody(card, r.taskId);
    for (let i = 0; i < MAX_CODES_PER_UPDATE; i++) {
      const code = await this.o.codes.claim(r.plantId, r.taskId, r.userId, this.now());
      if (!code) return 'resend_required';
      let outcome: 'updated' | 'resend_required';
      try {
        outcome = await this.o.api.updateTemplateCard({ responseCode: code, userids: [r.userId], ...change });
      } catch (err) {
        if (err instanceof WecomApiError && err.retryable) {
          await this.o.codes.release(code);
          throw err;
        }
        if (err instanceof WecomApiError && err.errcode === INVALID_RESPONSE_CODE) continue;
        throw err;
      }
      if (outcome === 'updated') return 'updated';
    }
    return 'resend_required';
  }

  /** Makes a robot post handed to the queue by `send` (the server's robot job calls this). */
  postToRobot(post: WecomRobotPost): Promise<void> {
    return this.groups.postToRobot(post);
  }

  private async sendNotice(target: PersonTarget, notice: Notice): Promise<SentRef> {
    if (notice.image) await this.sendPhoto(target, notice.image.fileId);
    const md = renderWecomMarkdown(notice, { channel: 'app' });
    const res = await this.checked(target, await this.o.api.sendMarkdown({ touser: [target.userId], content: md.markdown.content }));
    return ref({ kind: 'message', plantId: target.plantId, userId: target.userId, msgid: res.msgid });
  }

  private async sendCard(target: PersonTarget, card: Card, deliveryId: string): Promise<SentRef> {
    const taskId = taskIdFor(card, deliveryId);
    const rendered = apiCard(renderWecomTemplateCard(card, { taskId, defaultUrl: this.o.defaultUrl }));
    const base = { kind: 'card' as const, plantId: target.plantId, userId: target.userId, taskId, cardType: wecomCardType(card) };
    // Interactive cards have no image area; the photo goes just before the card, as media.
    if (card.image) await this.sendPhoto(target, card.image.fileId);
    let res: WecomSendResult;
    try {
      res = await this.o.api.sendTemplateCard({ touser: [target.userId], card: rendered });
    } catch (err) {
      if (err instanceof WecomApiError && err.errcode === TASK_ID_EXISTS) {
        // A re-run of a delivery whose first run posted the card but died before recording it.
        this.o.log?.warn({ taskId }, 'card was already sent for this delivery; not sent again');
        return ref(base);
      }
      throw err;
    }
    this.checked(target, res);
    if (res.responseCode) {
      await this.o.codes.add({ plantId: target.plantId, taskId, userId: target.userId, responseCode: res.responseCode, source: 'send', issuedAt: this.now() });
    }
    return ref({ ...base, msgid: res.msgid, responseCode: res.responseCode });
  }

  private async sendPhoto(target: PersonTarget, fileId: string): Promise<void> {
    const mediaId = await this.uploader.mediaIdFor(target.plantId, fileId);
    if (!mediaId) return;
    this.checked(target, await this.o.api.sendImage({ touser: [target.userId], mediaId }));
  }

  private updateBody(card: Card, taskId: string): Pick<UpdateTemplateCardInput, 'button' | 'templateCard'> {
    // A finished card greys its buttons with the status; an unfinished one is replaced whole.
    if (isFinished(card)) return { button: { replaceName: wecomReplaceName(card) } };
    return { templateCard: apiCard(renderWecomTemplateCard(card, { taskId, defaultUrl: this.o.defaultUrl })) };
  }

  /** WeCom answers 0 even when it refused the recipient; an unreachable person must not look delivered. */
  private checked(target: PersonTarget, res: WecomSendResult): WecomSendResult {
    if (res.invalidUsers.includes(target.userId)) {
      throw new WecomApiError({
        errcode: LOCAL_ERRCODES.not_a_member,
        errmsg: 'recipient is not a member the app can reach (check the app’s visible range)',
        path: '/cgi-bin/message/send',
      });
    }
    return res;
  }
}

/** The renderer's exact card type as the API client's loose one (which WeCom validates anyway). */
function apiCard(card: ReturnType<typeof renderWecomTemplateCard>): ApiTemplateCard {
  return { ...card };
}

function ref(data: WecomSentRefData): SentRef {
  return { platform: 'wecom', ref: data as unknown as Record<string, unknown> };
}
