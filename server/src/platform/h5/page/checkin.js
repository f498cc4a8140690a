// /m/check-in and /m/permits/:id/check-in?t=…: the guardian checks in at the work site with the
// permit's QR token and the current position. Sent at once (it records the moment and the place).
(function () {
  'use strict';
  var H = window.AnquanH5;
  var t = H.t;
  var $ = function (id) { return document.getElementById(id); };
  $('title').textContent = t('miniprogram.permits.scan');
  $('to-report').textContent = t('miniprogram.home.report');
  $('hint').textContent = t('miniprogram.permits.scan');
  $('check-in').textContent = t('miniprogram.permits.checked_in', { code: '' }).replace(/[:：]\s*$/, '');

  function parse(text) {
    var m = /\/m\/permits\/([0-9a-f-]{36})\/check-in\?(?:.*&)?t=([^&#]+)/i.exec(String(text || '').trim());
    return m ? { permitId: m[1], token: decodeURIComponent(m[2]) } : null;
  }
  var fromUrl = parse(location.href);
  if (fromUrl) $('paste-box').hidden = true;

  $('check-in').addEventListener('click', async function () {
    $('error').hidden = true; $('result').hidden = true;
    var qr = fromUrl || parse($('qr-link').value);
    if (!qr) { $('error').hidden = false; $('error').textContent = t('miniprogram.permits.not_permit_qr'); return; }
    var fix = await H.position();
    if (!fix) { $('error').hidden = false; $('error').textContent = t('miniprogram.report.no_fix'); return; }
    try {
      var r = await H.api('POST', '/api/permits/' + qr.permitId + '/check-in', { qrToken: qr.token, location: fix }, { 'Idempotency-Key': AnquanOutbox.newClientId(Date.now(), Math.random) });
      $('result').hidden = false;
      $('result').textContent = t('miniprogram.permits.checked_in', { code: r.permit.code });
    } catch (e) {
      $('error').hidden = false;
      $('error').textContent = e.kind === 'network' ? t('miniprogram.permits.need_network') : e.message;
    }
  });
  H.start();
})();
