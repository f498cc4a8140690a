import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local WeChat (mini-program) peer: `GET /sns/jscode2session` the way api.weixin.qq.com answers
 * it — codes are single use and live 5 minutes, a wrong appid/secret is 40125/40013, an unknown
 * or reused code is 40029. Tests and the demo use the same `start()`.
 */
export interface WechatPeer {
  url: string;
  /** Acts as wx.login() on a phone whose WeChat user has this openid: returns a fresh code. */
  login(openid: string): string;
  /** Every jscode2session call, for assertions. */
  calls: Array<{ code: string; errcode: number }>;
  stop(): Promise<void>;
}

/** Starts the peer on a free loopback port. */
export async function start(opts: { appId: string; secret: string; now?: () => number }): Promise<WechatPeer> {
  const now = opts.now ?? Date.now;
  const codes = new Map<string, { openid: string; issuedAt: number }>();
  const calls: WechatPeer['calls'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://peer');
    const send = (body: Record<string, unknown>) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/sns/jscode2session') {
      res.statusCode = 404;
      return send({ errcode: -1, errmsg: 'no such api' });
    }
    const q = url.searchParams;
    const code = q.get('js_code') ?? '';
    const fail = (errcode: number, errmsg: string) => {
      calls.push({ code, errcode });
      send({ errcode, errmsg });
    };
    if (q.get('appid') !== opts.appId) return fail(40013, 'invalid appid');
    if (q.get('secret') !== opts.secret) return fail(40125, 'invalid appsecret');
    if (q.get('grant_type') !== 'authorization_code') return fail(40002, 'invalid grant_type');
    const entry = codes.get(code);
    codes.delete(code);
    if (!entry || now() - entry.issuedAt > 5 * 60_000) return fail(40029, 'invalid code');
    calls.push({ code, errcode: 0 });
    send({ openid: entry.openid, session_key: randomBytes(16).toString('base64') });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    login(openid) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { openid, issuedAt: now() });
      return code;
    },
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
