import type { FakeCall, FakeNet } from './fakeWx';

/**
 * A FakeNet that really calls a listening test server over HTTP (node's fetch), so the
 * mini-program's services, session and outbox run unmodified against the real API.
 * `files` holds the bytes behind the phone's file paths.
 */
export function realServerNet(baseUrl: string, files: Map<string, Buffer>, opts: { dropAnswer?: (call: FakeCall) => boolean } = {}): FakeNet {
  return async (call) => {
    const url = call.url.startsWith('http') ? call.url.replace(/^https?:\/\/[^/]+/, baseUrl) : `${baseUrl}${call.url}`;
    let res: Response;
    if (call.kind === 'upload') {
      const form = new FormData();
      for (const [k, v] of Object.entries(call.formData ?? {})) form.append(k, v);
      const bytes = files.get(call.filePath ?? '');
      if (!bytes) throw new Error(`no such file ${call.filePath}`);
      form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
      res = await fetch(url, { method: 'POST', headers: call.header, body: form });
    } else {
      const isGet = call.method === 'GET';
      res = await fetch(url, { method: call.method, headers: call.header, ...(isGet || call.data === undefined ? {} : { body: JSON.stringify(call.data) }) });
    }
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    // The server did the work, but the phone never hears back (signal lost mid-answer).
    if (opts.dropAnswer?.(call)) throw new Error('connection reset after the request was sent');
    return { status: res.status, body };
  };
}
