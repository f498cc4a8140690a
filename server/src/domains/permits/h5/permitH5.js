// The permit H5 page: on-site approval (/m/permits/:id/approve), guardian check-in
// (/m/permits/:id/check-in?t=<QR token>) and the confined-space entry log the guardian keeps at the
// manhole (/m/permits/:id/entries, GB 30871 6.8 c). It reads the browser's position and posts it; the server
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
  title_entries: ['进出登记', 'Entry log'],
  people_heading: ['作业人员', 'Performers'], tools_heading: ['工具', 'Tools'],
  enter: ['进入', 'In'], leave: ['撤出', 'Out'], tool_in: ['带入', 'Take in'], tool_out: ['带出', 'Bring out'],
  tool_name: ['工具名称，如 防爆扳手', 'Tool, e.g. spark-proof wrench'],
  inside_now: ['当前在内：', 'Inside now: '], nobody: ['无人员、无工具', 'nobody, no tools'], logged: ['已登记', 'Logged'],
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

/** The entry log: a row per performer (in/out) and tools by name and count; the server judges every line. */
async function entries(permit) {
  $('entries-panel').hidden = false;
  $('people-heading').textContent = tr('people_heading');
  $('tools-heading').textContent = tr('tools_heading');
  $('tool-name').placeholder = tr('tool_name');
  $('tool-in').textContent = tr('tool_in');
  $('tool-out').textContent = tr('tool_out');
  const names = new Map(permit.people.performers.map((p) => [p.id, p.name]));
  const paint = (log) => {
    const inside = new Set(log.inside.people);
    const list = $('people');
    list.replaceChildren(...permit.people.performers.map((p) => {
      const li = document.createElement('li');
      li.className = inside.has(p.id) ? 'in' : '';
      const name = document.createElement('span');
      name.textContent = p.name;
      const mk = (label, direction) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'btn';
        b.textContent = label;
        b.dataset.person = p.id;
        b.dataset.direction = direction;
        b.addEventListener('click', () => post({ kind: 'person', person: p.id, direction }, b));
        return b;
      };
      li.append(name, mk(tr('enter'), 'in'), mk(tr('leave'), 'out'));
      return li;
    }));
    const people = log.inside.people.map((id) => names.get(id) || id);
    const tools = log.inside.tools.map((t) => `${t.name}×${t.count}`);
    $('inside').textContent = tr('inside_now') + ([...people, ...tools].join('、') || tr('nobody'));
  };
  const post = async (body, button) => {
    button.disabled = true;
    show('error', '');
    show('result', '');
    try {
      const r = await api('POST', `/api/permits/${permitId}/entries`, body);
      paint({ inside: r.inside });
      show('result', `${tr('logged')} #${r.entry.seq}`);
    } catch (err) {
      show('error', tr('failed') + err.message);
    } finally {
      button.disabled = false;
    }
  };
  const tool = (direction) => (e) => {
    const name = $('tool-name').value.trim();
    if (name) post({ kind: 'tool', tool: name, count: Number($('tool-count').value) || 1, direction }, e.currentTarget);
  };
  $('tool-in').addEventListener('click', tool('in'));
  $('tool-out').addEventListener('click', tool('out'));
  paint(await api('GET', `/api/permits/${permitId}/entries`));
}

async function main() {
  if (mode === 'entries') {
    $('title').textContent = tr('title_entries');
    document.title = `${$('title').textContent} · Anquan`;
    try {
      const permit = await api('GET', `/api/permits/${permitId}`);
      render(permit);
      await entries(permit);
    } catch (err) {
      show('error', tr('failed') + err.message);
    }
    return;
  }
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
