import axios, { AxiosInstance } from 'axios';
import { DWClient } from 'dingtalk-stream';
import WebSocket from 'ws';
import { FrameHandler, StreamAck, StreamFrame, StreamState, StreamStatus, TOPIC_ALL_EVENTS } from './dingtalkTypes';
import { dispatchFrame } from './dispatchFrame';
import { buildAck, parseStreamFrame } from './parseStreamFrame';
import { registerStream, StreamRegistrationError } from './registerStream';
import { backoffDelay, ResolvedStreamOptions, resolveStreamOptions, StreamClientOptions } from './streamClientOptions';

/** SDK fields that its .d.ts marks private but that its own `send()` relies on. */
interface SdkInternals { socket?: WebSocket; dw_url?: string; userDisconnect: boolean }

function rawToText(raw: WebSocket.RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * DingTalk stream client. Subclasses the SDK's DWClient (so `send`/`socketCallBackResponse`
 * and `config` keep working) but replaces the parts we cannot use as shipped: hard-coded gateway
 * and token URLs, a frame parser that throws on non-JSON input, console logging, no ack for
 * callbacks, and a fixed 1 s reconnect. Every business frame goes to one `onFrame` handler and
 * is acked exactly once, on the socket it arrived on. Emits `'status'` (a StreamStatus) on every
 * state change. Use `connect()` to start and `await stop()` to end; the SDK's
 * `registerCallbackListener`/`registerAllEventListener` are not used by this class.
 */
export class DingtalkStreamClient extends DWClient {
  private readonly o: ResolvedStreamOptions;
  private readonly http: AxiosInstance;
  private handler?: FrameHandler;
  private current?: WebSocket;
  private readonly sockets = new Set<WebSocket>();
  private readonly inflight = new Map<WebSocket, Set<Promise<void>>>();
  private stopped = true;
  private attempting = false;
  private retryTimer?: NodeJS.Timeout;
  private st: StreamStatus;

  constructor(options: StreamClientOptions) {
    if (!options.clientId || !options.clientSecret) throw new Error('DingTalk stream: clientId and clientSecret are required');
    const o = resolveStreamOptions(options);
    super({ clientId: o.clientId, clientSecret: o.clientSecret, ua: o.ua, keepAlive: false });
    this.o = o;
    this.http = options.http ?? axios.create({ timeout: 10_000 });
    // We drive reconnection ourselves (back-off, new ticket); the SDK's own loop stays off.
    this.config.autoReconnect = false;
    this.config.subscriptions = [
      ...(o.subscribeEvents ? [{ type: 'EVENT', topic: TOPIC_ALL_EVENTS }] : []),
      ...o.callbackTopics.map((topic) => ({ type: 'CALLBACK', topic })),
    ];
    this.st = { state: 'idle', since: o.now(), failedAttempts: 0, connections: 0 };
  }

  private get sdk(): SdkInternals {
    return this as unknown as SdkInternals;
  }

  /** Registers the single handler for EVENT and CALLBACK frames. */
  onFrame(handler: FrameHandler): this {
    this.handler = handler;
    return this;
  }

  /** Current connection state (for /readyz). */
  status(): StreamStatus {
    return { ...this.st };
  }

  private setState(state: StreamState, lastError?: string): void {
    if (lastError !== undefined) this.st.lastError = lastError;
    if (this.st.state !== state) this.st = { ...this.st, state, since: this.o.now() };
    this.emit('status', this.status());
  }

  /** Starts the connection loop; resolves after the first attempt (success or not), never rejects. */
  override async connect(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.sdk.userDisconnect = false;
    this.setState('connecting');
    await this.attempt();
  }

  private async attempt(): Promise<void> {
    if (this.stopped || this.attempting) return;
    this.attempting = true;
    try {
      await this.getEndpoint();
      if (!this.stopped) await this._connect();
    } catch (err) {
      if (this.stopped) return;
      this.st.failedAttempts += 1;
      const auth = err instanceof StreamRegistrationError && err.status >= 400 && err.status < 500;
      const state = auth || this.st.failedAttempts >= this.o.errorAfterAttempts ? 'error' : 'reconnecting';
      const delay = this.backoff();
      this.o.logger.warn({ err: errText(err), failedAttempts: this.st.failedAttempts, retryInMs: delay }, 'dingtalk stream: connect failed');
      this.setState(state, errText(err));
      this.scheduleAttempt(delay);
    } finally {
      this.attempting = false;
    }
  }

  private backoff(): number {
    return backoffDelay(this.st.failedAttempts, this.o.backoffInitialMs, this.o.backoffMaxMs);
  }

  private scheduleAttempt(delayMs: number): void {
    if (this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.attempt();
    }, delayMs);
  }

  /** Registers at the gateway and keeps the single-use ticket for the next socket. */
  override async getEndpoint(): Promise<this> {
    const { endpoint, url } = await registerStream(this.http, this.o.gatewayUrl, {
      clientId: this.o.clientId, clientSecret: this.o.clientSecret, subscriptions: this.config.subscriptions, ua: this.config.ua,
    });
    this.sdk.dw_url = url;
    this.o.logger.debug({ endpoint }, 'dingtalk stream: registered');
    return this;
  }

  /** Old-style app token (`GET gettoken`), kept for SDK compatibility; DingtalkApi has the cached one. */
  override async getAccessToken(): Promise<string> {
    const res = await this.http.get(this.o.tokenUrl, { params: { appkey: this.o.clientId, appsecret: this.o.clientSecret }, validateStatus: () => true });
    const body = (res.data ?? {}) as Record<string, unknown>;
    if (res.status !== 200 || typeof body.access_token !== 'string') throw new Error(`DingTalk gettoken failed (HTTP ${res.status}, errcode ${String(body.errcode)})`);
    this.config.access_token = body.access_token;
    return body.access_token;
  }

  /** Opens the socket for the ticket obtained by getEndpoint(). */
  override _connect(): Promise<void> {
    const url = this.sdk.dw_url;
    this.sdk.dw_url = undefined; // tickets are single-use: never dial the same one twice
    return new Promise((resolve, reject) => {
      if (!url) return reject(new Error('no ticket: call getEndpoint() first'));
      const socket = new WebSocket(url, { handshakeTimeout: 10_000 });
      let opened = false;
      this.sockets.add(socket);
      socket.on('open', () => {
        opened = true;
        if (this.stopped) {
          socket.close(1000, 'stopped');
          return resolve();
        }
        this.current = socket;
        this.sdk.socket = socket;
        this.connected = true;
        this.st = { ...this.st, failedAttempts: 0, connections: this.st.connections + 1, connectedAt: this.o.now() };
        this.startKeepAlive(socket);
        this.o.logger.info({ connections: this.st.connections }, 'dingtalk stream: connected');
        this.setState('connected');
        resolve();
      });
      socket.on('message', (raw, isBinary) => this.onRaw(socket, raw, isBinary));
      socket.on('error', (err) => {
        this.o.logger.warn({ err: err.message }, 'dingtalk stream: socket error');
        if (!opened) reject(err);
      });
      socket.on('close', (code, reason) => {
        this.sockets.delete(socket);
        if (!opened) reject(new Error(`socket closed before open (${code})`));
        else this.onClosed(socket, code, reason.toString());
      });
    });
  }

  private startKeepAlive(socket: WebSocket): void {
    if (this.o.keepAliveMs <= 0) return;
    let alive = true;
    socket.on('pong', () => { alive = true; });
    const timer = setInterval(() => {
      if (!alive) {
        this.o.logger.warn({}, 'dingtalk stream: no pong, terminating socket');
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, this.o.keepAliveMs);
    socket.once('close', () => clearInterval(timer));
  }

  private onClosed(socket: WebSocket, code: number, reason: string): void {
    if (socket !== this.current) return; // a drained socket after `disconnect`: its replacement is already up
    this.current = undefined;
    this.connected = false;
    if (this.stopped) return this.setState('stopped');
    this.o.logger.warn({ code, reason }, 'dingtalk stream: connection dropped, reconnecting with a new ticket');
    this.setState('reconnecting');
    this.scheduleAttempt(this.backoff());
  }

  /** Never throws: a bad frame must not take the listener (and the process) down. */
  private onRaw(socket: WebSocket, raw: WebSocket.RawData, isBinary: boolean): void {
    try {
      if (isBinary) return this.o.logger.warn({}, 'dingtalk stream: binary frame ignored');
      const parsed = parseStreamFrame(rawToText(raw));
      if (!parsed.ok) {
        this.o.logger.warn({ reason: parsed.reason, messageId: parsed.messageId }, 'dingtalk stream: unreadable frame ignored');
        if (parsed.messageId) this.writeAck(socket, buildAck(parsed.messageId, 400, 'bad request', { response: null }));
        return;
      }
      if (parsed.frame.type === 'SYSTEM') this.onSystemFrame(socket, parsed.frame);
      else this.dispatch(socket, parsed.frame);
    } catch (err) {
      this.o.logger.error({ err: errText(err) }, 'dingtalk stream: frame handling failed');
    }
  }

  private onSystemFrame(socket: WebSocket, frame: StreamFrame): void {
    const { topic, messageId } = frame.headers;
    if (topic === 'ping' && messageId) {
      // Echo the opaque back (protocol.md "ping 请求处理").
      this.writeAck(socket, { code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data: frame.data });
    } else if (topic === 'disconnect') {
      this.onServerDisconnect(socket, frame.data);
    } else {
      this.o.logger.debug({ topic }, 'dingtalk stream: system frame');
    }
  }

  /** The server asks us to move: open a replacement now, let the old socket finish its acks. */
  private onServerDisconnect(socket: WebSocket, data: string): void {
    this.o.logger.info({ data }, 'dingtalk stream: server requested disconnect');
    if (socket !== this.current) return;
    this.current = undefined;
    this.connected = false;
    this.setState('reconnecting');
    void this.drain(socket, this.o.drainMs).then(() => socket.close(1000, 'disconnect requested'));
    this.scheduleAttempt(0);
  }

  private async drain(socket: WebSocket, maxMs: number): Promise<void> {
    const pending = [...(this.inflight.get(socket) ?? [])];
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(pending), new Promise<void>((r) => { timer = setTimeout(r, maxMs); })]);
    clearTimeout(timer);
  }

  private dispatch(socket: WebSocket, frame: StreamFrame): void {
    const run = dispatchFrame(frame, {
      logger: this.o.logger,
      handler: this.handler,
      ackTimeoutMs: this.o.ackTimeoutMs,
      subscribeEvents: this.o.subscribeEvents,
      isSubscribedCallback: (topic) => this.config.subscriptions.some((s) => s.type === 'CALLBACK' && s.topic === topic),
      send: (ack) => this.writeAck(socket, ack),
      now: this.o.now,
    });
    if (!run) return;
    const set = this.inflight.get(socket) ?? new Set<Promise<void>>();
    this.inflight.set(socket, set);
    set.add(run);
    void run.finally(() => {
      set.delete(run);
      if (set.size === 0) this.inflight.delete(socket);
    });
  }

  private writeAck(socket: WebSocket, ack: StreamAck): void {
    if (socket.readyState !== WebSocket.OPEN) {
      this.o.logger.warn({ messageId: ack.headers.messageId }, 'dingtalk stream: ack lost, socket already closed');
      return;
    }
    socket.send(JSON.stringify(ack), (err) => {
      if (err) this.o.logger.warn({ err: err.message, messageId: ack.headers.messageId }, 'dingtalk stream: ack send failed');
    });
  }

  /** SDK-compatible synchronous stop; prefer `await stop()`. */
  override disconnect(): void {
    void this.stop(0);
  }

  /** Stops reconnecting, lets in-flight handlers ack (up to drainMs), then closes every socket. */
  async stop(drainMs = this.o.drainMs): Promise<void> {
    this.stopped = true;
    this.sdk.userDisconnect = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const sockets = [...this.sockets];
    await Promise.all(sockets.map((s) => this.drain(s, drainMs)));
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => {
      if (s.readyState === WebSocket.CLOSED) return resolve();
      const force = setTimeout(() => s.terminate(), 2000);
      s.once('close', () => { clearTimeout(force); resolve(); });
      if (s.readyState === WebSocket.CONNECTING) s.terminate();
      else s.close(1000, 'client stopping');
    })));
    this.current = undefined;
    this.connected = false;
    this.setState('stopped');
  }
}
