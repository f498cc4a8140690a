/**
 * The offline outbox, shared by the mini-program (wx storage + files) and the H5 pages
 * (IndexedDB + blobs): reports wait on the phone while there is no signal and go up by
 * themselves, exactly once, when it returns. This file has no imports and no platform calls:
 * storage, files and the network are injected, so jest drives it and the browser copy is a plain
 * transpile of it.
 *
 * Exactly once: every item carries a client-generated id that the server uses as its
 * idempotency key (photos use `<id>-p<n>`), so a retry after a lost answer gets the stored answer
 * instead of a second report, and the same id with other content is refused (409).
 */

/** A position with the datum it was measured in. */
export interface OutboxFix {
  lat: number;
  lng: number;
  datum: 'WGS-84' | 'GCJ-02' | 'BD-09';
  accuracyM?: number;
}

/** A photo waiting with its item: a persistent reference (file path or blob key) and its size. */
export interface OutboxPhoto {
  clientId: string;
  ref: string;
  size: number;
  /** Set once the server stored it, so a retry does not upload it again. */
  fileId?: string;
}

/** What an item does when it goes up. */
export type OutboxKind = 'hazard.report' | 'hazard.rectify' | 'consent';

/** One queued command. */
export interface OutboxItem {
  /** Client-generated; the platform's idempotency key. */
  id: string;
  kind: OutboxKind;
  createdAt: string;
  capturedAt: string;
  fix: OutboxFix | null;
  /** The command body without photo ids (the transport adds them). */
  payload: Record<string, unknown>;
  photos: OutboxPhoto[];
  attempts: number;
  /** Epoch ms before which no retry is made. */
  nextAttemptAt: number;
  state: 'queued' | 'failed';
  lastError?: { kind: TransportErrorKind; code: string; message: string; status?: number };
  /** Short label for lists ("罐区 · 消防通道堵塞"). */
  label?: string;
}

/** How a send failed: retry later (network, server), sign in again (auth), or never (rejected). */
export type TransportErrorKind = 'network' | 'server' | 'auth' | 'rejected';

/** Thrown by transports; the kind decides what the outbox does next. */
export class TransportError extends Error {
  constructor(readonly kind: TransportErrorKind, readonly code: string, message: string, readonly status?: number) {
    super(message);
  }
}

/** Thrown by `add` when the phone's budget for waiting items is used up. */
export class OutboxFullError extends Error {
  constructor(readonly reason: 'items' | 'bytes' | 'metadata', readonly limit: number) {
    super(`outbox full (${reason})`);
  }
}

/** Persistence of the item list (metadata only; photos live as files/blobs). */
export interface OutboxStore {
  load(): Promise<OutboxItem[]>;
  save(items: OutboxItem[]): Promise<void>;
}

/** The network side. */
export interface OutboxTransport {
  uploadPhoto(photo: OutboxPhoto, item: OutboxItem): Promise<{ id: string }>;
  send(item: OutboxItem, photoIds: string[]): Promise<unknown>;
  /** Gets a fresh session (expired token); throws TransportError when it cannot. */
  relogin(): Promise<void>;
}

/** Removing a photo once its item went up. */
export interface OutboxFiles {
  remove(ref: string): Promise<void>;
}

/** Budgets that keep the outbox inside the platform's storage quota. */
export interface OutboxLimits {
  maxItems: number;
  /** Sum of queued photo bytes (after compression). */
  maxBytes: number;
  /** JSON size of the item list (wx storage: at most 1 MB per key). */
  maxMetadataBytes: number;
}

/** Defaults: 50 reports, 150 MB of photos (WeChat gives a mini-program ~200 MB), 900 kB list. */
export const DEFAULT_LIMITS: OutboxLimits = { maxItems: 50, maxBytes: 150 * 1024 * 1024, maxMetadataBytes: 900 * 1024 };

/** Retry delay after `attempts` failures: 5 s doubling to 10 min, ±20 % jitter. Pure. */
export function backoffMs(attempts: number, random: number): number {
  const base = Math.min(10 * 60_000, 5000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

/** A client id: time-ordered prefix plus randomness, within the server's [A-Za-z0-9_-]{8,100}. */
export function newClientId(now: number, random: () => number): string {
  let r = '';
  for (let i = 0; i < 16; i++) r += Math.floor(random() * 36).toString(36);
  return `${now.toString(36)}-${r}`;
}

/** Result of one flush. */
export interface FlushResult {
  sent: string[];
  failed: string[];
  waiting: number;
  offline: boolean;
}

/** The outbox itself. */
export class OutboxEngine {
  private flushing: Promise<FlushResult> | null = null;
  private readonly limits: OutboxLimits;

  constructor(
    private readonly deps: {
      store: OutboxStore;
      transport: OutboxTransport;
      files: OutboxFiles;
      now: () => number;
      random: () => number;
      limits?: Partial<OutboxLimits>;
      onSent?: (item: OutboxItem, result: unknown) => void;
    },
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...(deps.limits ?? {}) };
  }

  /** Items still on the phone (queued or failed). */
  async items(): Promise<OutboxItem[]> {
    return this.deps.store.load();
  }

  /** Checks the budgets as if `extra` were added; throws OutboxFullError. */
  async assertRoom(extraPhotoBytes: number): Promise<void> {
    const items = await this.deps.store.load();
    if (items.length + 1 > this.limits.maxItems) throw new OutboxFullError('items', this.limits.maxItems);
    const bytes = items.reduce((s, i) => s + i.photos.reduce((t, p) => t + p.size, 0), 0);
    if (bytes + extraPhotoBytes > this.limits.maxBytes) throw new OutboxFullError('bytes', this.limits.maxBytes);
  }

  /** Queues an item (photos already compressed and persisted by the caller). */
  async add(item: Omit<OutboxItem, 'attempts' | 'nextAttemptAt' | 'state'>): Promise<OutboxItem> {
    await this.assertRoom(item.photos.reduce((s, p) => s + p.size, 0));
    const items = await this.deps.store.load();
    if (items.some((i) => i.id === item.id)) throw new Error(`duplicate outbox id ${item.id}`);
    const full: OutboxItem = { ...item, attempts: 0, nextAttemptAt: 0, state: 'queued' };
    const next = [...items, full];
    if (JSON.stringify(next).length > this.limits.maxMetadataBytes) throw new OutboxFullError('metadata', this.limits.maxMetadataBytes);
    await this.deps.store.save(next);
    return full;
  }

  /** Drops an item (a failed one the person gave up on) and its photos. */
  async discard(id: string): Promise<void> {
    const items = await this.deps.store.load();
    const gone = items.find((i) => i.id === id);
    await this.deps.store.save(items.filter((i) => i.id !== id));
    for (const p of gone?.photos ?? []) await this.deps.files.remove(p.ref);
  }

  /** Puts a failed item back in the queue (after the person fixed what was wrong, e.g. signed in). */
  async retry(id: string): Promise<void> {
    await this.update(id, (i) => ({ ...i, state: 'queued', nextAttemptAt: 0, lastError: undefined }));
  }

  /** Sends every due item, in order; only one flush runs at a time. */
  flush(opts: { force?: boolean } = {}): Promise<FlushResult> {
    if (!this.flushing) {
      this.flushing = this.run(opts.force === true).finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private async update(id: string, fn: (i: OutboxItem) => OutboxItem): Promise<void> {
    const items = await this.deps.store.load();
    await this.deps.store.save(items.map((i) => (i.id === id ? fn(i) : i)));
  }

  private async run(force: boolean): Promise<FlushResult> {
    const result: FlushResult = { sent: [], failed: [], waiting: 0, offline: false };
    const due = (await this.deps.store.load()).filter((i) => i.state === 'queued' && (force || i.nextAttemptAt <= this.deps.now()));
    for (const item of due) {
      if (result.offline) break;
      const outcome = await this.sendOne(item);
      if (outcome === 'sent') result.sent.push(item.id);
      else if (outcome === 'failed') result.failed.push(item.id);
      else if (outcome === 'offline') result.offline = true;
    }
    result.waiting = (await this.deps.store.load()).filter((i) => i.state === 'queued').length;
    return result;
  }

  private async sendOne(item: OutboxItem, relogged = false): Promise<'sent' | 'failed' | 'offline' | 'later'> {
    try {
      const ids: string[] = [];
      for (const photo of item.photos) {
        if (!photo.fileId) {
          photo.fileId = (await this.deps.transport.uploadPhoto(photo, item)).id;
          // Remember each stored photo, so a later retry skips it (the server would dedupe anyway).
          await this.update(item.id, (i) => ({ ...i, photos: i.photos.map((p) => (p.clientId === photo.clientId ? { ...p, fileId: photo.fileId } : p)) }));
        }
        ids.push(photo.fileId);
      }
      const answer = await this.deps.transport.send(item, ids);
      const items = await this.deps.store.load();
      await this.deps.store.save(items.filter((i) => i.id !== item.id));
      for (const p of item.photos) await this.deps.files.remove(p.ref);
      this.deps.onSent?.(item, answer);
      return 'sent';
    } catch (err) {
      const e = err instanceof TransportError ? err : new TransportError('network', 'unknown', String((err as Error)?.message ?? err));
      if (e.kind === 'auth' && !relogged) {
        try {
          await this.deps.transport.relogin();
        } catch (loginErr) {
          const le = loginErr instanceof TransportError ? loginErr : new TransportError('network', 'unknown', String(loginErr));
          return this.fail(item, le.kind === 'network' || le.kind === 'server' ? le : new TransportError('auth', le.code, le.message, le.status));
        }
        return this.sendOne(item, true);
      }
      return this.fail(item, e);
    }
  }

  private async fail(item: OutboxItem, e: TransportError): Promise<'failed' | 'offline' | 'later'> {
    const lastError = { kind: e.kind, code: e.code, message: e.message, ...(e.status !== undefined ? { status: e.status } : {}) };
    if (e.kind === 'rejected' || e.kind === 'auth') {
      // The server said no (bad input, conflict) or nobody can sign in: a person must look at it.
      await this.update(item.id, (i) => ({ ...i, state: 'failed', lastError }));
      return 'failed';
    }
    const attempts = item.attempts + 1;
    await this.update(item.id, (i) => ({ ...i, attempts, nextAttemptAt: this.deps.now() + backoffMs(attempts, this.deps.random()), lastError }));
    return e.kind === 'network' ? 'offline' : 'later';
  }
}
