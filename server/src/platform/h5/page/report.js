// /m/report: photos, position (area pre-selected by geofence), two-tap category, one line → outbox.
(function () {
  'use strict';
  var H = window.AnquanH5;
  var t = H.t;
  var $ = function (id) { return document.getElementById(id); };
  var state = { photos: [], fix: null, capturedAt: null, ref: null, groupIndex: -1, categoryKey: null, categoryName: '' };
  var REF_KEY = 'anquan.h5.reference';

  [['title', 'miniprogram.report.title'], ['l-photos', 'miniprogram.report.photos'], ['l-area', 'miniprogram.report.area'],
    ['l-category', 'miniprogram.report.category'], ['l-description', 'miniprogram.report.description'], ['submit', 'miniprogram.report.submit'],
    ['to-tasks', 'miniprogram.home.tasks']].forEach(function (p) { $(p[0]).textContent = t(p[1]); });
  $('description').placeholder = t('miniprogram.report.placeholder');

  var RAD = Math.PI / 180;
  function dist(a, b) {
    var dLat = (b[1] - a[1]) * RAD, dLng = (b[0] - a[0]) * RAD;
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function inPoly(p, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }
  function fenceDistance(p, f) {
    if (f.type === 'circle') return Math.max(0, dist(p, f.center) - f.radiusM);
    if (inPoly(p, f.points)) return 0;
    return Math.min.apply(null, f.points.map(function (q) { return dist(p, q); }));
  }

  function renderGroups() {
    var groups = $('groups'); groups.textContent = '';
    var leaves = $('leaves'); leaves.textContent = '';
    var cats = (state.ref && state.ref.categories) || [];
    var tops = cats.filter(function (c) { return c.level === 1; });
    var kids = function (k) { return cats.filter(function (c) { return c.parentKey === k; }); };
    var groupLeaves = tops.map(function (top) {
      return kids(top.key).reduce(function (acc, mid) { var l = kids(mid.key); return acc.concat(l.length ? l : [mid]); }, []);
    });
    tops.forEach(function (top, i) {
      if (!groupLeaves[i].length) return;
      groups.appendChild(H.el('button', { class: 'chip group' + (i === state.groupIndex ? ' on' : ''), type: 'button', text: top.name, onclick: function () { state.groupIndex = i; renderGroups(); } }));
    });
    if (state.groupIndex >= 0) {
      groupLeaves[state.groupIndex].forEach(function (leaf) {
        leaves.appendChild(H.el('button', { class: 'chip leaf' + (leaf.key === state.categoryKey ? ' on' : ''), type: 'button', 'data-key': leaf.key, text: leaf.name, onclick: function () {
          state.categoryKey = leaf.key; state.categoryName = leaf.name;
          $('category-name').textContent = leaf.name; $('category-name').hidden = false; renderGroups();
        } }));
      });
    }
  }

  function renderAreas() {
    var sel = $('area');
    ((state.ref && state.ref.areas) || []).forEach(function (a) { sel.appendChild(H.el('option', { value: a.key, text: a.name })); });
  }

  async function loadReference() {
    try {
      state.ref = await H.api('GET', '/api/h5/reference?datum=WGS-84');
      localStorage.setItem(REF_KEY, JSON.stringify(state.ref));
    } catch (e) {
      state.ref = JSON.parse(localStorage.getItem(REF_KEY) || 'null');
      if (!state.ref) $('problems').hidden = false, $('problems').textContent = t('miniprogram.report.no_reference');
    }
    renderAreas();
    renderGroups();
  }

  async function locate() {
    $('fix').textContent = t('miniprogram.report.locating');
    var fix = await H.position();
    state.fix = fix;
    if (!fix) { $('fix').textContent = t('miniprogram.report.no_fix'); return; }
    $('fix').textContent = fix.lat.toFixed(5) + ', ' + fix.lng.toFixed(5) + ' ' + fix.datum + ' ±' + fix.accuracyM + 'm';
    var best = null;
    ((state.ref && state.ref.areas) || []).forEach(function (a) {
      var d = fenceDistance([fix.lng, fix.lat], a.geofence);
      if (!best || d < best.d) best = { key: a.key, d: d };
    });
    if (best && best.d === 0) $('area').value = best.key;
    $('off-site').hidden = !(!best || best.d > 500);
    $('off-site').textContent = t('miniprogram.report.off_site');
  }

  $('photo-input').addEventListener('change', function (e) {
    var files = Array.prototype.slice.call(e.target.files || []);
    state.photos = state.photos.concat(files).slice(0, 9);
    state.capturedAt = state.capturedAt || new Date().toISOString();
    var box = $('photos'); box.textContent = '';
    state.photos.forEach(function (f) { box.appendChild(H.el('img', { src: URL.createObjectURL(f), alt: '' })); });
    locate();
  });

  $('submit').addEventListener('click', async function () {
    var problems = [];
    var description = $('description').value.trim().replace(/\s+/g, ' ');
    if (!state.photos.length) problems.push(t('miniprogram.report.need_photo'));
    if (!$('area').value) problems.push(t('miniprogram.report.need_area'));
    if (!state.categoryKey) problems.push(t('miniprogram.report.need_category'));
    if (!description) problems.push(t('miniprogram.report.need_description'));
    $('problems').hidden = !problems.length;
    $('problems').textContent = problems.join('；');
    if (problems.length) return;
    $('submit').disabled = true;
    try {
      var payload = { areaKey: $('area').value, categoryKey: state.categoryKey, description: description };
      if (state.fix) payload.location = { lat: state.fix.lat, lng: state.fix.lng, datum: state.fix.datum };
      var areaName = $('area').selectedOptions[0] ? $('area').selectedOptions[0].textContent : '';
      var id = await H.queue('hazard.report', payload, state.photos, state.capturedAt || new Date().toISOString(), state.fix, areaName + ' · ' + state.categoryName);
      if (!id) return;
      $('result').hidden = false;
      $('result').textContent = t('miniprogram.report.queued');
      $('result').dataset.id = id;
      state.photos = []; state.capturedAt = null; $('photos').textContent = ''; $('description').value = '';
      await H.flush(true);
    } finally {
      $('submit').disabled = false;
    }
  });

  H.start().then(loadReference);
})();
