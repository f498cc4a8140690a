// /m/tasks: hazards assigned to me (open) and the ones I reported, with the server's status names.
(function () {
  'use strict';
  var H = window.AnquanH5;
  var t = H.t;
  var $ = function (id) { return document.getElementById(id); };
  var CACHE = 'anquan.h5.tasks';
  $('title').textContent = t('miniprogram.home.tasks');
  $('to-report').textContent = t('miniprogram.home.report');
  $('l-assigned').textContent = t('miniprogram.tasks.assigned');
  $('l-reported').textContent = t('miniprogram.tasks.reported');

  function render(box, items) {
    box.textContent = '';
    if (!items.length) { box.appendChild(H.el('div', { class: 'card muted', text: t('miniprogram.tasks.empty') })); return; }
    items.forEach(function (h) {
      box.appendChild(H.el('a', { class: 'card task', 'data-id': h.id, href: '/m/hazards/' + h.id }, [
        H.el('div', { class: 'row' }, [H.el('b', { text: h.code }), H.el('span', { class: 'tag status', text: t('hazards.status.' + h.status) })]),
        H.el('div', { text: (h.area.name || h.area.key) + ' · ' + h.description }),
        H.el('div', { class: 'muted' + (h.overdue ? ' warn' : ''), text: (h.overdue ? t('miniprogram.tasks.overdue') + ' · ' : '') + t('miniprogram.tasks.deadline', { deadline: new Date(h.deadline).toLocaleString() }) }),
      ]));
    });
  }

  async function load() {
    var data;
    try {
      var me = await H.api('GET', '/api/me');
      var a = await H.api('GET', '/api/hazards?assigneeId=' + me.personId + '&status=assigned,rectifying&limit=50');
      var r = await H.api('GET', '/api/hazards?reporterId=' + me.personId + '&limit=50');
      data = { assigned: a.items, reported: r.items };
      localStorage.setItem(CACHE, JSON.stringify(data));
    } catch (e) {
      console.warn('tasks: showing the cached list', e);
      data = JSON.parse(localStorage.getItem(CACHE) || '{"assigned":[],"reported":[]}');
      $('offline').hidden = false;
      $('offline').textContent = t('miniprogram.tasks.offline');
    }
    render($('assigned'), data.assigned);
    render($('reported'), data.reported);
  }
  H.start().then(load);
})();
