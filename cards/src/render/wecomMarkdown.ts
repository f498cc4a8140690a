import { t } from '../i18n/catalogue';
import { Notice } from '../model';
import { validateNotice } from '../validateCard';
import { oneLine, truncateBytes, utf8Bytes } from './truncateText';
import { WECOM_LIMITS as L } from './wecomLimits';

/** Where a markdown message goes: a group robot webhook (4096 B) or an app message / app chat (2048 B). */
export type WecomMarkdownChannel = 'robot' | 'app';

/** Options for renderWecomMarkdown. */
export interface WecomMarkdownOptions {
  channel?: WecomMarkdownChannel;
  /** WeCom markdown shows no images; when the photo has a URL (media/uploadimg) we add a link to it. */
  imageUrl?: string;
}

/** A WeCom markdown message body (`msgtype: markdown`). */
export interface WecomMarkdownMessage {
  msgtype: 'markdown';
  markdown: { content: string };
}

/**
 * Renders a group notice as WeCom markdown. Markdown-lite (bold, links, code, quotes, headings) is a
 * subset of what WeCom markdown supports, so the body passes through. The content is cut to the channel's
 * byte limit (robot 4096 B, doc 91770; app/appchat 2048 B, doc 90236/90248), keeping the title and links.
 */
export function renderWecomMarkdown(n: Notice, opts: WecomMarkdownOptions = {}): WecomMarkdownMessage {
  const problems = validateNotice(n);
  if (problems.length > 0) throw new Error(`renderWecomMarkdown: ${problems.map((p) => p.code).join(', ')}`);
  const maxBytes = opts.channel === 'app' ? L.appMarkdownBytes : L.robotMarkdownBytes;
  const head = truncateBytes(`### ${oneLine(n.title)}`, Math.floor(maxBytes / 4));
  const tail: string[] = [];
  if (opts.imageUrl) tail.push(`[${escapeLabel(n.image?.alt || t(n.locale, 'card.view_image'))}](${opts.imageUrl})`);
  if (n.link) tail.push(`[${escapeLabel(n.link.label)}](${n.link.url})`);
  const tailText = tail.length > 0 ? `\n\n${tail.join('\n')}` : '';
  const separator = '\n';
  const budget = maxBytes - utf8Bytes(head) - utf8Bytes(separator) - utf8Bytes(tailText);
  const body = truncateBytes(n.markdown.trim(), Math.max(budget, 0));
  const content = body ? `${head}${separator}${body}${tailText}` : `${head}${tailText}`;
  return { msgtype: 'markdown', markdown: { content: truncateBytes(content, maxBytes) } };
}

function escapeLabel(label: string): string {
  return oneLine(label).replace(/[[\]]/g, '');
}
