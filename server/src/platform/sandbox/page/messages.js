// The chat column: keeps every polled message by id and draws the open conversation. Cards update
// in place (same id, higher version), so a changed message replaces its own node and keeps its spot.
import { el, photo, renderCard, renderNotice } from './cards.js';
import { t } from './i18n.js';

function clock(iso) {
  const d = new Date(iso);
  const now = new Date();
  const hm = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
  if (d.toDateString() === now.toDateString()) return hm;
  return `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${hm}`;
}

function locationBody(b) {
  const box = el('div', 'location');
  box.append(el('span', 'pin'));
  const text = el('span');
  if (b.label) text.append(el('strong', '', b.label), document.createElement('br'));
  text.append(`${Number(b.lat).toFixed(5)}, ${Number(b.lng).toFixed(5)} (${b.datum || 'WGS-84'})`);
  box.append(text);
  return box;
}

/** The content of one message by kind; unknown kinds show as JSON so nothing silently disappears. */
function content(msg, onAction, memory) {
  const b = msg.body || {};
  switch (msg.kind) {
    case 'text':
      return el('div', 'bubble text', b.text);
    case 'image': {
      const box = el('div', 'bubble image');
      box.append(photo(b.fileId, t('image_alt')));
      return box;
    }
    case 'location': {
      const box = el('div', 'bubble');
      box.append(locationBody(b));
      return box;
    }
    case 'card':
      return b.type === 'notice' ? renderNotice(b) : renderCard(msg, onAction, memory);
    case 'markdown':
      return renderNotice(b);
    default:
      return el('pre', 'bubble', JSON.stringify(b, null, 2));
  }
}

/** Draws and updates the message list of the open conversation. */
export class ChatView {
  /**
   * @param {HTMLElement} list the scrolling message container
   * @param {{onAction: Function, nameOf: (personId: string) => string}} opts
   */
  constructor(list, opts) {
    this.list = list;
    this.opts = opts;
    this.byId = new Map();
    this.choices = new Map();
    this.open = null;
  }

  /** Forgets everything (another person was picked). */
  clear() {
    this.byId.clear();
    this.choices.clear();
    this.open = null;
    this.list.replaceChildren();
  }

  /** Shows one conversation from what is stored. */
  show(conversation) {
    this.open = conversation;
    this.list.replaceChildren();
    const msgs = [...this.byId.values()].filter((m) => m.conversation === conversation).sort((a, b) => a.id - b.id);
    for (const m of msgs) this.list.append(this.node(m));
    this.placeholder();
    this.list.scrollTop = this.list.scrollHeight;
  }

  /**
   * Takes polled messages (new or changed); draws those of the open conversation and returns,
   * per conversation, how many were new (for unread badges).
   */
  ingest(messages) {
    const fresh = new Map();
    const nearBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 120;
    let ownNew = false;
    for (const m of messages) {
      const prev = this.byId.get(m.id);
      if (prev && prev.version === m.version && prev.rev === m.rev) continue;
      this.byId.set(m.id, m);
      if (!prev) fresh.set(m.conversation, (fresh.get(m.conversation) || 0) + 1);
      if (m.conversation !== this.open) continue;
      if (!prev && m.direction === 'in') ownNew = true;
      this.upsert(m);
    }
    this.placeholder();
    if (nearBottom || ownNew) this.list.scrollTop = this.list.scrollHeight;
    return fresh;
  }

  upsert(m) {
    const node = this.node(m);
    const existing = this.list.querySelector(`[data-id="${m.id}"]`);
    if (existing) {
      existing.replaceWith(node);
      return;
    }
    // Ids grow with time, so the first later message is where this one belongs.
    const later = Array.from(this.list.querySelectorAll('[data-id]')).find((n) => Number(n.dataset.id) > m.id);
    this.list.insertBefore(node, later || null);
  }

  node(m) {
    const row = el('div', `msg msg-${m.direction} kind-${m.kind}`);
    row.dataset.id = String(m.id);
    row.dataset.version = String(m.version);
    const who = m.direction === 'in' ? this.opts.nameOf(m.senderPersonId) : t('bot');
    row.append(el('div', 'avatar', who.slice(0, 1)));
    const body = el('div', 'msg-body');
    body.append(el('div', 'msg-meta', `${who} · ${clock(m.createdAt)}`), content(m, this.opts.onAction, this.choices));
    row.append(body);
    return row;
  }

  placeholder() {
    const hasMessages = this.list.querySelector('[data-id]') !== null;
    const existing = this.list.querySelector('.empty');
    if (hasMessages && existing) existing.remove();
    if (!hasMessages && !existing && this.open) this.list.append(el('p', 'empty', t('empty_chat')));
  }
}
