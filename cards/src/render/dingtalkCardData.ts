import { ActionRef, decodeActionRef, encodeActionRef } from '../actionRef';
import { t } from '../i18n/catalogue';
import { Card, callbackButtons, isFinished } from '../model';
import { assertValidCard } from '../validateCard';

/**
 * Variables of the ONE generic DingTalk interactive card template (卡片平台, "互动卡片高级版") that every
 * card kind uses. DingTalk requires every cardParamMap value to be a string ("非字符串类型的卡片数据" are
 * JSON-stringified; booleans become "true"/"false"), see open-dingtalk/dingtalk-card-examples helloworld.
 * The template must be built in the card platform with exactly these variables; list values are JSON arrays
 * the template loops over.
 */
export const DINGTALK_CARD_VARIABLES = {
  kind: 'card kind id, e.g. hazard.assignment (not displayed)',
  title: 'title',
  subtitle: "subtitle, '' when none",
  tone: 'info | success | warning | danger (header colour)',
  fields: 'JSON [{label, value}]',
  fields_md: "fields as markdown lines '**label**：value'",
  body_md: "body markdown, '' when none",
  has_image: '"true" | "false"',
  image: "image media id (upload through DingTalk media API) or ''",
  link_label: "link label, '' when none",
  link_url: "link url, '' when none",
  footer: "footer, '' when none",
  status: "final status, or 'awaiting action' for people who cannot act; '' otherwise",
  finished: '"true" once the card is finished',
  show_actions: '"true" when this viewer sees buttons/selects',
  buttons: 'JSON [{label, style: primary|default|danger, ref, url}] — ref is the callback param, url opens a page',
  selects: 'JSON [{id, label, multiple, options: [{id, label}], selectedIds}]',
  submit_label: "label of the submit button for selects, '' when none",
  submit_ref: "callback param of the submit button, '' when none",
} as const;

/** Name of the callback param that carries the encoded ActionRef (the template's "回传参数"). */
export const DINGTALK_REF_PARAM = 'ref';

/** One card variable map (all values strings). */
export type DingtalkParamMap = Record<keyof typeof DINGTALK_CARD_VARIABLES, string>;

/** Public data plus per-user private data, as createAndDeliver / PUT card instances take them. */
export interface DingtalkCardData {
  cardData: { cardParamMap: DingtalkParamMap };
  /** userId → private variables (overrides the public ones for that user only). */
  privateData?: Record<string, { cardParamMap: Partial<DingtalkParamMap> }>;
}

/** Options for the DingTalk card renderers. */
export interface DingtalkCardOptions {
  /**
   * The people who may act. When given, everyone else sees the card without buttons and with an
   * 'awaiting action' status; the actors get the buttons through private data.
   */
  actorUserIds?: string[];
  /** Media id of the uploaded card image. */
  imageMediaId?: string;
}

type ActionVars = Pick<DingtalkParamMap, 'status' | 'finished' | 'show_actions' | 'buttons' | 'selects' | 'submit_label' | 'submit_ref'>;

/**
 * Renders `cardData` (and `privateData` when actors are named) for createAndDeliver
 * (`POST /v1.0/card/instances/createAndDeliver`) and for updates. Private data has the shape
 * `{userId: {cardParamMap}}` (aliyun/dingtalk-sdk card_1_0 `PrivateDataValue`). Pure.
 */
export function renderDingtalkCardData(card: Card, opts: DingtalkCardOptions = {}): DingtalkCardData {
  assertValidCard(card);
  const actors = opts.actorUserIds ?? [];
  const shared = {
    kind: card.kind,
    title: card.title,
    subtitle: card.subtitle ?? '',
    tone: card.tone ?? 'info',
    fields: JSON.stringify(card.fields.map((f) => ({ label: f.label, value: f.value }))),
    fields_md: card.fields.map((f) => `**${f.label}**：${f.value}`).join('\n'),
    body_md: card.text ?? '',
    has_image: String(Boolean(card.image && opts.imageMediaId)),
    image: card.image && opts.imageMediaId ? opts.imageMediaId : '',
    link_label: card.link?.label ?? '',
    link_url: card.link?.url ?? '',
    footer: card.footer ?? '',
  };
  if (isFinished(card)) {
    const done = finishedVars(card.status as string);
    const out: DingtalkCardData = { cardData: { cardParamMap: { ...shared, ...done } } };
    // Actors saw buttons through private data: override it too, or they keep seeing live buttons.
    if (actors.length > 0) out.privateData = privateFor(actors, done);
    return out;
  }
  const live = actionVars(card);
  if (actors.length === 0) return { cardData: { cardParamMap: { ...shared, ...live } } };
  const waiting: ActionVars = { ...noActions(), status: t(card.locale, 'card.awaiting_action') };
  return { cardData: { cardParamMap: { ...shared, ...waiting } }, privateData: privateFor(actors, live) };
}

/**
 * Body of `PUT /v1.0/card/instances` updating only the listed keys (`updateCardDataByKey`,
 * `updatePrivateDataByKey`), e.g. after the subject changed elsewhere.
 */
export function renderDingtalkCardUpdate(card: Card, outTrackId: string, opts: DingtalkCardOptions = {}) {
  const data = renderDingtalkCardData(card, opts);
  return {
    outTrackId,
    ...data,
    cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
  };
}

/**
 * The `response` of a TOPIC_CARD stream callback that updates the card in place: public data for everyone,
 * `userPrivateData` for the user who clicked (shared/integrations.md §3.4).
 */
export function renderDingtalkCallbackResponse(card: Card, opts: { imageMediaId?: string } = {}) {
  const data = renderDingtalkCardData(card, { imageMediaId: opts.imageMediaId });
  const clicker: Partial<DingtalkParamMap> = isFinished(card) ? finishedVars(card.status as string) : actionVars(card);
  return {
    cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
    cardData: data.cardData,
    userPrivateData: { cardParamMap: clicker },
  };
}

/** What a card callback means: the decoded ref (null when missing or malformed) and the select choices. */
export interface DingtalkCallback {
  ref: ActionRef | null;
  selections: Record<string, string[]>;
}

const SELECT_ID = /^[a-z][a-z_]{0,31}$/;
const OPTION_ID = /^[0-9A-Za-z_-]{1,64}$/;

/**
 * Reads `cardPrivateData.params` of a card callback under our template contract: `ref` holds the encoded
 * ActionRef, and each select's choice comes under its select id (a string or an array of strings).
 * Anything else is ignored. Never throws.
 */
export function decodeDingtalkCallbackParams(params: unknown): DingtalkCallback {
  const out: DingtalkCallback = { ref: null, selections: {} };
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return out;
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    if (key === DINGTALK_REF_PARAM) {
      out.ref = decodeActionRef(value);
    } else if (SELECT_ID.test(key)) {
      const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && OPTION_ID.test(v));
      if (ids.length > 0) out.selections[key] = ids.slice(0, 20);
    }
  }
  return out;
}

function actionVars(card: Card): ActionVars {
  const buttons = card.buttons.map((b) => ({
    label: b.label,
    style: b.style,
    ref: b.action ? encodeActionRef(b.action) : '',
    url: b.url ?? '',
  }));
  const selects = card.selects.map((s) => ({
    id: s.id,
    label: s.label,
    multiple: s.multiple,
    options: s.options.map((o) => ({ id: o.id, label: o.label })),
    selectedIds: [...s.selectedIds],
  }));
  const needsSubmit = card.selects.length > 0 && callbackButtons(card).length === 0;
  return {
    status: '',
    finished: 'false',
    show_actions: String(buttons.length > 0 || selects.length > 0),
    buttons: JSON.stringify(buttons),
    selects: JSON.stringify(selects),
    submit_label: needsSubmit ? t(card.locale, 'card.submit') : '',
    submit_ref: needsSubmit ? encodeActionRef(card.selects[0].action) : '',
  };
}

function noActions(): ActionVars {
  return { status: '', finished: 'false', show_actions: 'false', buttons: '[]', selects: '[]', submit_label: '', submit_ref: '' };
}

function finishedVars(status: string): ActionVars {
  return { ...noActions(), status, finished: 'true' };
}

function privateFor(userIds: string[], vars: ActionVars): Record<string, { cardParamMap: Partial<DingtalkParamMap> }> {
  const out: Record<string, { cardParamMap: Partial<DingtalkParamMap> }> = {};
  for (const id of userIds) out[id] = { cardParamMap: { ...vars } };
  return out;
}
