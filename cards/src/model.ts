import { ActionName } from './actions';
import { ActionRef } from './actionRef';
import { Locale } from './i18n/messageTypes';

/**
 * The platform-neutral card model. Domain builders (`presentHazardCard.ts`, ...) return a Card with
 * user-facing text already translated; renderers (render/sandbox|wecom|dingtalk) turn it into platform JSON
 * and cut text to each platform's limits, so builders never think about WeCom or DingTalk sizes.
 *
 * Interaction rules every renderer relies on (validateCard checks them):
 * - Every action event carries the current choices of all selects on the card.
 * - A card with selects and no callback buttons gets a submit button whose action is the selects' action;
 *   all selects on one card share that action.
 * - Selects and buttons together: only one single-choice select (WeCom's button_interaction has one
 *   `button_selection`). A multiple-choice select stands alone (WeCom vote_interaction).
 * - `status` set = the card is finished: renderers show the status instead of buttons and selects.
 */
export interface Card {
  /** Card kind id, dotted lowercase, e.g. 'hazard.assignment'. */
  kind: string;
  /** Locale the text is in; renderers use it for the few words they add ('提交', '更多'). Default zh-CN. */
  locale?: Locale;
  title: string;
  subtitle?: string;
  tone?: CardTone;
  /** Label/value rows, in display order. */
  fields: CardField[];
  /** Body in markdown-lite (see render/stripMarkdown.ts). */
  text?: string;
  /** A stored photo (files store id); each platform uploads it and passes its own media id/url to the renderer. */
  image?: CardImage;
  /** "Open the details" link (H5 page or mini-program web view). */
  link?: CardLink;
  buttons: Button[];
  selects: Select[];
  /** Shown instead of buttons when the card is finished, e.g. '已批准 · 李四 10:32'. */
  status?: string;
  footer?: string;
}

/** Visual tone of a card. */
export type CardTone = 'info' | 'success' | 'warning' | 'danger';

/** One label/value row. */
export interface CardField {
  label: string;
  value: string;
}

/** A photo reference: `fileId` is the files-store id; `alt` describes it for text-only renderings. */
export interface CardImage {
  fileId: string;
  alt: string;
}

/** A link with its label. */
export interface CardLink {
  label: string;
  url: string;
}

/** Button emphasis. */
export type ButtonStyle = 'primary' | 'default' | 'danger';

/** A button: either a callback (`action`) or a link that opens a page (`url`) — exactly one of the two. */
export interface Button {
  label: string;
  style: ButtonStyle;
  action?: ActionRef;
  url?: string;
}

/** One choice of a select. `id` is `[0-9A-Za-z_-]{1,64}` (it comes back in callbacks). */
export interface SelectOption {
  id: string;
  label: string;
}

/** A question with choices; submitting the card sends the chosen option ids under `id`. */
export interface Select {
  /** Question key, `[a-z][a-z_]*` ≤ 32 chars. */
  id: string;
  label: string;
  options: SelectOption[];
  selectedIds: string[];
  multiple: boolean;
  action: ActionRef;
}

/** A group post: read-only, markdown. Anything someone must act on is a Card sent to named people. */
export interface Notice {
  kind?: string;
  locale?: Locale;
  title: string;
  /** Markdown-lite body. */
  markdown: string;
  image?: CardImage;
  link?: CardLink;
}

/** Optional parts of a card, for `card()`. */
export type CardParts = Partial<Omit<Card, 'kind' | 'title'>>;

/** Builds a card with empty fields/buttons/selects unless given. */
export function card(kind: string, title: string, parts: CardParts = {}): Card {
  return { kind, title, ...parts, fields: parts.fields ?? [], buttons: parts.buttons ?? [], selects: parts.selects ?? [] };
}

/** Builds a label/value row. */
export function field(label: string, value: string): CardField {
  return { label, value };
}

/** Builds an ActionRef. */
export function actionRef(action: ActionName, subjectType: string, subjectId: string, cardVersion: number): ActionRef {
  return { action, subjectType, subjectId, cardVersion };
}

/** Builds a callback button. */
export function button(label: string, action: ActionRef, style: ButtonStyle = 'default'): Button {
  return { label, style, action };
}

/** Builds a button that opens `url` instead of calling back. */
export function linkButton(label: string, url: string, style: ButtonStyle = 'default'): Button {
  return { label, style, url };
}

/** Builds a select; single choice with nothing preselected unless told. */
export function select(
  id: string,
  label: string,
  options: SelectOption[],
  action: ActionRef,
  opts: { selectedIds?: string[]; multiple?: boolean } = {},
): Select {
  return { id, label, options, action, selectedIds: opts.selectedIds ?? [], multiple: opts.multiple ?? false };
}

/** Builds a select option. */
export function option(id: string, label: string): SelectOption {
  return { id, label };
}

/** Builds a group notice. */
export function notice(title: string, markdown: string, parts: Omit<Partial<Notice>, 'title' | 'markdown'> = {}): Notice {
  return { title, markdown, ...parts };
}

/** The same card, finished: `status` replaces its buttons and selects on every platform. */
export function finishCard(c: Card, status: string): Card {
  return { ...c, status };
}

/** True for a Notice, false for a Card (cards always carry `fields`). */
export function isNotice(x: Card | Notice): x is Notice {
  return !('fields' in x) && 'markdown' in x;
}

/** True once the card shows a status instead of actions. */
export function isFinished(c: Card): boolean {
  return typeof c.status === 'string' && c.status.trim() !== '';
}

/** Buttons that call back (not links). */
export function callbackButtons(c: Card): Array<Button & { action: ActionRef }> {
  return c.buttons.filter((b): b is Button & { action: ActionRef } => b.action !== undefined && b.url === undefined);
}
