import { apiErrorOf } from './apiError';
import { currentSession, ensureSession, relogin } from './session';
import { rawDownload, rawRequest, rawUpload, type RawResponse } from './transport';

async function withAuth(send: (header: Record<string, string>) => Promise<RawResponse>, extra: Record<string, string> = {}): Promise<unknown> {
  const session = currentSession() ?? (await ensureSession());
  let res = await send({ ...extra, Authorization: `Bearer ${session.token}` });
  if (res.status === 401) {
    // Expired or revoked: sign in again once and repeat (an idempotency key makes the repeat safe).
    const fresh = await relogin();
    res = await send({ ...extra, Authorization: `Bearer ${fresh.token}` });
  }
  if (res.status >= 400) throw apiErrorOf(res.status, res.body);
  return res.body;
}

/** An authenticated JSON call; `idempotencyKey` goes into the Idempotency-Key header. */
export function api<T>(method: 'GET' | 'POST', path: string, opts: { data?: unknown; idempotencyKey?: string } = {}): Promise<T> {
  const extra: Record<string, string> = opts.idempotencyKey ? { 'Idempotency-Key': opts.idempotencyKey } : {};
  return withAuth((header) => rawRequest(method, path, opts.data, header), extra) as Promise<T>;
}

/** An authenticated multipart upload of a local file. */
export function apiUpload<T>(path: string, filePath: string, formData: Record<string, string>): Promise<T> {
  return withAuth((header) => rawUpload(path, filePath, formData, header)) as Promise<T>;
}

/** An authenticated download to a temp file path. */
export async function apiDownload(path: string): Promise<string> {
  let file = '';
  await withAuth(async (header) => {
    const r = await rawDownload(path, header);
    file = r.tempFilePath;
    return { status: r.status, body: null };
  });
  return file;
}
