// Shared by the H5 pages (/m/*): texts, sign-in, API calls, the IndexedDB outbox, photo
// compression, position. Plain browser script; sets window.AnquanH5.
(function () {
  'use strict';
  var CFG = window.ANQUAN_CONFIG || { messages: {}, locale: 'zh-CN' };
  var TOKEN_KEY = 'anquan.h5.session';
  var CONSENT_KEY = 'anquan.h5.consent';

  function t(key, params) {
    var m = (CFG.messages[CFG.locale] || {})[key] || (CFG.messages['zh-CN'] || {})[key] || key;
    return m.replace(/\{(\w+)\}/g, function (_, n) { return params && n in params ? String(params[n]) : '{' + n + '}'; });
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  // ---- sign-in: a stored token, WeCom OAuth, DingTalk auth code, or the Sandbox cookie ----
  function storedToken() {
    try {
      var s = JSON.parse(localStorage.getItem(TOKEN_KEY) || 'null');
      return s && Date.parse(s.expiresAt) - 60000 > Date.now() ? s.token : null;
    } catch (e) { return null; }
  }
  function store(session) { localStorage.setItem(TOKEN_KEY, JSON.stringify({ token: session.token, expiresAt: session.expiresAt })); }
  var ua = navigator.userAgent || '';
  var inWecom = /wxwork/i.test(ua);
  var inDingtalk = /DingTalk/i.test(ua);

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src; s.onload = resolve; s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  async function exchange(path, body) {
    var r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error((await r.json().catch(function () { return {}; })).error?.message || 'HTTP ' + r.status);
    var s = await r.json();
    store(s);
    return s.token;
  }

  /** Signs in as the platform the page was opened in allows; resolves to a token or null (cookie). */
  async function signIn(force) {
    if (!force) { var tok = storedToken(); if (tok) return tok; }
    var q = new URLSearchParams(location.search);
    if (q.get('code') && inWecom) {
      var code = q.get('code');
      history.replaceState(null, '', location.pathname + location.search.replace(/([?&])code=[^&]*&?/, '$1').replace(/[?&]$/, '') + location.hash);
      return exchange('/api/sessions/wecom/oauth', { code: code });
    }
    if (inWecom && CFG.wecomCorpId) {
      // WeCom OAuth (snsapi_base): WeCom sends the person back here with ?code=.
      var back = encodeURIComponent(location.href.split('#')[0]);
      location.href = 'https://open.weixin.qq.com/connect/oauth2/authorize?appid=' + CFG.wecomCorpId + '&redirect_uri=' + back +
        '&response_type=code&scope=snsapi_base&state=h5' + (CFG.wecomAgentId ? '&agentid=' + CFG.wecomAgentId : '') + '#wechat_redirect';
      return new Promise(function () {});
    }
    if (inDingtalk) {
      // The workbench link carries ?corpId=$CORPID$, which DingTalk fills in.
      var corpId = q.get('corpId');
      if (!window.dd) await loadScript('https://g.alicdn.com/dingding/dingtalk-jsapi/3.0.25/dingtalk.open.js');
      var authCode = await new Promise(function (resolve, reject) {
        window.dd.runtime.permission.requestAuthCode({ corpId: corpId, onSuccess: function (r) { resolve(r.code); }, onFail: reject });
      });
      return exchange('/api/sessions/dingtalk', { code: authCode });
    }
    return null; // A plain browser: the Sandbox cookie (same origin) signs the requests in.
  }

  var token = null;
  async function api(method, path, body, headers) {
    var send = function () {
      var h = Object.assign({}, headers || {});
      if (token) h.Authorization = 'Bearer ' + token;
      if (body !== undefined && !(body instanceof FormData)) h['content-type'] = 'application/json';
      return fetch(path, { method: method, headers: h, credentials: 'same-origin', body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body) });
    };
    var r;
    try { r = await send(); } catch (e) { throw new AnquanOutbox.TransportError('network', 'network', String(e && e.message || e)); }
    if (r.status === 401 && token) { localStorage.removeItem(TOKEN_KEY); token = await signIn(true); r = await send(); }
    var data = (r.headers.get('content-type') || '').indexOf('json') >= 0 ? await r.json() : null;
    if (r.status >= 400) {
      var err = (data && data.error) || { code: 'http_' + r.status, message: 'HTTP ' + r.status };
      var kind = r.status === 401 ? 'auth' : r.status >= 500 || r.status === 429 ? 'server' : 'rejected';
      throw new AnquanOutbox.TransportError(kind, err.code, err.message, r.status);
    }
    return data;
  }

  /** An image behind the login as an object URL (an <img> cannot send the bearer token). */
  async function image(path) {
    var r = await fetch(path, { headers: token ? { Authorization: 'Bearer ' + token } : {}, credentials: 'same-origin' });
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return URL.createObjectURL(await r.blob());
  }

  // ---- IndexedDB: the item list and the photo blobs ----
  var dbp = null;
  function idb() {
    if (!dbp) dbp = new Promise(function (resolve, reject) {
      var req = indexedDB.open('anquan-outbox', 1);
      req.onupgradeneeded = function () { req.result.createObjectStore('kv'); req.result.createObjectStore('blobs'); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
    return dbp;
  }
  async function idbDo(storeName, mode, fn) {
    var db = await idb();
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(storeName, mode);
      var req = fn(tx.objectStore(storeName));
      tx.oncomplete = function () { resolve(req && req.result); };
      tx.onerror = function () { reject(tx.error); };
    });
  }
  var store_ = {
    load: async function () { return (await idbDo('kv', 'readonly', function (s) { return s.get('items'); })) || []; },
    save: function (items) { return idbDo('kv', 'readwrite', function (s) { return s.put(items, 'items'); }); },
  };
  var files = { remove: function (ref) { return idbDo('blobs', 'readwrite', function (s) { return s.delete(ref); }); } };

  /** Shrinks a camera photo to at most 2560 px (JPEG 0.85) before it is queued. */
  async function compress(file) {
    try {
      var bmp = await createImageBitmap(file);
      var scale = Math.min(1, 2560 / Math.max(bmp.width, bmp.height));
      if (scale === 1 && file.size < 1500000) return file;
      var c = document.createElement('canvas');
      c.width = Math.round(bmp.width * scale); c.height = Math.round(bmp.height * scale);
      c.getContext('2d').drawImage(bmp, 0, 0, c.width, c.height);
      return await new Promise(function (resolve) { c.toBlob(function (b) { resolve(b || file); }, 'image/jpeg', 0.85); });
    } catch (e) {
      console.warn('compress: sending the original', e);
      return file;
    }
  }

  var outbox = new AnquanOutbox.OutboxEngine({
    store: store_, files: files, now: Date.now, random: Math.random,
    transport: {
      uploadPhoto: async function (photo, item) {
        var blob = await idbDo('blobs', 'readonly', function (s) { return s.get(photo.ref); });
        var form = new FormData();
        form.append('clientId', photo.clientId);
        form.append('capturedAt', item.capturedAt);
        if (item.fix) { form.append('lat', item.fix.lat); form.append('lng', item.fix.lng); form.append('datum', item.fix.datum); }
        if (item.payload.areaKey) form.append('areaKey', item.payload.areaKey);
        form.append('file', blob, 'photo.jpg');
        return api('POST', '/api/photos', form);
      },
      send: function (item, ids) {
        if (item.kind === 'hazard.report') return api('POST', '/api/hazards', Object.assign({}, item.payload, { photoFileIds: ids }), { 'Idempotency-Key': item.id });
        if (item.kind === 'consent') return api('POST', '/api/consents', Object.assign({}, item.payload, { clientId: item.id }));
        return api('POST', '/api/hazards/' + item.payload.hazardId + '/submit', { afterPhotoIds: ids }, { 'Idempotency-Key': item.id });
      },
      relogin: async function () { localStorage.removeItem(TOKEN_KEY); token = await signIn(true); },
    },
  });

  /** Queues a capture: compress, keep the blobs in IndexedDB, respect the quota, try to send. */
  async function queue(kind, payload, blobs, capturedAt, fix, label) {
    var id = AnquanOutbox.newClientId(Date.now(), Math.random);
    var photos = [];
    for (var i = 0; i < blobs.length; i++) {
      var small = await compress(blobs[i]);
      var ref = id + '-p' + i;
      photos.push({ clientId: ref, ref: ref, size: small.size });
      await idbDo('blobs', 'readwrite', function (s) { return s.put(small, ref); });
    }
    try {
      if (navigator.storage && navigator.storage.estimate) {
        var est = await navigator.storage.estimate();
        if (est.quota && est.usage > est.quota * 0.9) throw new AnquanOutbox.OutboxFullError('bytes', est.quota);
      }
      await outbox.add({ id: id, kind: kind, createdAt: new Date().toISOString(), capturedAt: capturedAt, fix: fix, payload: payload, photos: photos, label: label });
    } catch (e) {
      for (var k = 0; k < photos.length; k++) await files.remove(photos[k].ref);
      if (e instanceof AnquanOutbox.OutboxFullError) { alert(t('miniprogram.outbox.full_' + e.reason)); return null; }
      throw e;
    }
    flush();
    return id;
  }

  var statusEl = null;
  async function showOutbox() {
    if (!statusEl) return;
    var items = await outbox.items();
    var waiting = items.filter(function (i) { return i.state === 'queued'; }).length;
    var failed = items.filter(function (i) { return i.state === 'failed'; });
    statusEl.textContent = [waiting ? t('miniprogram.outbox.waiting', { count: waiting }) : '', failed.length ? t('miniprogram.outbox.failed', { count: failed.length }) + '：' + failed.map(function (f) { return f.lastError && f.lastError.message; }).join('；') : ''].filter(Boolean).join(' · ');
    statusEl.dataset.waiting = String(waiting);
  }
  async function flush(force) {
    var r = await outbox.flush({ force: !!force });
    await showOutbox();
    return r;
  }
  window.addEventListener('online', function () { flush(true); });

  /** WGS-84 from the browser (the W3C API reports WGS-84), tagged with its datum. */
  function position() {
    return new Promise(function (resolve) {
      if (!navigator.geolocation) return resolve(null);
      navigator.geolocation.getCurrentPosition(
        function (p) { resolve({ lat: p.coords.latitude, lng: p.coords.longitude, datum: 'WGS-84', accuracyM: Math.round(p.coords.accuracy) }); },
        function (e) { console.warn('no position', e); resolve(null); },
        { enableHighAccuracy: true, timeout: 10000, maximumAge: 30000 });
    });
  }

  /** First use: the privacy notice (PIPL); the answer goes through the outbox. */
  function privacyNotice() {
    if (localStorage.getItem(CONSENT_KEY) === CFG.noticeVersion) return Promise.resolve(true);
    return new Promise(function (resolve) {
      var answer = function (granted) {
        return function () {
          modal.remove();
          queue('consent', { noticeVersion: CFG.noticeVersion, purposes: ['location', 'photos'], granted: granted, channel: 'h5' }, [], new Date().toISOString(), null);
          if (granted) localStorage.setItem(CONSENT_KEY, CFG.noticeVersion);
          else alert(t('miniprogram.privacy.declined'));
          resolve(granted);
        };
      };
      var modal = el('div', { class: 'modal', id: 'privacy' }, [el('div', { class: 'sheet' }, [
        el('div', { class: 'h', text: t('miniprogram.privacy.title') }),
        el('p', { text: t('miniprogram.privacy.body') }),
        el('button', { class: 'btn', id: 'privacy-accept', text: t('miniprogram.privacy.accept'), onclick: answer(true) }),
        el('button', { class: 'btn secondary', id: 'privacy-decline', text: t('miniprogram.privacy.decline'), onclick: answer(false) }),
      ])]);
      document.body.appendChild(modal);
    });
  }

  /** Page start: sign in, the outbox bar, the privacy notice. */
  async function start() {
    statusEl = document.getElementById('outbox');
    try { token = await signIn(false); } catch (e) { console.warn('sign-in failed', e); }
    await showOutbox();
    flush();
    return privacyNotice();
  }

  window.AnquanH5 = { t: t, el: el, api: api, image: image, queue: queue, flush: flush, outbox: outbox, position: position, start: start, config: CFG };
})();
