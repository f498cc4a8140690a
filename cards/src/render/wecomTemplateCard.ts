import { encodeActionRef } from '../actionRef';
import { t } from '../i18n/catalogue';
import { Button, Card, CardField, Select, callbackButtons, isFinished } from '../model';
import { assertValidCard } from '../validateCard';
import { stripMarkdownLite } from './stripMarkdown';
import { oneLine, truncateChars, utf8Bytes } from './truncateText';
import { WECOM_BUTTON_STYLE, WECOM_DESC_COLOR, WECOM_LIMITS as L } from './wecomLimits';

/** WeCom template card types (doc 90236). */
export type WecomCardType = 'text_notice' | 'news_notice' | 'button_interaction' | 'vote_interaction' | 'multiple_interaction';

/** A WeCom select (select_list item or button_selection). */
export interface WecomSelection {
  question_key: string;
  title: string;
  selected_id?: string;
  option_list: Array<{ id: string; text: string }>;
}

/** A WeCom button: type 0 calls back with `key` as EventKey, type 1 opens `url`. */
export interface WecomButton {
  type: 0 | 1;
  text: string;
  style: number;
  key?: string;
  url?: string;
}

/** The `template_card` object of a message/send body (fields per card type as in doc 90236 / 101032). */
export interface WecomTemplateCard {
  card_type: WecomCardType;
  source?: { desc: string; desc_color: number };
  main_title: { title: string; desc?: string };
  sub_title_text?: string;
  quote_area?: { type: 0; quote_text: string };
  horizontal_content_list?: Array<{ keyname: string; value: string }>;
  jump_list?: Array<{ type: 1; title: string; url: string }>;
  card_action?: { type: 1; url: string };
  card_image?: { url: string };
  button_selection?: WecomSelection;
  button_list?: WecomButton[];
  checkbox?: { question_key: string; mode: 0 | 1; option_list: Array<{ id: string; text: string; is_checked: boolean }> };
  select_list?: WecomSelection[];
  submit_button?: { text: string; key: string };
  task_id: string;
}

/** What the renderer needs besides the card. */
export interface WecomRenderOptions {
  /** Unique per app and per sent card (encodeTaskId); `[0-9A-Za-z_\-@]`, ≤ 128 bytes. */
  taskId: string;
  /**
   * Page opened by tapping a notice card when the card has no link: text_notice and news_notice REQUIRE
   * card_action (error 42045 "Template_Card.card_action 缺失或不合法").
   */
  defaultUrl: string;
  /**
   * URL of the card image as returned by "上传图片" (`/cgi-bin/media/uploadimg`, doc 90256). news_notice's
   * card_image takes a url, not a media_id; without it an image card renders as text_notice.
   */
  imageUrl?: string;
}

const TASK_ID = /^[0-9A-Za-z_\-@]+$/;

/**
 * Which WeCom card type shows this card: selects → multiple_interaction (2–3), vote_interaction (one
 * multiple-choice) or button_interaction with button_selection (one single-choice); buttons only →
 * button_interaction; nothing to act on (or finished) → news_notice when an image url is given, else text_notice.
 */
export function wecomCardType(card: Card, imageUrl?: string): WecomCardType {
  if (!isFinished(card)) {
    if (card.selects.length > 1) return 'multiple_interaction';
    if (card.selects.length === 1) return card.selects[0].multiple ? 'vote_interaction' : 'button_interaction';
    if (card.buttons.length > 0) return 'button_interaction';
  }
  return card.image && imageUrl ? 'news_notice' : 'text_notice';
}

/** Renders the `template_card` body for message/send. Pure; throws InvalidCardError on a broken card. */
export function renderWecomTemplateCard(card: Card, opts: WecomRenderOptions): WecomTemplateCard {
  assertValidCard(card);
  if (!TASK_ID.test(opts.taskId) || utf8Bytes(opts.taskId) > L.taskIdBytes) {
    throw new Error(`renderWecomTemplateCard: invalid task_id ${JSON.stringify(opts.taskId)}`);
  }
  const type = wecomCardType(card, opts.imageUrl);
  const base: WecomTemplateCard = { card_type: type, main_title: mainTitle(card.title, card.subtitle), task_id: opts.taskId };
  const source = sourceOf(card);
  if (source) base.source = source;
  switch (type) {
    case 'multiple_interaction':
    case 'vote_interaction':
      // These types have no text, field or link areas (doc 101032): squeeze the facts into main_title.desc.
      base.main_title = mainTitle(card.title, summary(card));
      return type === 'vote_interaction' ? withVote(base, card, card.selects[0]) : withSelectList(base, card);
    case 'button_interaction':
      return withButtons(withBody(base, card), card);
    case 'news_notice':
      return withNotice(withNewsBody(base, card, opts.imageUrl as string), card, opts.defaultUrl);
    case 'text_notice':
      return withNotice(withBody(base, card), card, opts.defaultUrl);
  }
}

function mainTitle(title: string, desc?: string): WecomTemplateCard['main_title'] {
  const out: WecomTemplateCard['main_title'] = { title: truncateChars(oneLine(title), L.titleChars) };
  if (desc && desc.trim() !== '') out.desc = truncateChars(oneLine(desc), L.descChars);
  return out;
}

function sourceOf(card: Card): WecomTemplateCard['source'] | undefined {
  const tone = card.tone ?? 'info';
  if (tone === 'info') return undefined;
  return { desc: truncateChars(t(card.locale, `card.tone.${tone}`), L.sourceDescChars), desc_color: WECOM_DESC_COLOR[tone] };
}

/** Status (when finished), body text and footer, as plain text. */
function bodyText(card: Card): string {
  const parts = [isFinished(card) ? card.status : undefined, card.text ? stripMarkdownLite(card.text) : undefined, card.footer];
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n');
}

function summary(card: Card): string {
  const parts = [card.subtitle ?? '', ...card.fields.map((f) => `${f.label}：${f.value}`)];
  return parts.filter((p) => p.trim() !== '').join(' · ');
}

/** At most 6 rows; beyond that, 5 rows plus a 'More' row holding the rest (the full card is one tap away). */
export function fitFields(fields: CardField[], moreLabel: string): Array<{ keyname: string; value: string }> {
  const row = (keyname: string, value: string) => ({
    keyname: truncateChars(oneLine(keyname), L.keynameChars),
    value: truncateChars(oneLine(value), L.valueChars),
  });
  if (fields.length <= L.horizontalItems) return fields.map((f) => row(f.label, f.value));
  const head = fields.slice(0, L.horizontalItems - 1).map((f) => row(f.label, f.value));
  const rest = fields.slice(L.horizontalItems - 1).map((f) => `${f.label}：${f.value}`);
  return [...head, row(moreLabel, rest.join('；'))];
}

function withBody(base: WecomTemplateCard, card: Card): WecomTemplateCard {
  const body = bodyText(card);
  if (body) base.sub_title_text = truncateChars(body, L.subTitleChars);
  if (card.fields.length > 0) base.horizontal_content_list = fitFields(card.fields, t(card.locale, 'card.more'));
  if (card.link) {
    base.jump_list = [{ type: 1, title: truncateChars(oneLine(card.link.label), L.jumpTitleChars), url: card.link.url }];
    base.card_action = { type: 1, url: card.link.url };
  }
  return base;
}

/** news_notice has no sub_title_text (doc 101032): the body goes into the quote area under the image. */
function withNewsBody(base: WecomTemplateCard, card: Card, imageUrl: string): WecomTemplateCard {
  base.card_image = { url: imageUrl };
  const body = bodyText(card);
  if (body) base.quote_area = { type: 0, quote_text: truncateChars(body, L.quoteTextChars) };
  const withRows = withBody({ ...base }, { ...card, text: undefined, footer: undefined, status: undefined });
  delete withRows.sub_title_text;
  return withRows;
}

function withNotice(base: WecomTemplateCard, card: Card, defaultUrl: string): WecomTemplateCard {
  if (!base.card_action) base.card_action = { type: 1, url: card.link?.url ?? defaultUrl };
  return base;
}

function wecomButton(b: Button): WecomButton {
  const text = truncateChars(oneLine(b.label), L.buttonTextChars);
  const style = WECOM_BUTTON_STYLE[b.style];
  if (b.url !== undefined) return { type: 1, text, style, url: b.url };
  return { type: 0, text, style, key: checkedKey(encodeActionRef(b.action as NonNullable<Button['action']>)) };
}

function checkedKey(key: string): string {
  if (utf8Bytes(key) > L.keyBytes) throw new Error(`WeCom key over ${L.keyBytes} bytes`);
  return key;
}

function selection(s: Select): WecomSelection {
  const out: WecomSelection = {
    question_key: checkedKey(s.id),
    title: truncateChars(oneLine(s.label), L.selectTitleChars),
    option_list: s.options.slice(0, L.selectOptions).map((o) => ({ id: o.id, text: truncateChars(oneLine(o.label), L.optionTextChars) })),
  };
  if (s.selectedIds.length > 0) out.selected_id = s.selectedIds[0];
  return out;
}

function submitButton(card: Card, s: Select): { text: string; key: string } {
  return { text: truncateChars(t(card.locale, 'card.submit'), L.buttonTextChars), key: checkedKey(encodeActionRef(s.action)) };
}

function withButtons(base: WecomTemplateCard, card: Card): WecomTemplateCard {
  const buttons = card.buttons.map(wecomButton);
  const s = card.selects[0];
  if (s) {
    base.button_selection = selection(s);
    // No callback button to carry the choice: add a submit button with the select's action.
    if (callbackButtons(card).length === 0) {
      const submit = submitButton(card, s);
      buttons.unshift({ type: 0, text: submit.text, style: WECOM_BUTTON_STYLE.primary, key: submit.key });
    }
  }
  base.button_list = buttons.slice(0, L.buttons);
  return base;
}

function withSelectList(base: WecomTemplateCard, card: Card): WecomTemplateCard {
  base.select_list = card.selects.slice(0, L.selects).map(selection);
  base.submit_button = submitButton(card, card.selects[0]);
  return base;
}

function withVote(base: WecomTemplateCard, card: Card, s: Select): WecomTemplateCard {
  const chosen = new Set(s.selectedIds);
  base.checkbox = {
    question_key: checkedKey(s.id),
    mode: 1,
    option_list: s.options.slice(0, L.checkboxOptions).map((o) => ({
      id: o.id,
      text: truncateChars(oneLine(o.label), L.checkboxTextChars),
      is_checked: chosen.has(o.id),
    })),
  };
  base.submit_button = submitButton(card, s);
  return base;
}
