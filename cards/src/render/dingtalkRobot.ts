import { t } from '../i18n/catalogue';
import { Card, Notice, isFinished } from '../model';
import { assertValidCard, validateNotice } from '../validateCard';
import { oneLine, truncateBytes, truncateChars, utf8Bytes } from './truncateText';

/**
 * DingTalk robot message limits (robot `groupMessages/send` and `oToMessages/batchSend`):
 * - msgParam ≤ 15,000 bytes (shared/integrations.md §3.5, help.dingtalk.io);
 * - action cards: title "建议100字符以内", text "建议500字符以内", actionTitleN "最长20个字符",
 *   actionURLN / singleURL "最长500个字符" (open.dingtalk.com 消息类型说明, sampleActionCard..3);
 * - sampleActionCard2..5 carry 2..5 vertical buttons (robot message type list).
 */
export const DINGTALK_ROBOT_LIMITS = {
  msgParamBytes: 15000,
  titleChars: 100,
  actionCardTextChars: 500,
  actionTitleChars: 20,
  urlChars: 500,
  actionCardButtons: 5,
} as const;

/** A robot message: `msgKey` plus its JSON-encoded `msgParam`, as groupMessages/send takes them. */
export interface DingtalkRobotMessage {
  msgKey: string;
  msgParam: string;
}

/** Options for robot messages. */
export interface DingtalkRobotOptions {
  /** Public URL of the photo (DingTalk markdown shows images by URL). */
  imageUrl?: string;
}

const L = DINGTALK_ROBOT_LIMITS;

/** Renders a group notice as `sampleMarkdown` `{title, text}`. `title` is the conversation-list preview. */
export function renderDingtalkMarkdown(n: Notice, opts: DingtalkRobotOptions = {}): DingtalkRobotMessage {
  const problems = validateNotice(n);
  if (problems.length > 0) throw new Error(`renderDingtalkMarkdown: ${problems.map((p) => p.code).join(', ')}`);
  const title = truncateChars(oneLine(n.title), L.titleChars);
  const tail: string[] = [];
  if (opts.imageUrl) tail.push(`![${oneLine(n.image?.alt ?? '')}](${opts.imageUrl})`);
  if (n.link) tail.push(`[${oneLine(n.link.label)}](${n.link.url})`);
  return fitMarkdown('sampleMarkdown', title, `### ${title}\n\n`, n.markdown.trim(), tail, {});
}

/**
 * Renders a card as a robot action card for a group post. Action-card buttons only open URLs (no
 * callback, §3.5), so callback buttons are left out: whoever must act gets the interactive card.
 * Link buttons and the card link become the buttons (1 → sampleActionCard, 2–5 → sampleActionCardN);
 * with none, the post is plain sampleMarkdown.
 */
export function renderDingtalkActionCard(card: Card, opts: DingtalkRobotOptions = {}): DingtalkRobotMessage {
  assertValidCard(card);
  const title = truncateChars(oneLine(card.title), L.titleChars);
  const lines: string[] = [];
  if (card.subtitle) lines.push(card.subtitle);
  if (isFinished(card)) lines.push(`**${card.status}**`);
  lines.push(...card.fields.map((f) => `**${f.label}**：${f.value}`));
  if (card.text) lines.push('', card.text);
  if (card.footer) lines.push('', card.footer);
  const image = opts.imageUrl ? `![${oneLine(card.image?.alt ?? '')}](${opts.imageUrl})\n\n` : '';
  // The 500-character advice is about what people read, so the image markdown does not count.
  const text = `${image}${truncateChars(lines.join('\n').trim(), L.actionCardTextChars)}`;
  const links = [
    ...card.buttons.filter((b) => b.url !== undefined).map((b) => ({ label: b.label, url: b.url as string })),
    ...(card.link ? [card.link] : []),
  ]
    .filter((l) => l.url.length <= L.urlChars)
    .slice(0, L.actionCardButtons);
  if (links.length === 0) {
    return fitMarkdown('sampleMarkdown', title, `### ${title}\n\n`, text, [], {});
  }
  const label = (s: string) => truncateChars(oneLine(s), L.actionTitleChars);
  if (links.length === 1) {
    return fitMarkdown('sampleActionCard', title, '', text, [], { singleTitle: label(links[0].label), singleURL: links[0].url });
  }
  const extra: Record<string, string> = {};
  links.forEach((l, i) => {
    extra[`actionTitle${i + 1}`] = label(l.label);
    extra[`actionURL${i + 1}`] = l.url;
  });
  return fitMarkdown(`sampleActionCard${links.length}`, title, '', text, [], extra);
}

/** Builds msgParam `{title, text, ...extra}`, cutting `body` so the JSON stays ≤ 15,000 bytes. */
function fitMarkdown(
  msgKey: string,
  title: string,
  head: string,
  body: string,
  tail: string[],
  extra: Record<string, string>,
): DingtalkRobotMessage {
  const tailText = tail.length > 0 ? `\n\n${tail.join('\n\n')}` : '';
  const build = (b: string) => JSON.stringify({ title: title || t(undefined, 'card.details'), text: `${head}${b}${tailText}`, ...extra });
  let param = build(body);
  const over = utf8Bytes(param) - L.msgParamBytes;
  if (over > 0) {
    // JSON escaping can make the body cost more than its own bytes; cut with margin, then verify.
    param = build(truncateBytes(body, Math.max(utf8Bytes(body) - over * 2 - 16, 0)));
    if (utf8Bytes(param) > L.msgParamBytes) param = build('');
  }
  return { msgKey, msgParam: param };
}
