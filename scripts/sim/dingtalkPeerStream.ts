import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/** One ack received from the client, as the peer checked it. */
export interface PeerAck {
  messageId: string;
  type: 'EVENT' | 'CALLBACK';
  topic: string;
  code: number;
  message: string;
  /** `data` parsed from its JSON string (undefined when it was not JSON). */
  data: unknown;
  /** Time from the latest (re)delivery to this ack. */
  latencyMs: number;
  connectionId: string;
  /** 1 for the first delivery, 2 for the first redelivery… */
  delivery: number;
  at: Date;
}

/** A business frame the peer pushed, with its delivery history. */
export interface PeerFrame {
  messageId: string;
  type: 'EVENT' | 'CALLBACK';
  topic: string;
  data: string;
  headers: Record<string, string>;
  deliveries: number;
  lastConnectionId?: string;
  lastSentAt?: number;
  /** Acked with code 200 (and, for events, status SUCCESS): never delivered again. */
  settled: boolean;
  acks: PeerAck[];
}

/** A connection accepted with a valid ticket. */
export interface PeerConnection {
  id: string;
  ticket: string;
  subscriptions: Array<{ type: string; topic: string }>;
  socket: WebSocket;
  openedAt: Date;
  closedAt?: Date;
  /** A `disconnect` notice was sent: no new frames go here. */
  draining: boolean;
}

/** Stream-side settings of the peer. */
export interface PeerStreamOptions {
  appId: string;
  ticketTtlMs: number;
  /** DingTalk closes the TCP connection 10 s after a `disconnect` notice. */
  disconnectGraceMs: number;
  pingOnConnect: boolean;
  /** Default wait of push() for an ack. */
  ackWaitMs: number;
}

const OPEN = WebSocket.OPEN;

/**
 * The stream half of the DingTalk peer: single-use tickets, connections, frames pushed to the
 * client and the acks checked against protocol.md. Unsettled frames are delivered again on the
 * next connection (stricter than DingTalk for robot messages, on purpose: it exercises dedupe).
 */
export class PeerStream {
  readonly registrations: Array<{ clientId: string; subscriptions: Array<{ type: string; topic: string }>; ua?: string; ticket: string; at: Date }> = [];
  readonly refusedTickets: string[] = [];
  readonly connections: PeerConnection[] = [];
  readonly frames = new Map<string, PeerFrame>();
  readonly acks: PeerAck[] = [];
  readonly pings: Array<{ messageId: string; opaque: string; sentAt: number; echoed?: boolean; latencyMs?: number }> = [];
  /** Anything the client sent that breaks the protocol (asserted empty by tests). */
  readonly protocolErrors: string[] = [];
  private readonly tickets = new Map<string, { subscriptions: Array<{ type: string; topic: string }>; expiresAt: number }>();
  private readonly ackWaiters = new Map<string, Array<(a: PeerAck) => void>>();
  private readonly connWaiters: Array<{ n: number; resolve: () => void }> = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly o: PeerStreamOptions) {}

  /** Issues a ticket for a registration (valid ticketTtlMs, usable once). */
  issueTicket(clientId: string, subscriptions: Array<{ type: string; topic: string }>, ua?: string): string {
    const ticket = randomUUID();
    this.tickets.set(ticket, { subscriptions, expiresAt: Date.now() + this.o.ticketTtlMs });
    this.registrations.push({ clientId, subscriptions, ua, ticket, at: new Date() });
    return ticket;
  }

  /** Consumes a ticket; undefined (and recorded as refused) when unknown, used or expired. */
  takeTicket(ticket: string): { subscriptions: Array<{ type: string; topic: string }> } | undefined {
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!t || t.expiresAt < Date.now()) {
      this.refusedTickets.push(ticket);
      return undefined;
    }
    return t;
  }

  /** Wires an accepted socket: ping, redelivery, ack checking. */
  attach(socket: WebSocket, ticket: string, subscriptions: Array<{ type: string; topic: string }>): PeerConnection {
    const conn: PeerConnection = { id: `conn-${this.connections.length + 1}`, ticket, subscriptions, socket, openedAt: new Date(), draining: false };
    this.connections.push(conn);
    socket.on('message', (raw) => this.onClientMessage(conn, raw.toString()));
    socket.on('close', () => { conn.closedAt = new Date(); });
    socket.on('error', (err) => this.protocolErrors.push(`${conn.id}: socket error ${err.message}`));
    if (this.o.pingOnConnect) this.sendPing();
    for (const f of this.frames.values()) {
      const last = this.connections.find((c) => c.id === f.lastConnectionId);
      if (!f.settled && (!last || last.closedAt || last.socket.readyState !== OPEN)) this.deliver(f, conn);
    }
    for (const w of [...this.connWaiters]) {
      if (this.connections.length >= w.n) {
        this.connWaiters.splice(this.connWaiters.indexOf(w), 1);
        w.resolve();
      }
    }
    return conn;
  }

  /** The connection new frames go to: the newest open one not told to disconnect. */
  active(): PeerConnection | undefined {
    return [...this.connections].reverse().find((c) => !c.draining && !c.closedAt && c.socket.readyState === OPEN);
  }

  /** Resolves once `n` connections were accepted in total. */
  waitForConnections(n: number, timeoutMs = 5000): Promise<void> {
    if (this.connections.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w = { n, resolve: () => { clearTimeout(t); resolve(); } };
      const t = setTimeout(() => {
        this.connWaiters.splice(this.connWaiters.indexOf(w), 1);
        reject(new Error(`peer: ${this.connections.length}/${n} connections after ${timeoutMs} ms`));
      }, timeoutMs);
      this.connWaiters.push(w);
    });
  }

  /** Pushes an EVENT or CALLBACK and resolves with the first ack for it (any code). */
  push(type: 'EVENT' | 'CALLBACK', topic: string, data: unknown, extraHeaders: Record<string, string> = {}, waitMs = this.o.ackWaitMs): Promise<PeerAck> {
    const messageId = `msg-${randomUUID()}`;
    const headers = { appId: this.o.appId, contentType: 'application/json', messageId, time: String(Date.now()), topic, ...extraHeaders };
    const frame: PeerFrame = { messageId, type, topic, data: typeof data === 'string' ? data : JSON.stringify(data), headers, deliveries: 0, settled: false, acks: [] };
    this.frames.set(messageId, frame);
    const conn = this.active();
    if (conn) this.deliver(frame, conn);
    return this.waitForAck(messageId, waitMs);
  }

  /** Resolves with the first ack for `messageId` (or the one already received). */
  waitForAck(messageId: string, waitMs = this.o.ackWaitMs): Promise<PeerAck> {
    const got = this.frames.get(messageId)?.acks[0];
    if (got) return Promise.resolve(got);
    return new Promise((resolve, reject) => {
      const list = this.ackWaiters.get(messageId) ?? [];
      const timer = setTimeout(() => reject(new Error(`peer: no ack for ${messageId} within ${waitMs} ms`)), waitMs);
      list.push((a) => { clearTimeout(timer); resolve(a); });
      this.ackWaiters.set(messageId, list);
    });
  }

  private deliver(frame: PeerFrame, conn: PeerConnection): void {
    const subscribed = conn.subscriptions.some((s) => s.type === frame.type && (s.topic === frame.topic || s.topic === '*'));
    if (!subscribed) this.protocolErrors.push(`${frame.messageId}: pushed ${frame.type} ${frame.topic} the client did not subscribe to`);
    frame.deliveries += 1;
    frame.lastConnectionId = conn.id;
    frame.lastSentAt = Date.now();
    const headers = { ...frame.headers, connectionId: conn.id };
    conn.socket.send(JSON.stringify({ specVersion: '1.0', type: frame.type, headers, data: frame.data }));
  }

  /** System ping with a fresh opaque; the client must echo it. */
  sendPing(): void {
    const conn = this.active();
    if (!conn) return;
    const messageId = `ping-${randomUUID()}`;
    const opaque = randomUUID();
    this.pings.push({ messageId, opaque, sentAt: Date.now() });
    conn.socket.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'ping', messageId, contentType: 'application/json', time: String(Date.now()) }, data: JSON.stringify({ opaque }) }));
  }

  /** Graceful server-side move: `disconnect` notice, then close after the grace period. */
  sendDisconnect(reason = 'connection is expired', closeAfterMs = this.o.disconnectGraceMs): void {
    const conn = this.active();
    if (!conn) return;
    conn.draining = true;
    conn.socket.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic: 'disconnect', contentType: 'application/json' }, data: JSON.stringify({ reason }) }));
    const t = setTimeout(() => { this.timers.delete(t); conn.socket.close(1000, 'expired'); }, closeAfterMs);
    this.timers.add(t);
  }

  /** Network drop: kill every open socket without a close handshake. */
  dropConnections(): void {
    for (const c of this.connections) if (!c.closedAt) c.socket.terminate();
  }

  /** Sends a raw text frame (e.g. not JSON) on the active connection. */
  sendRaw(text: string): void {
    this.active()?.socket.send(text);
  }

  private onClientMessage(conn: PeerConnection, text: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.protocolErrors.push(`${conn.id}: ack is not JSON`);
      return;
    }
    const headers = (msg.headers ?? {}) as Record<string, unknown>;
    const messageId = typeof headers.messageId === 'string' ? headers.messageId : '';
    if (typeof msg.code !== 'number' || typeof msg.message !== 'string' || typeof msg.data !== 'string' || headers.contentType !== 'application/json' || !messageId) {
      this.protocolErrors.push(`${conn.id}: malformed ack ${text.slice(0, 200)}`);
    }
    const ping = this.pings.find((p) => p.messageId === messageId);
    if (ping) {
      ping.echoed = String(msg.data).includes(ping.opaque);
      ping.latencyMs = Date.now() - ping.sentAt;
      return;
    }
    const frame = this.frames.get(messageId);
    if (!frame) return void this.protocolErrors.push(`${conn.id}: ack for unknown messageId ${messageId}`);
    let data: unknown;
    try {
      data = JSON.parse(String(msg.data));
    } catch {
      this.protocolErrors.push(`${messageId}: ack data is not JSON`);
    }
    const delivery = frame.deliveries;
    if (frame.acks.some((a) => a.delivery === delivery && a.connectionId === conn.id)) this.protocolErrors.push(`${messageId}: acked twice`);
    const record: PeerAck = {
      messageId, type: frame.type, topic: frame.topic, code: Number(msg.code), message: String(msg.message), data,
      latencyMs: Date.now() - (frame.lastSentAt ?? Date.now()), connectionId: conn.id, delivery, at: new Date(),
    };
    const d = (data ?? {}) as Record<string, unknown>;
    if (record.code === 200 && frame.type === 'CALLBACK' && !('response' in d)) this.protocolErrors.push(`${messageId}: callback ack lacks "response"`);
    if (record.code === 200 && frame.type === 'EVENT' && d.status !== 'SUCCESS' && d.status !== 'LATER') this.protocolErrors.push(`${messageId}: event ack lacks status`);
    frame.acks.push(record);
    this.acks.push(record);
    frame.settled = frame.settled || (record.code === 200 && (frame.type === 'CALLBACK' || d.status === 'SUCCESS'));
    const waiters = this.ackWaiters.get(messageId) ?? [];
    this.ackWaiters.delete(messageId);
    for (const w of waiters) w(record);
  }

  /** Clears timers and closes sockets (called by the peer's stop()). */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.connections) if (!c.closedAt) c.socket.terminate();
  }
}
