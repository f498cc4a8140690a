/**
 * A `wx` for jest: storage in a Map, files in a Map, and network calls answered by a handler
 * (a canned one, or real HTTP to a test server). Define it on `global.wx` BEFORE requiring
 * miniprogram-simulate: its own stub does nothing and only fills what is missing.
 */

/** What a fake network call sees and answers. */
export interface FakeCall {
  kind: 'request' | 'upload' | 'download';
  method: string;
  url: string;
  header: Record<string, string>;
  data?: unknown;
  filePath?: string;
  formData?: Record<string, string>;
}

/** A handler answers a call with a status and a body, or throws to simulate no network. */
export type FakeNet = (call: FakeCall) => Promise<{ status: number; body: unknown }>;

/** Options of the fake. */
export interface FakeWxOptions {
  net?: FakeNet;
  files?: Map<string, Buffer>;
  location?: { latitude: number; longitude: number; accuracy: number };
  media?: string[];
  environment?: string;
  qyCode?: () => string;
  loginCode?: () => string;
}

/** Builds the fake; `state` exposes storage, files and calls for assertions. */
export function makeFakeWx(opts: FakeWxOptions = {}) {
  const storage = new Map<string, unknown>();
  const files = opts.files ?? new Map<string, Buffer>();
  const calls: FakeCall[] = [];
  const toasts: string[] = [];
  let offline = false;
  let seq = 0;
  const net: FakeNet = opts.net ?? (async () => ({ status: 404, body: { error: { code: 'not_found', message: 'no fake route' } } }));
  const run = async (call: FakeCall) => {
    calls.push(call);
    if (offline) throw new Error('request:fail network is down');
    return net(call);
  };
  const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  const wx = {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    getStorageSync: (k: string) => (storage.has(k) ? clone(storage.get(k)) : ''),
    setStorageSync: (k: string, v: unknown) => { storage.set(k, clone(v)); },
    removeStorageSync: (k: string) => { storage.delete(k); },
    getStorageInfoSync: () => ({ keys: [...storage.keys()], currentSize: 1, limitSize: 10240 }),
    getSystemInfoSync: () => ({ environment: opts.environment }),
    login: async () => ({ code: opts.loginCode?.() ?? 'wx-code' }),
    ...(opts.qyCode ? { qy: { login: (o: { success: (r: { code: string }) => void }) => o.success({ code: opts.qyCode!() }) } } : {}),
    request: (o: { url: string; method?: string; data?: unknown; header?: Record<string, string>; success: (r: unknown) => void; fail: (e: unknown) => void }) => {
      run({ kind: 'request', method: o.method ?? 'GET', url: o.url, header: o.header ?? {}, data: o.data })
        .then((r) => o.success({ statusCode: r.status, data: r.body }))
        .catch((e: Error) => o.fail({ errMsg: `request:fail ${e.message}` }));
    },
    uploadFile: (o: { url: string; filePath: string; name: string; formData?: Record<string, string>; header?: Record<string, string>; success: (r: unknown) => void; fail: (e: unknown) => void }) => {
      run({ kind: 'upload', method: 'POST', url: o.url, header: o.header ?? {}, filePath: o.filePath, formData: o.formData })
        // wx.uploadFile hands the body over as a string.
        .then((r) => o.success({ statusCode: r.status, data: typeof r.body === 'string' ? r.body : JSON.stringify(r.body) }))
        .catch((e: Error) => o.fail({ errMsg: `uploadFile:fail ${e.message}` }));
    },
    downloadFile: (o: { url: string; header?: Record<string, string>; success: (r: unknown) => void; fail: (e: unknown) => void }) => {
      run({ kind: 'download', method: 'GET', url: o.url, header: o.header ?? {} })
        .then((r) => {
          const path = `wxfile://tmp/download-${++seq}.jpg`;
          files.set(path, Buffer.isBuffer(r.body) ? r.body : Buffer.from(JSON.stringify(r.body)));
          o.success({ statusCode: r.status, tempFilePath: path });
        })
        .catch((e: Error) => o.fail({ errMsg: `downloadFile:fail ${e.message}` }));
    },
    chooseMedia: async () => ({ type: 'image', tempFiles: (opts.media ?? []).map((p) => ({ tempFilePath: p, size: files.get(p)?.length ?? 0, fileType: 'image' })) }),
    getLocation: async () => opts.location ?? { latitude: 31.9045, longitude: 118.7988, accuracy: 8 },
    compressImage: async ({ src }: { src: string }) => {
      const out = `wxfile://tmp/compressed-${++seq}.jpg`;
      files.set(out, files.get(src) ?? Buffer.alloc(0));
      return { tempFilePath: out };
    },
    scanCode: async () => ({ result: '' }),
    getFileSystemManager: () => ({
      accessSync: (p: string) => { if (!files.has(p) && ![...files.keys()].some((k) => k.startsWith(`${p}/`)) && p !== 'wxfile://usr/outbox') throw new Error('no such file'); },
      mkdirSync: () => undefined,
      copyFileSync: (from: string, to: string) => { files.set(to, files.get(from) ?? Buffer.alloc(0)); },
      statSync: (p: string) => ({ size: files.get(p)?.length ?? 0 }),
      unlinkSync: (p: string) => { if (!files.delete(p)) throw new Error('no such file'); },
      unlink: ({ filePath }: { filePath: string }) => { files.delete(filePath); },
    }),
    showToast: ({ title }: { title: string }) => { toasts.push(title); },
    showModal: ({ content }: { content: string }) => { toasts.push(content); },
    navigateTo: () => undefined,
    redirectTo: () => undefined,
    createCameraContext: () => ({ takePhoto: ({ success }: { success: (r: { tempImagePath: string }) => void }) => success({ tempImagePath: 'wxfile://tmp/after.jpg' }) }),
    onNetworkStatusChange: () => undefined,
  };
  return {
    wx,
    state: {
      storage, files, calls, toasts,
      setOffline(v: boolean) { offline = v; },
      setLocation(l: FakeWxOptions['location']) { opts.location = l; },
    },
  };
}
