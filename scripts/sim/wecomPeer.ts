import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fail, PeerHandler, PeerRequest, PeerResponse } from './wecomPeerHttp';
import { appchatSend, messageSend, updateTemplateCard, webhookSend } from './wecomPeerMessages';
import { authGetUserInfo, departmentList, getToken, jscode2session, mediaGet, mediaUpload, userList, userSimpleList } from './wecomPeerServices';
import { WecomPeerOptions, WecomPeerState } from './wecomPeerState';

/**
 * A local WeCom peer: an HTTP server speaking the qyapi.weixin.qq.com API the way WeCom does
 * (tokens that expire, single-use response codes, robot rate limits, WeCom's errcodes), plus
 * `state` handles that let tests act as members by producing signed, encrypted callbacks.
 * Tests and the demo use the same `start()`.
 */

export { WecomPeerState } from './wecomPeerState';
export type { PeerDepartment, PeerInjection, PeerSentMessage, PeerUser, WecomPeerOptions } from './wecomPeerState';
export type { CallbackSpec, WecomCallbackRequest, WecomUrlCheckRequest } from './wecomPeerCallbacks';

/** A running peer. */
export interface WecomPeer {
  /** Base URL to give the WeCom client (`baseUrl`), e.g. `http://127.0.0.1:41234`. */
  url: string;
  state: WecomPeerState;
  /** Closes the server and its connections. */
  stop(): Promise<void>;
}

const ROUTES: Record<string, { method: 'GET' | 'POST'; handler: PeerHandler }> = {
  '/cgi-bin/gettoken': { method: 'GET', handler: getToken },
  '/cgi-bin/message/send': { method: 'POST', handler: messageSend },
  '/cgi-bin/message/update_template_card': { method: 'POST', handler: updateTemplateCard },
  '/cgi-bin/appchat/send': { method: 'POST', handler: appchatSend },
  '/cgi-bin/webhook/send': { method: 'POST', handler: webhookSend },
  '/cgi-bin/media/upload': { method: 'POST', handler: mediaUpload },
  '/cgi-bin/media/get': { method: 'GET', handler: mediaGet },
  '/cgi-bin/miniprogram/jscode2session': { method: 'GET', handler: jscode2session },
  '/cgi-bin/auth/getuserinfo': { method: 'GET', handler: authGetUserInfo },
  '/cgi-bin/department/list': { method: 'GET', handler: departmentList },
  '/cgi-bin/user/simplelist': { method: 'GET', handler: userSimpleList },
  '/cgi-bin/user/list': { method: 'GET', handler: userList },
};

const MAX_BODY_BYTES = 25 * 1024 * 1024;

/** Routes one request: injected faults first, then the endpoint. */
export function handlePeerRequest(state: WecomPeerState, req: PeerRequest): PeerResponse {
  state.requests.push({ method: req.method, path: req.path, at: state.now() });
  // A demo peer may run for hours: keep the request log bounded.
  if (state.requests.length > 10_000) state.requests.splice(0, state.requests.length - 10_000);
  const route = ROUTES[req.path];
  if (!route) return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'not found' };
  const injected = state.takeInjection(req.path);
  if (injected?.status) return { status: injected.status, headers: { 'Content-Type': 'text/html' }, body: `<html>${injected.status}</html>` };
  if (injected?.errcode !== undefined) return fail(state, injected.errcode, injected.errmsg ?? 'injected error');
  if (req.method !== route.method) return fail(state, 43002, `require ${route.method} method`);
  return route.handler(state, req);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function serve(state: WecomPeerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  let answer: PeerResponse;
  if (body === null) {
    answer = { status: 413, headers: { 'Content-Type': 'text/plain' }, body: 'too large' };
  } else {
    const url = new URL(req.url ?? '/', 'http://peer.local');
    answer = handlePeerRequest(state, { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body });
  }
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/** Starts a peer on 127.0.0.1 (`port` 0 or absent: a random free port). */
export async function start(options: WecomPeerOptions): Promise<WecomPeer> {
  const state = new WecomPeerState(options);
  const server = createServer((req, res) => {
    serve(state, req, res).catch((e: unknown) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(e instanceof Error ? e.message : 'peer error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    state,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
