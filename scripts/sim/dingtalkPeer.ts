import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { handleOpenApi, PeerResponse, routeOf } from './dingtalkPeerOpenApi';
import { DingtalkPeerOptions, DingtalkPeerState } from './dingtalkPeerState';

/**
 * A local DingTalk peer: the stream gateway (registration with single-use tickets, the
 * WebSocket endpoint speaking protocol.md, ack checking and redelivery) and the OpenAPI calls
 * our DingTalk adapter makes on api.dingtalk.com and oapi.dingtalk.com, with fault injection.
 * One http base serves both API hosts and the gateway. Tests and the demo use the same start().
 */

export { DingtalkPeerState } from './dingtalkPeerState';
export type { DingtalkPeerOptions, PeerCard, PeerDepartment, PeerFault, PeerRoute, PeerUser, SentRobotMessage } from './dingtalkPeerState';
export type { PeerAck, PeerConnection, PeerFrame } from './dingtalkPeerStream';

/** A running peer. */
export interface DingtalkPeer {
  /** http base for api.*, oapi.* and the gateway: give it as baseUrl, oapiBaseUrl and `${url}/v1.0/gateway/connections/open`. */
  url: string;
  /** The WebSocket endpoint the gateway hands out (`ws://…/connect`). */
  wsUrl: string;
  /** Gateway registration URL (convenience). */
  gatewayUrl: string;
  state: DingtalkPeerState;
  /** Closes sockets and the server. */
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

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

async function serve(state: DingtalkPeerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://peer.local');
  const method = req.method ?? 'GET';
  let answer: PeerResponse;
  if (raw === null) {
    answer = { status: 413, json: { code: 'requestTooLarge', message: 'body too large' } };
  } else {
    let body: Record<string, unknown> = {};
    let bad = false;
    const multipart = String(req.headers['content-type'] ?? '').startsWith('multipart/form-data');
    if (raw.length > 0 && !multipart) {
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
      } catch {
        bad = true;
      }
    }
    if (bad) answer = { status: 400, json: { code: 'invalidParameter', message: 'body is not JSON' } };
    else if (method === 'POST' && url.pathname === '/robot/sendBySession') answer = { status: 200, json: { errcode: 0, errmsg: 'ok' } };
    else answer = handleOpenApi(state, { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, raw }) ?? { status: 404, json: { code: 'notFound', message: `${method} ${url.pathname}` } };
  }
  state.requests.push({ method, path: url.pathname, route: routeOf(method, url.pathname), status: answer.status, at: new Date() });
  if (answer.drop) {
    req.socket.destroy();
    return;
  }
  if (answer.bytes) {
    res.writeHead(answer.status, { 'Content-Type': answer.contentType ?? 'application/octet-stream', 'Content-Length': String(answer.bytes.length) });
    res.end(answer.bytes);
  } else if (answer.text !== undefined) {
    res.writeHead(answer.status, { 'Content-Type': answer.contentType ?? 'text/plain' });
    res.end(answer.text);
  } else {
    res.writeHead(answer.status, { 'Content-Type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify(answer.json ?? {}));
  }
}

/** Upgrade on /connect?ticket=…: a missing, used or expired ticket gets 401 and no socket. */
function upgrade(state: DingtalkPeerState, wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://peer.local');
  const accepted = url.pathname === '/connect' ? state.stream.takeTicket(url.searchParams.get('ticket') ?? '') : undefined;
  if (!accepted) {
    socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const ticket = url.searchParams.get('ticket') ?? '';
  wss.handleUpgrade(req, socket, head, (ws) => {
    state.stream.attach(ws, ticket, accepted.subscriptions);
  });
}

/** Starts a peer on 127.0.0.1 (`port` 0 or absent: a random free port). */
export async function start(options: DingtalkPeerOptions): Promise<DingtalkPeer> {
  const state = new DingtalkPeerState(options);
  const server = createServer((req, res) => {
    serve(state, req, res).catch((e: unknown) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(e instanceof Error ? e.message : 'peer error');
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => upgrade(state, wss, req, socket, head));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  state.baseUrl = url;
  return {
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/connect`,
    gatewayUrl: `${url}/v1.0/gateway/connections/open`,
    state,
    stop: async () => {
      state.stream.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
