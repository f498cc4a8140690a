// The permit H5 page: on-site approval (/m/permits/:id/approve) and guardian check-in
// (/m/permits/:id/check-in?t=<QR token>). It reads the browser's position and posts it; the server
// checks it against the work area's fence (GB 30871-2022 4.11: approval is given at the site).
// Login: the Sandbox cookie, or a session token the opener passes in the URL hash (#session=…),
// which is sent as "Authorization: Bearer" and never reaches a server log.

const EN = (navigator.language || '').toLowerCase().startsWith('en');
const TEXT = {
  title_approve: ['现场审批', 'On-site approval'],
  title_checkin: ['现场签到', 'On-site check-in'],
  code: ['编号', 'No.'], level: ['级别', 'Level'], place: ['地点', 'Place'], window: ['时间', 'Window'],
  content: ['内容', 'Work'], status: ['状态', 'Status'], step: ['当前环节', 'Current step'], guardians: ['监护人', 'Guardians'],
  locating: ['正在获取位置…', 'Getting your position…'],
  position: ['位置', 'Position'], accuracy: ['精度', 'accuracy'],
  no_geo: ['无法获取位置：', 'Cannot get your position: '],
  approved: ['已在现场签字。当前状态：', 'Signed on site. Status now: '],
  checked_in: ['签到成功，作业开始。当前状态：', 'Checked in; work has started. Status now: '],
  failed: ['失败：', 'Failed: '],
  no_token: ['缺少二维码令牌：请扫描作业票上的签到二维码。', 'No QR token: scan the permit\'s check-in QR code.'],
};
const tr = (k) => TEXT[k][EN ? 1 : 0];
const $ = (id) => document.getElementById(id);
const mode = document.body.dataset.mode;
const permitId = location.pathname.split('/')[3];
const session = new URLSearchParams(location.hash.slice(1)).get('session');
const qrToken = new URLSearchParams(location.search).get('t');

// randomUUID exists only in secure contexts; getRandomValues everywhere.
const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (session) headers.Authorization = `Bearer ${session}`;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Idempotency-Key'] = newKey();
  }
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error((json && json.error && json.error.message) || `${res.status} ${res.statusText}`);
  return json;
}

function show(id, text) {
  const el = $(id);
  el.textContent = text;
  el.hidden = !text;
}

function row(dl, label, value) {
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  dl.append(dt, dd);
}

function render(p) {
  const box = $('permit-summary');
  box.replaceChildren();
  const dl = document.createElement('dl');
  row(dl, tr('code'), p.code);
  row(dl, tr('level'), p.levelName);
  row(dl, tr('place'), `${p.area.name} · ${p.site}`);
  row(dl, tr('window'), `${new Date(p.window.from).toLocaleString()} – ${new Date(p.window.to).toLocaleString()}`);
  row(dl, tr('content'), p.content);
  row(dl, tr('guardians'), p.guardians.map((g) => g.name).join('、'));
  row(dl, tr('status'), p.statusName);
  if (p.currentStep) row(dl, tr('step'), p.currentStep.roles.map((r) => r.name).join('/'));
  box.append(dl);
  const rules = p.rules || {};
  $('monitoring').closest('label').hidden = !(rules.continuousMonitoring && rules.continuousMonitoring.value);
  $('video').closest('label').hidden = !(rules.videoRequired && rules.videoRequired.value);
}

function position() {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error('geolocation unavailable'));
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({ lng: pos.coords.longitude, lat: pos.coords.latitude, datum: 'WGS-84', accuracyM: Math.round(pos.coords.accuracy || 0) }),
      (err) => reject(new Error(err.message || String(err.code))),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 },
    );
  });
}

async function act(button, run) {
  button.disabled = true;
  show('error', '');
  show('result', '');
  try {
    show('position', tr('locating'));
    let location;
    try {
      location = await position();
    } catch (err) {
      show('position', '');
      show('error', tr('no_geo') + err.message);
      return;
    }
    show('position', `${tr('position')}: ${location.lng.toFixed(6)}, ${location.lat.toFixed(6)} (WGS-84, ${tr('accuracy')} ${location.accuracyM} m)`);
    const out = await run(location);
    render(await api('GET', `/api/permits/${permitId}`));
    show('result', out);
  } catch (err) {
    show('error', tr('failed') + err.message);
  } finally {
    button.disabled = false;
  }
}

async function main() {
  const approve = mode === 'approve';
  $('title').textContent = tr(approve ? 'title_approve' : 'title_checkin');
  document.title = `${$('title').textContent} · Anquan`;
  try {
    render(await api('GET', `/api/permits/${permitId}`));
  } catch (err) {
    $('permit-summary').replaceChildren();
    show('error', tr('failed') + err.message);
    return;
  }
  if (approve) {
    $('approve-panel').hidden = false;
    $('approve-btn').addEventListener('click', () => act($('approve-btn'), async (location) => {
      const comment = $('comment').value.trim();
      const r = await api('POST', `/api/permits/${permitId}/approve`, { mode: 'onsite', location, ...(comment ? { comment } : {}) });
      return tr('approved') + r.permit.statusName;
    }));
  } else {
    $('checkin-panel').hidden = false;
    if (!qrToken) show('error', tr('no_token'));
    $('checkin-btn').addEventListener('click', () => act($('checkin-btn'), async (location) => {
      const r = await api('POST', `/api/permits/${permitId}/check-in`, {
        qrToken: qrToken || '', location, continuousMonitoringOn: $('monitoring').checked, videoRecording: $('video').checked,
      });
      return tr('checked_in') + r.permit.statusName;
    }));
  }
}

main();
