// The only network seam of the page: JSON calls to /sandbox/api, error toasts, client ids.
import { t } from './i18n.js';

/**
 * Each tab keeps its own session token (sessionStorage), so two tabs can act as two people side by
 * side; the httpOnly cookie the session call also sets is what lets <img src="/api/files/…"> load.
 */
const TOKEN_KEY = 'anquan.sandbox.token';

/** An error answer of the API ({error: {code, message}}) or a network failure. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Stores (or clears) this tab's session token. */
export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** A fresh id for one send or click; the server stores it so a double submit has one effect. */
export function newClientId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Calls the API; JSON in and out. Throws ApiError with the server's message on 4xx/5xx. */
export async function call(method, path, body, contentType) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (body instanceof Blob) {
    payload = body;
    headers['Content-Type'] = contentType || body.type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', t('network_error'));
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null; // A proxy's HTML error page: fall back to the status line below.
  }
  if (!res.ok) {
    const err = json && json.error ? json.error : { code: `http_${res.status}`, message: `${res.status} ${res.statusText}` };
    throw new ApiError(res.status, err.code, err.message || err.code);
  }
  return json;
}

/** Shows a short message at the bottom of the page (errors stay longer). */
export function toast(message, kind = 'error') {
  const box = document.getElementById('toasts');
  const el = document.createElement('div');
  el.className = `toast toast-${kind}`;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  el.textContent = message;
  box.append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 6000 : 2500);
}

/** Runs an async UI step and turns its failure into a toast instead of an unhandled rejection. */
export async function guarded(step) {
  try {
    return await step();
  } catch (err) {
    toast(err instanceof ApiError ? err.message : String(err && err.message ? err.message : err));
    return undefined;
  }
}
