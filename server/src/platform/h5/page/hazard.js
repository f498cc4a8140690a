// /m/hazards/:id: one hazard as the worker, assignee or reviewer opens it from a card or the task
// list: status, grade, place, people, deadline, the before/after photos and the timeline.
(function () {
  'use strict';
  var H = window.AnquanH5;
  var t = H.t;
  var $ = function (id) { return document.getElementById(id); };
  var id = location.pathname.split('/')[3];
  var when = function (iso) { return iso ? new Date(iso).toLocaleString() : '—'; };
  $('title').textContent = t('miniprogram.hazard.title');
  $('to-tasks').textContent = t('miniprogram.home.tasks');
  $('l-before').textContent = t('miniprogram.hazard.before');
  $('l-after').textContent = t('miniprogram.hazard.after');
  $('l-timeline').textContent = t('miniprogram.hazard.timeline');

  function row(label, value) {
    return H.el('div', { class: 'row' }, [H.el('span', { class: 'muted', text: label }), H.el('span', { text: value })]);
  }

  async function photos(box, list) {
    box.textContent = '';
    if (!list.length) { box.appendChild(H.el('div', { class: 'card muted', text: t('miniprogram.tasks.empty') })); return; }
    for (var i = 0; i < list.length; i++) {
      // The thumbnail (watermarked, no EXIF); a photo still processing falls back to the stored file.
      var src = await H.image('/api/files/' + list[i].fileId + '/thumb').catch(function () { return H.image('/api/files/' + list[i].fileId); }).catch(function () { return null; });
      if (src) box.appendChild(H.el('img', { class: 'photo', src: src, alt: list[i].role }));
    }
  }

  /**
   * A major hazard's five elements (五落实: measures, responsible person, funds, deadline, emergency
   * plan): rectification cannot start before they are recorded. The server checks the right.
   */
  async function elements(h) {
    var form = $('elements');
    var e = (h.major && h.major.elements) || {};
    if (h.grade !== 'major' || ['closed', 'rejected', 'reinspected'].indexOf(h.status) >= 0) { form.hidden = true; return; }
    form.hidden = false;
    $('l-elements').textContent = t('miniprogram.hazard.elements') + (h.major.missing.length ? ' · ' + t('miniprogram.hazard.missing', { n: h.major.missing.length }) : '');
    ['measures', 'responsible', 'funds', 'el-deadline', 'plan'].forEach(function (k) { $('l-' + k).textContent = t('miniprogram.hazard.el.' + k); });
    $('save-elements').textContent = t('miniprogram.hazard.save');
    var people = (await H.api('GET', '/api/people')).people;
    var sel = $('responsible');
    sel.textContent = '';
    sel.appendChild(H.el('option', { value: '', text: '—' }));
    people.forEach(function (p) { sel.appendChild(H.el('option', { value: p.id, text: p.name + (p.department ? ' · ' + p.department.name : '') })); });
    $('measures').value = e.measures || '';
    sel.value = e.responsiblePersonId || '';
    $('funds').value = typeof e.fundsYuan === 'number' ? String(e.fundsYuan) : '';
    $('el-deadline').value = e.deadline ? e.deadline.slice(0, 10) : '';
    $('plan').value = e.emergencyPlan || '';
    form.onsubmit = async function (ev) {
      ev.preventDefault();
      var body = { expectedVersion: h.version };
      if ($('measures').value.trim()) body.measures = $('measures').value.trim();
      if (sel.value) body.responsiblePersonId = sel.value;
      if ($('funds').value.trim()) body.fundsYuan = Number($('funds').value.trim());
      // A plant-local date: the end of that day, in the phone's zone (the plant's, on site).
      if ($('el-deadline').value) body.deadline = new Date($('el-deadline').value + 'T23:59:59').toISOString();
      if ($('plan').value.trim()) body.emergencyPlan = $('plan').value.trim();
      $('save-elements').disabled = true;
      try {
        await H.api('POST', '/api/hazards/' + id + '/major-elements', body, { 'Idempotency-Key': 'el-' + id + '-' + h.version });
        $('elements-result').textContent = t('miniprogram.hazard.saved');
        await load();
      } catch (err) {
        $('elements-result').textContent = err.message || String(err);
      } finally {
        $('save-elements').disabled = false;
      }
    };
  }

  async function load() {
    var h;
    try {
      h = await H.api('GET', '/api/hazards/' + id);
    } catch (e) {
      $('error').hidden = false;
      $('error').textContent = e.message || String(e);
      return;
    }
    document.title = h.code + ' · ' + t('miniprogram.hazard.title');
    var s = $('summary');
    s.textContent = '';
    s.appendChild(H.el('div', { class: 'row' }, [H.el('b', { text: h.code }), H.el('span', { class: 'tag status', text: t('hazards.status.' + h.status) })]));
    s.appendChild(H.el('p', { id: 'description', text: h.description }));
    s.appendChild(row(t('miniprogram.hazard.grade'), t('hazards.grade.' + h.grade)));
    s.appendChild(row(t('miniprogram.hazard.place'), (h.area.name || h.area.key) + (h.equipmentTag ? ' · ' + h.equipmentTag : '')));
    s.appendChild(row(t('miniprogram.hazard.category'), h.category.path.join(' / ')));
    s.appendChild(row(t('miniprogram.hazard.reporter'), h.reporter ? h.reporter.name : '—'));
    s.appendChild(row(t('miniprogram.hazard.assignee'), h.assignee ? h.assignee.name : '—'));
    s.appendChild(row(t('miniprogram.hazard.deadline'), when(h.deadline) + (h.overdue ? ' · ' + t('miniprogram.tasks.overdue') : '')));
    if (h.lastReason) s.appendChild(row(t('miniprogram.hazard.reason'), h.lastReason));
    await elements(h).catch(function (e) { $('elements-result').textContent = e.message || String(e); });
    var ps = h.photos || [];
    await photos($('before'), ps.filter(function (p) { return p.role === 'before'; }));
    await photos($('after'), ps.filter(function (p) { return p.role === 'after'; }));
    var tl = $('timeline');
    tl.textContent = '';
    (h.timeline || []).forEach(function (ev) {
      var action = ev.kind.replace(/^hazard\./, '');
      var key = action === 'reported' ? 'miniprogram.hazard.reported' : 'hazards.action.' + action;
      var label = t(key) === key ? ev.kind : t(key);
      tl.appendChild(H.el('li', { text: when(ev.at) + '  ' + label + (ev.actor && ev.actor.label ? ' · ' + ev.actor.label : '') }));
    });
  }
  H.start().then(load);
})();
