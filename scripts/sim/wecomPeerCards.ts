/**
 * The local WeCom peer's template card checks (doc 90372 field list, integrations.md §2.1). They
 * mirror WeCom's documented limits so a card WeCom would refuse fails in tests too. errcodes:
 * 42014 for task_id (WeCom: "taskid has existed or empty or exceed max len"), 42045 for a missing
 * card_action (WeCom: "Template_Card.card_action 缺失或不合法"), 40058 (不合法的参数) for the rest.
 */

/** An error answer of the peer. */
export interface PeerError {
  errcode: number;
  errmsg: string;
}

/** Card types WeCom knows; the last three are interactive (button callbacks, response_code). */
export const CARD_TYPES = ['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction'] as const;
export const INTERACTIVE_CARD_TYPES: ReadonlySet<string> = new Set(['button_interaction', 'vote_interaction', 'multiple_interaction']);

/** task_id: `[0-9A-Za-z_\-@]`, at most 128 bytes. */
export const TASK_ID_PATTERN = /^[0-9A-Za-z_\-@]{1,128}$/;

type Json = Record<string, unknown>;

class CardInvalid extends Error {
  constructor(readonly peerError: PeerError) {
    super(peerError.errmsg);
  }
}

function fail(errcode: number, hint: string): never {
  throw new CardInvalid({ errcode, errmsg: hint });
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function list(card: Json, field: string, min: number, max: number, required: boolean): Json[] {
  const value = card[field];
  if (value === undefined && !required) return [];
  if (!Array.isArray(value) || value.length < min || value.length > max || !value.every(isObject)) {
    fail(40058, `invalid Template_Card.${field}: expect ${min}..${max} items`);
  }
  return value as Json[];
}

function options(owner: Json, field: string, max: number): void {
  const opts = list(owner, 'option_list', 1, max, true);
  for (const o of opts) if (!str(o.id) || !str(o.text)) fail(40058, `invalid Template_Card.${field}.option_list item`);
}

function submitButton(card: Json): void {
  const b = card.submit_button;
  if (!isObject(b) || !str(b.text) || !str(b.key)) fail(40058, 'missing Template_Card.submit_button');
  if (Buffer.byteLength(str(b.key)) > 1024) fail(40058, 'Template_Card.submit_button.key exceeds 1024 bytes');
}

function checkCard(card: unknown): void {
  if (!isObject(card)) fail(40058, 'missing template_card');
  const type = str(card.card_type);
  if (!(CARD_TYPES as readonly string[]).includes(type)) fail(40058, 'invalid Template_Card.card_type');
  const interactive = INTERACTIVE_CARD_TYPES.has(type);
  const taskId = card.task_id;
  if (taskId !== undefined && (typeof taskId !== 'string' || !TASK_ID_PATTERN.test(taskId))) {
    fail(42014, 'taskid has existed or empty or exceed max len');
  }
  if (taskId === undefined && (interactive || card.action_menu !== undefined)) fail(42014, 'taskid has existed or empty or exceed max len');

  if (card.source !== undefined) {
    const src = card.source;
    if (!isObject(src) || (src.desc_color !== undefined && ![0, 1, 2, 3].includes(Number(src.desc_color)))) fail(40058, 'invalid Template_Card.source');
  }
  if (card.action_menu !== undefined) {
    if (!isObject(card.action_menu)) fail(40058, 'invalid Template_Card.action_menu');
    for (const a of list(card.action_menu, 'action_list', 1, 3, true)) if (!str(a.text) || !str(a.key)) fail(40058, 'invalid Template_Card.action_menu.action_list');
  }
  const main = isObject(card.main_title) ? card.main_title : {};
  if (type === 'text_notice' ? !str(main.title) && !str(card.sub_title_text) : !str(main.title)) fail(40058, 'missing Template_Card.main_title.title');
  if (card.quote_area !== undefined && (!isObject(card.quote_area) || ![undefined, 0, 1, 2].includes(card.quote_area.type as number))) {
    fail(40058, 'invalid Template_Card.quote_area');
  }
  for (const h of list(card, 'horizontal_content_list', 0, 6, false)) if (!str(h.keyname)) fail(40058, 'invalid Template_Card.horizontal_content_list');
  for (const j of list(card, 'jump_list', 0, 3, false)) if (!str(j.title)) fail(40058, 'invalid Template_Card.jump_list');

  const action = card.card_action;
  if (action !== undefined || !interactive) {
    const ok = isObject(action) && ((Number(action.type) === 1 && str(action.url)) || (Number(action.type) === 2 && str(action.appid)));
    if (!ok) fail(42045, 'Template_Card.card_action 缺失或不合法');
  }

  if (type === 'news_notice') {
    const image = isObject(card.card_image) && str(card.card_image.url);
    const area = isObject(card.image_text_area) && str(card.image_text_area.image_url);
    if (!image && !area) fail(40058, 'missing Template_Card.card_image');
    list(card, 'vertical_content_list', 0, 4, false);
  }
  if (type === 'button_interaction') {
    for (const b of list(card, 'button_list', 1, 6, true)) {
      if (!str(b.text)) fail(40058, 'invalid Template_Card.button_list.text');
      if (Number(b.type ?? 0) === 1) {
        if (!str(b.url)) fail(40058, 'missing Template_Card.button_list.url');
      } else if (!str(b.key) || Buffer.byteLength(str(b.key)) > 1024) {
        fail(40058, 'invalid Template_Card.button_list.key');
      }
    }
    if (card.button_selection !== undefined) {
      if (!isObject(card.button_selection) || !str(card.button_selection.question_key)) fail(40058, 'invalid Template_Card.button_selection');
      options(card.button_selection, 'button_selection', 10);
    }
  }
  if (type === 'vote_interaction') {
    const box = card.checkbox;
    if (!isObject(box) || !str(box.question_key) || ![undefined, 0, 1].includes(box.mode as number)) fail(40058, 'invalid Template_Card.checkbox');
    options(box, 'checkbox', 20);
    submitButton(card);
  }
  if (type === 'multiple_interaction') {
    for (const s of list(card, 'select_list', 1, 3, true)) {
      if (!str(s.question_key)) fail(40058, 'invalid Template_Card.select_list.question_key');
      options(s, 'select_list', 10);
    }
    submitButton(card);
  }
}

/** null when WeCom would accept the card's shape; otherwise the error WeCom answers. */
export function validateTemplateCard(card: unknown): PeerError | null {
  try {
    checkCard(card);
    return null;
  } catch (e) {
    if (e instanceof CardInvalid) return e.peerError;
    throw e;
  }
}
