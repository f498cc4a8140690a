import { actionRefProblem, encodeActionRef } from './actionRef';
import { Card, Notice } from './model';
import { charCount } from './render/truncateText';

/**
 * Limits of the neutral model: what a card may hold so that EVERY renderer can show it without dropping
 * actions. Platform limits are tighter for text and are handled by cutting text in the renderers; these
 * are about structure, which renderers cannot fix.
 * - buttons ≤ 5: WeCom allows 6 (button_list), DingTalk robot action cards show at most 5 (sampleActionCard5).
 * - selects ≤ 3, options ≤ 10: WeCom multiple_interaction "最多支持 3 个选择器", "下拉选项不超过 10 个".
 * - a lone multiple-choice select ≤ 20 options: WeCom vote_interaction checkbox "选项个数不超过 20 个".
 */
export const NEUTRAL_LIMITS = {
  titleChars: 64,
  fields: 12,
  buttons: 5,
  selects: 3,
  options: 10,
  multipleOptions: 20,
  textChars: 2000,
} as const;

/** One thing wrong with a card: a stable code, where, and message parameters. */
export interface CardProblem {
  code: CardProblemCode;
  path: string;
  params?: Record<string, string | number>;
}

/** Stable problem codes. */
export type CardProblemCode =
  | 'invalid_kind'
  | 'empty_title'
  | 'title_too_long'
  | 'too_many_fields'
  | 'empty_field_label'
  | 'text_too_long'
  | 'empty_image_file'
  | 'invalid_link_url'
  | 'too_many_buttons'
  | 'empty_button_label'
  | 'button_needs_action_or_url'
  | 'invalid_action_ref'
  | 'duplicate_button_action'
  | 'too_many_selects'
  | 'invalid_select_id'
  | 'duplicate_select_id'
  | 'empty_select_label'
  | 'no_options'
  | 'too_many_options'
  | 'invalid_option_id'
  | 'duplicate_option_id'
  | 'empty_option_label'
  | 'unknown_selected_option'
  | 'several_selected_in_single_select'
  | 'selects_action_mismatch'
  | 'selects_with_buttons'
  | 'multiple_select_not_alone';

const KIND = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const SELECT_ID = /^[a-z][a-z_]{0,31}$/;
const OPTION_ID = /^[0-9A-Za-z_-]{1,64}$/;
const HTTP_URL = /^https?:\/\/[^\s]+$/;

/** Checks a card against the neutral model's rules; an empty list means every renderer can show it. */
export function validateCard(c: Card): CardProblem[] {
  const problems: CardProblem[] = [];
  const add = (code: CardProblemCode, path: string, params?: CardProblem['params']): void => {
    problems.push(params ? { code, path, params } : { code, path });
  };
  if (!KIND.test(c.kind)) add('invalid_kind', 'kind');
  checkTitle(c.title, add);
  if (c.fields.length > NEUTRAL_LIMITS.fields) add('too_many_fields', 'fields', { max: NEUTRAL_LIMITS.fields });
  c.fields.forEach((f, i) => {
    if (f.label.trim() === '') add('empty_field_label', `fields[${i}].label`);
  });
  if (c.text !== undefined && charCount(c.text) > NEUTRAL_LIMITS.textChars) add('text_too_long', 'text', { max: NEUTRAL_LIMITS.textChars });
  if (c.image && c.image.fileId.trim() === '') add('empty_image_file', 'image.fileId');
  if (c.link && !HTTP_URL.test(c.link.url)) add('invalid_link_url', 'link.url');
  checkButtons(c, add);
  checkSelects(c, add);
  return problems;
}

/** Checks a group notice: a title and a valid link if any. */
export function validateNotice(n: Notice): CardProblem[] {
  const problems: CardProblem[] = [];
  const add = (code: CardProblemCode, path: string, params?: CardProblem['params']): void => {
    problems.push(params ? { code, path, params } : { code, path });
  };
  checkTitle(n.title, add);
  if (n.image && n.image.fileId.trim() === '') add('empty_image_file', 'image.fileId');
  if (n.link && !HTTP_URL.test(n.link.url)) add('invalid_link_url', 'link.url');
  return problems;
}

type Add = (code: CardProblemCode, path: string, params?: CardProblem['params']) => void;

function checkTitle(title: string, add: Add): void {
  if (title.trim() === '') add('empty_title', 'title');
  else if (charCount(title) > NEUTRAL_LIMITS.titleChars) add('title_too_long', 'title', { max: NEUTRAL_LIMITS.titleChars });
}

function checkButtons(c: Card, add: Add): void {
  if (c.buttons.length > NEUTRAL_LIMITS.buttons) add('too_many_buttons', 'buttons', { max: NEUTRAL_LIMITS.buttons });
  const seen = new Set<string>();
  c.buttons.forEach((b, i) => {
    const path = `buttons[${i}]`;
    if (b.label.trim() === '') add('empty_button_label', `${path}.label`);
    if ((b.action === undefined) === (b.url === undefined)) {
      add('button_needs_action_or_url', path);
      return;
    }
    if (b.url !== undefined && !HTTP_URL.test(b.url)) add('invalid_link_url', `${path}.url`);
    if (b.action !== undefined) {
      const problem = actionRefProblem(b.action);
      if (problem) return add('invalid_action_ref', `${path}.action`, { problem });
      // WeCom button keys must be unique within a card ("不可重复", doc 90236).
      const key = encodeActionRef(b.action);
      if (seen.has(key)) add('duplicate_button_action', `${path}.action`);
      seen.add(key);
    }
  });
}

function checkSelects(c: Card, add: Add): void {
  const { selects } = c;
  if (selects.length === 0) return;
  if (selects.length > NEUTRAL_LIMITS.selects) add('too_many_selects', 'selects', { max: NEUTRAL_LIMITS.selects });
  const ids = new Set<string>();
  selects.forEach((s, i) => {
    const path = `selects[${i}]`;
    if (!SELECT_ID.test(s.id)) add('invalid_select_id', `${path}.id`);
    if (ids.has(s.id)) add('duplicate_select_id', `${path}.id`);
    ids.add(s.id);
    if (s.label.trim() === '') add('empty_select_label', `${path}.label`);
    const problem = actionRefProblem(s.action);
    if (problem) add('invalid_action_ref', `${path}.action`, { problem });
    checkOptions(s, path, add);
  });
  const first = selects[0];
  if (actionRefProblem(first.action) === null) {
    const key = encodeActionRef(first.action);
    selects.slice(1).forEach((s, i) => {
      if (actionRefProblem(s.action) === null && encodeActionRef(s.action) !== key) {
        add('selects_action_mismatch', `selects[${i + 1}].action`);
      }
    });
  }
  const hasMultiple = selects.some((s) => s.multiple);
  if (hasMultiple && (selects.length > 1 || c.buttons.length > 0)) add('multiple_select_not_alone', 'selects');
  else if (c.buttons.length > 0 && selects.length > 1) add('selects_with_buttons', 'selects');
}

function checkOptions(s: Card['selects'][number], path: string, add: Add): void {
  const max = s.multiple ? NEUTRAL_LIMITS.multipleOptions : NEUTRAL_LIMITS.options;
  if (s.options.length === 0) add('no_options', `${path}.options`);
  if (s.options.length > max) add('too_many_options', `${path}.options`, { max });
  const optionIds = new Set<string>();
  s.options.forEach((o, j) => {
    if (!OPTION_ID.test(o.id)) add('invalid_option_id', `${path}.options[${j}].id`);
    if (optionIds.has(o.id)) add('duplicate_option_id', `${path}.options[${j}].id`);
    optionIds.add(o.id);
    if (o.label.trim() === '') add('empty_option_label', `${path}.options[${j}].label`);
  });
  s.selectedIds.forEach((id, j) => {
    if (!optionIds.has(id)) add('unknown_selected_option', `${path}.selectedIds[${j}]`);
  });
  if (!s.multiple && s.selectedIds.length > 1) add('several_selected_in_single_select', `${path}.selectedIds`);
}

/** Thrown by renderers for a card that breaks the neutral rules: a builder bug, caught by its snapshot test. */
export class InvalidCardError extends Error {
  constructor(
    readonly kind: string,
    readonly problems: CardProblem[],
  ) {
    super(`invalid card ${kind}: ${problems.map((p) => `${p.code} at ${p.path}`).join(', ')}`);
    this.name = 'InvalidCardError';
  }
}

/** Throws InvalidCardError unless validateCard finds nothing. Renderers call it before rendering. */
export function assertValidCard(c: Card): void {
  const problems = validateCard(c);
  if (problems.length > 0) throw new InvalidCardError(c.kind, problems);
}
