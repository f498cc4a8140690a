// Draws the bodies cards/src/render/sandbox.ts produces (SandboxCard, SandboxNotice). Generic: any card
// kind works, because everything the page needs (labels, encoded actions, selects) is in the body.
import { t } from './i18n.js';
import { linkNode, renderMarkdown } from './markdown.js';

/** Creates an element with a class and optional text. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** A stored photo as a thumbnail that opens the original; falls back to its description if it fails. */
export function photo(fileId, alt) {
  const src = `/api/files/${encodeURIComponent(fileId)}`;
  const a = el('a', 'photo');
  a.href = src;
  a.target = '_blank';
  a.rel = 'noopener';
  a.title = t('open_image');
  const img = el('img');
  img.src = src;
  img.alt = alt || t('image_alt');
  img.loading = 'lazy';
  img.addEventListener('error', () => a.replaceWith(el('span', 'photo-missing', `[${t('image_alt')}] ${alt || t('image_failed')}`)));
  a.append(img);
  return a;
}

function fieldList(fields) {
  const dl = el('dl', 'card-fields');
  for (const f of fields) {
    const row = el('div', 'card-field');
    row.append(el('dt', '', f.label), el('dd', '', f.value));
    dl.append(row);
  }
  return dl;
}

/** One select as a group of radios (single choice) or checkboxes (multiple); writes into `chosen`. */
function selectGroup(messageId, select, chosen) {
  const fs = el('fieldset', 'card-select');
  fs.append(el('legend', '', select.label));
  const name = `sel-${messageId}-${select.id}`;
  for (const o of select.options) {
    const label = el('label', 'choice');
    const input = el('input');
    input.type = select.multiple ? 'checkbox' : 'radio';
    input.name = name;
    input.value = o.id;
    input.checked = chosen[select.id].includes(o.id);
    input.addEventListener('change', () => {
      const boxes = fs.querySelectorAll(`input[name="${name}"]`);
      chosen[select.id] = Array.from(boxes).filter((b) => b.checked).map((b) => b.value);
    });
    label.append(input, el('span', '', o.label));
    fs.append(label);
  }
  return fs;
}

/** A callback button (posts the action with the current choices) or a link button. */
function cardButton(b, onClick) {
  const cls = `btn btn-${b.style || 'default'}`;
  if (b.url && !b.action) {
    const link = linkNode(b.label, b.url);
    if (link.nodeType === Node.ELEMENT_NODE) link.className = cls;
    return link;
  }
  const btn = el('button', cls, b.label);
  btn.type = 'button';
  btn.addEventListener('click', () => onClick(b.action));
  return btn;
}

/**
 * Renders a card message. `onAction(messageId, action, selections)` returns a promise; the card's
 * buttons stay disabled while it runs so a double click sends once. `memory` keeps the reader's
 * choices per card version, so redrawing the chat does not lose them (a new version starts afresh).
 */
export function renderCard(msg, onAction, memory = new Map()) {
  const c = msg.body;
  const card = el('article', `card tone-${c.tone || 'info'}${c.finished ? ' finished' : ''}`);
  card.setAttribute('aria-label', c.title);
  card.dataset.kind = c.kind || '';
  const head = el('header', 'card-head');
  head.append(el('h3', 'card-title', c.title));
  if (c.subtitle) head.append(el('p', 'card-subtitle', c.subtitle));
  card.append(head);
  if (c.fields && c.fields.length) card.append(fieldList(c.fields));
  if (c.text) card.append(markdownBlock('card-text md', c.text));
  if (c.image) card.append(photo(c.image.fileId, c.image.alt));
  if (c.link) card.append(linkLine(c.link));

  const key = `${msg.id}:${msg.version}`;
  const chosen = memory.get(key) || Object.fromEntries((c.selects || []).map((s) => [s.id, [...s.selectedIds]]));
  memory.set(key, chosen);
  for (const s of c.selects || []) card.append(selectGroup(msg.id, s, chosen));

  const actions = el('div', 'card-actions');
  const click = async (action) => {
    const buttons = card.querySelectorAll('button');
    buttons.forEach((b) => (b.disabled = true));
    try {
      const selections = Object.keys(chosen).length ? structuredClone(chosen) : undefined;
      await onAction(msg.id, action, selections);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  };
  for (const b of c.buttons || []) actions.append(cardButton(b, click));
  if (c.submit) actions.append(cardButton({ label: c.submit.label, style: 'primary', action: c.submit.action }, click));
  if (actions.childNodes.length) card.append(actions);
  if (c.status) card.append(el('p', 'card-status', c.status));
  if (c.footer) card.append(el('footer', 'card-footer', c.footer));
  return card;
}

function markdownBlock(className, text) {
  const div = el('div', className);
  div.append(renderMarkdown(text));
  return div;
}

function linkLine(link) {
  const p = el('p', 'card-link');
  p.append(linkNode(link.label, link.url));
  return p;
}

/** Renders a group notice (markdown) with its optional photo and link. */
export function renderNotice(body) {
  const box = el('article', 'notice');
  box.setAttribute('aria-label', body.title);
  box.append(el('h3', 'notice-title', body.title));
  box.append(markdownBlock('md', body.markdown));
  if (body.image) box.append(photo(body.image.fileId, body.image.alt));
  if (body.link) box.append(linkLine(body.link));
  return box;
}
