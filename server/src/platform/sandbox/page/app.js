// The Sandbox page: pick a person, see their chats, talk to the bot like WeCom or DingTalk would.
// Start-up, the person picker, the conversation list, polling and card clicks live here; the chat
// column, cards, composer and API seam have their own modules.
import { ApiError, call, guarded, newClientId, setToken, toast } from './api.js';
import { el } from './cards.js';
import { resetComposer, setComposerMode, setPresets, setupComposer } from './composer.js';
import { currentLang, setLang, t, translateStatic } from './i18n.js';
import { ChatView } from './messages.js';

/** The poll answer holds at most this many messages (SandboxRepo.since); a full page means "ask again". */
const POLL_PAGE = 200;
const POLL_MS = 1000;
/** Per tab, so two tabs can be two people. */
const PERSON_KEY = 'anquan.sandbox.person';

const $ = (id) => document.getElementById(id);

const state = {
  directory: null, // GET /sandbox/api/people
  plant: null,
  person: null,
  conversations: [],
  open: null,
  lastRev: 0,
  unread: new Map(),
  polling: false,
  pollFailed: false,
  reloginAt: 0,
  /** Bumped on every pick, so an answer to a poll sent before the pick is dropped. */
  generation: 0,
};

const view = new ChatView($('messages'), { onAction: postAction, nameOf });

// ---------------------------------------------------------------- people

function nameOf(personId) {
  if (state.person && personId === state.person.id) return state.person.name;
  const p = state.plant && state.plant.people.find((x) => x.id === personId);
  return p ? p.name : t('you');
}

function roleNames(plant, roles) {
  const names = new Map((plant.roles || []).map((r) => [r.key, r.name]));
  return roles.map((k) => (currentLang() === 'en' ? k.replace(/_/g, ' ') : names.get(k) || k)).join(t('roles_sep'));
}

/** Fills the picker: one option group per department, in the order people appear in the plant file. */
function renderPicker() {
  const sel = $('person');
  const current = sel.value;
  sel.replaceChildren(new Option(t('pick_placeholder'), ''));
  const many = state.directory.plants.length > 1;
  for (const plant of state.directory.plants) {
    const deptNames = new Map((plant.departments || []).map((d) => [d.key, d.name]));
    const groups = new Map();
    for (const p of plant.people) {
      const key = p.departmentKey || '';
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(p);
    }
    for (const [key, people] of groups) {
      const og = document.createElement('optgroup');
      const dept = deptNames.get(key) || key || t('no_department');
      og.label = many ? `${plant.name} · ${dept}` : dept;
      for (const p of people) og.append(new Option(`${p.name} · ${roleNames(plant, p.roles)}`, `${plant.id}|${p.id}`));
      sel.append(og);
    }
  }
  sel.value = current;
}

function renderWhoAmI() {
  const box = $('whoami');
  box.replaceChildren();
  box.hidden = !state.person;
  if (!state.person) return;
  const p = state.plant.people.find((x) => x.id === state.person.id) || state.person;
  box.append(el('strong', '', p.name));
  if (p.title) box.append(el('div', 'muted', p.title));
  const chips = el('div', 'chips');
  for (const r of p.roles || []) chips.append(el('span', 'chip', roleNames(state.plant, [r])));
  box.append(chips);
}

/** Acts as a person: new session, fresh chat state. */
async function pick(plantId, personId) {
  const res = await call('POST', '/sandbox/api/session', { plantId, personId });
  setToken(res.token);
  sessionStorage.setItem(PERSON_KEY, JSON.stringify({ plantId, personId }));
  state.plant = state.directory.plants.find((x) => x.id === plantId);
  state.person = res.person;
  state.generation += 1;
  state.lastRev = 0;
  state.unread.clear();
  view.clear();
  $('person').value = `${plantId}|${personId}`;
  renderWhoAmI();
  resetComposer();
  setPresets(plantId);
  state.conversations = await call('GET', '/sandbox/api/conversations');
  openConversation(state.conversations[0].id);
  await poll();
}

// ---------------------------------------------------------------- conversations

function renderConversations() {
  const ul = $('conversations');
  ul.replaceChildren();
  for (const c of state.conversations) {
    const btn = el('button', 'conv');
    btn.type = 'button';
    if (c.id === state.open) btn.setAttribute('aria-current', 'true');
    const icon = el('span', `conv-icon ${c.kind}`, c.name.slice(0, 1));
    icon.setAttribute('aria-hidden', 'true');
    btn.append(icon, el('span', 'conv-name', c.name), el('span', 'conv-kind', t(c.kind === 'dm' ? 'dm_hint' : 'group_hint')));
    const n = state.unread.get(c.id) || 0;
    if (n > 0) {
      const badge = el('span', 'badge', String(n));
      badge.setAttribute('aria-label', `${n} ${t('unread')}`);
      btn.append(badge);
    }
    btn.addEventListener('click', () => openConversation(c.id));
    const li = el('li');
    li.append(btn);
    ul.append(li);
  }
}

function openConversation(id) {
  const conv = state.conversations.find((c) => c.id === id);
  if (!conv) return;
  state.open = id;
  state.unread.delete(id);
  $('chat-title').textContent = conv.name;
  $('chat-kind').textContent = t(conv.kind === 'dm' ? 'dm_hint' : 'group_hint');
  setComposerMode(conv.kind);
  renderConversations();
  view.show(id);
}

// ---------------------------------------------------------------- polling and clicks

/** Fetches every change since the last revision; never runs twice at once. */
async function poll() {
  if (!state.person || state.polling) return;
  state.polling = true;
  const generation = state.generation;
  try {
    for (;;) {
      const res = await call('GET', `/sandbox/api/poll?after=${state.lastRev}`);
      if (state.generation !== generation) return; // a person was picked meanwhile
      const initial = state.lastRev === 0;
      for (const m of res.messages) state.lastRev = Math.max(state.lastRev, Number(m.rev));
      const fresh = view.ingest(res.messages);
      // History loaded on the first poll is not "unread".
      if (!initial) for (const [conv, n] of fresh) if (conv !== state.open) state.unread.set(conv, (state.unread.get(conv) || 0) + n);
      if (fresh.size) renderConversations();
      if (res.messages.length < POLL_PAGE) break;
    }
    state.pollFailed = false;
  } catch (err) {
    await pollFailed(err);
  } finally {
    state.polling = false;
  }
}

async function pollFailed(err) {
  // An expired session: quietly start a new one for the same person (at most twice a minute,
  // so a Sandbox switched off on the server does not turn into a login every second).
  if (err instanceof ApiError && err.status === 401 && state.person && Date.now() - state.reloginAt > 30_000) {
    state.reloginAt = Date.now();
    setToken(null);
    await guarded(() => pick(state.plant.id, state.person.id));
    return;
  }
  if (!state.pollFailed) toast(err.message || t('network_error'));
  state.pollFailed = true; // one toast per outage, not one a second
}

/** Posts a card click (with the card's current choices) and polls for the bot's answer. */
async function postAction(messageId, action, selections) {
  await guarded(async () => {
    await call('POST', '/sandbox/api/actions', { clientId: newClientId(), messageId: Number(messageId), action, ...(selections ? { selections } : {}) });
    toast(t('sent_action'), 'info');
    await poll();
  });
}

// ---------------------------------------------------------------- language and start-up

function renderBanner() {
  $('banner-text').textContent = state.directory ? state.directory.banner[currentLang()] || state.directory.banner['zh-CN'] : '';
}

function retranslate() {
  translateStatic();
  $('lang').textContent = t('other_lang');
  renderBanner();
  if (!state.directory) return;
  renderPicker();
  renderWhoAmI();
  if (state.plant) setPresets(state.plant.id);
  if (state.open) openConversation(state.open);
  else $('messages').replaceChildren(el('p', 'empty', t('no_person')));
}

function wire() {
  $('lang').addEventListener('click', () => {
    setLang(currentLang() === 'en' ? 'zh-CN' : 'en');
    retranslate();
  });
  $('person').addEventListener('change', (e) => {
    const [plantId, personId] = e.target.value.split('|');
    if (personId) guarded(() => pick(plantId, personId));
  });
  setupComposer(() => poll());
  setInterval(() => {
    if (document.visibilityState === 'visible') poll();
  }, POLL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') poll();
  });
}

/** Who to act as on load: ?person=<key> (links in docs and demos), else this tab's last pick. */
function initialPerson() {
  const key = new URLSearchParams(location.search).get('person');
  for (const plant of state.directory.plants) {
    const p = key && plant.people.find((x) => x.key === key);
    if (p) return { plantId: plant.id, personId: p.id };
  }
  try {
    return JSON.parse(sessionStorage.getItem(PERSON_KEY) || 'null');
  } catch {
    return null;
  }
}

async function start() {
  setLang(currentLang());
  wire();
  retranslate();
  setComposerMode('none');
  state.directory = await call('GET', '/sandbox/api/people');
  retranslate();
  const first = initialPerson();
  if (first && state.directory.plants.some((pl) => pl.id === first.plantId && pl.people.some((p) => p.id === first.personId))) {
    await pick(first.plantId, first.personId);
  }
}

guarded(start);
