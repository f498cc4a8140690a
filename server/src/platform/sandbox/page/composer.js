// The composer: text (Enter sends), photos (upload, then an image message) and locations
// (typed or picked from preset points inside the demo plant's areas).
import { call, guarded, newClientId, toast } from './api.js';
import { t, currentLang } from './i18n.js';

/**
 * Points inside the geofences of server/plants/demo-plant.yaml (GCJ-02, like WeCom locations), plus
 * one outside every area, so area detection can be tried without a phone.
 */
const PRESETS = {
  'jiangning-fine-chem': [
    { zh: '罐区', en: 'Tank farm', lat: 31.903, lng: 118.80625 },
    { zh: '合成车间', en: 'Synthesis building', lat: 31.9026, lng: 118.80335 },
    { zh: '精馏装置', en: 'Distillation unit', lat: 31.9041, lng: 118.8033 },
    { zh: '配电室', en: 'Substation', lat: 31.9025, lng: 118.8015 },
    { zh: '仓库', en: 'Warehouse', lat: 31.904, lng: 118.80115 },
    { zh: '污水处理站', en: 'Wastewater plant', lat: 31.9005, lng: 118.8065 },
    { zh: '管廊', en: 'Pipe rack', lat: 31.9034, lng: 118.8034 },
    { zh: '办公楼', en: 'Office building', lat: 31.9005, lng: 118.801 },
    { zh: '厂区外', en: 'Outside the plant', lat: 31.91, lng: 118.815 },
  ],
};

const $ = (id) => document.getElementById(id);

/** Posts one message to the bot (the one-to-one chat) with a fresh client id. */
async function sendMessage(body, afterSend) {
  await call('POST', '/sandbox/api/messages', { clientId: newClientId(), ...body });
  afterSend();
}

/** Uploads each chosen photo, then sends it as an image message. */
async function sendPhotos(files, afterSend) {
  for (const file of files) {
    if (!file.type.startsWith('image/')) continue;
    toast(t('uploading'), 'info');
    const up = await call('POST', '/sandbox/api/upload', file, file.type);
    await sendMessage({ kind: 'image', fileId: up.id }, afterSend);
  }
}

/** Fills the preset list for a plant (empty for plants without presets). */
export function setPresets(plantId) {
  const sel = $('preset');
  sel.replaceChildren(new Option(t('preset_none'), ''));
  (PRESETS[plantId] || []).forEach((p, i) => sel.append(new Option(currentLang() === 'en' ? p.en : p.zh, String(i))));
  sel.dataset.plant = plantId || '';
  sel.hidden = !PRESETS[plantId];
}

/** Clears what the last person was typing (another person was picked). */
export function resetComposer() {
  for (const id of ['message', 'lat', 'lng']) $(id).value = '';
  $('location-panel').hidden = true;
  $('location-btn').setAttribute('aria-expanded', 'false');
}

/** 'dm' enables the composer; 'group' disables it with a hint (groups only receive notices); 'none' before a pick. */
export function setComposerMode(mode) {
  for (const id of ['message', 'send', 'photo-btn', 'location-btn']) $(id).disabled = mode !== 'dm';
  $('group-hint').hidden = mode !== 'group';
  if (mode !== 'dm') {
    $('location-panel').hidden = true;
    $('location-btn').setAttribute('aria-expanded', 'false');
  }
}

/** Wires the composer; `afterSend` runs after every accepted message (the page polls at once). */
export function setupComposer(afterSend) {
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('message');
    const text = input.value.trim();
    if (!text) return;
    guarded(async () => {
      await sendMessage({ kind: 'text', text }, afterSend);
      input.value = '';
    });
  });

  $('photo-btn').addEventListener('click', () => $('photo-input').click());
  $('photo-input').addEventListener('change', (e) => {
    const files = Array.from(e.target.files || []);
    e.target.value = '';
    guarded(() => sendPhotos(files, afterSend));
  });
  const chat = $('chat');
  chat.addEventListener('dragover', (e) => {
    if (!$('photo-btn').disabled) e.preventDefault();
  });
  chat.addEventListener('drop', (e) => {
    if ($('photo-btn').disabled) return;
    e.preventDefault();
    guarded(() => sendPhotos(Array.from(e.dataTransfer.files), afterSend));
  });

  $('location-btn').addEventListener('click', () => {
    const panel = $('location-panel');
    panel.hidden = !panel.hidden;
    $('location-btn').setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) $('lat').focus();
  });
  $('preset').addEventListener('change', (e) => {
    const p = (PRESETS[e.target.dataset.plant] || [])[Number(e.target.value)];
    if (!e.target.value || !p) return;
    $('lat').value = String(p.lat);
    $('lng').value = String(p.lng);
    $('datum').value = 'GCJ-02';
  });
  // A hand-edited point is no longer the preset, so it must not carry the preset's name.
  for (const id of ['lat', 'lng']) $(id).addEventListener('input', () => ($('preset').value = ''));
  $('location-panel').addEventListener('submit', (e) => {
    e.preventDefault();
    const lat = Number.parseFloat($('lat').value);
    const lng = Number.parseFloat($('lng').value);
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) {
      toast(t('invalid_location'));
      return;
    }
    const preset = (PRESETS[$('preset').dataset.plant] || [])[Number($('preset').value)];
    const label = $('preset').value && preset ? preset.zh : undefined;
    guarded(() => sendMessage({ kind: 'location', lat, lng, datum: $('datum').value, ...(label ? { label } : {}) }, afterSend));
  });
}
