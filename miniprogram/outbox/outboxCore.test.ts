import { backoffMs, newClientId, OutboxEngine, OutboxFullError, TransportError, type OutboxItem, type OutboxTransport } from './outboxCore';

function memoryStore() {
  let items: OutboxItem[] = [];
  return { load: async () => JSON.parse(JSON.stringify(items)) as OutboxItem[], save: async (next: OutboxItem[]) => { items = JSON.parse(JSON.stringify(next)); } };
}

function setup(transport: Partial<OutboxTransport>, limits = {}) {
  let now = 1_000_000;
  const removed: string[] = [];
  const sent: string[] = [];
  const engine = new OutboxEngine({
    store: memoryStore(),
    transport: {
      uploadPhoto: async (p) => ({ id: `file-${p.clientId}` }),
      send: async () => ({ ok: true }),
      relogin: async () => undefined,
      ...transport,
    },
    files: { remove: async (ref) => { removed.push(ref); } },
    now: () => now,
    random: () => 0.5,
    limits,
    onSent: (i) => sent.push(i.id),
  });
  return { engine, removed, sent, advance: (ms: number) => { now += ms; } };
}

const item = (id: string, photos = 2) => ({
  id, kind: 'hazard.report' as const, createdAt: '2026-11-24T04:00:00Z', capturedAt: '2026-11-24T04:00:00Z', fix: null,
  payload: { description: 'x' }, photos: Array.from({ length: photos }, (_, i) => ({ clientId: `${id}-p${i}`, ref: `wxfile://${id}-${i}.jpg`, size: 1000 })),
});

describe('outbox core', () => {
  test('offline → online: waits with back-off, then sends once and cleans up', async () => {
    let online = false;
    const sends: string[][] = [];
    const t = setup({
      uploadPhoto: async (p) => { if (!online) throw new TransportError('network', 'offline', 'request:fail'); return { id: `file-${p.clientId}` }; },
      send: async (i, ids) => { sends.push(ids); return { id: 'hazard-1' }; },
    });
    await t.engine.add(item('a1'));
    const r1 = await t.engine.flush();
    expect(r1).toMatchObject({ sent: [], offline: true, waiting: 1 });
    const [queued] = await t.engine.items();
    expect(queued.attempts).toBe(1);
    expect(queued.nextAttemptAt).toBeGreaterThan(1_000_000);
    online = true;
    expect((await t.engine.flush()).sent).toEqual([]); // not due yet
    t.advance(60_000);
    expect((await t.engine.flush()).sent).toEqual(['a1']);
    expect(sends).toEqual([['file-a1-p0', 'file-a1-p1']]);
    expect(await t.engine.items()).toEqual([]);
    expect(t.removed).toEqual(['wxfile://a1-0.jpg', 'wxfile://a1-1.jpg']);
    expect(t.sent).toEqual(['a1']);
  });

  test('a photo stored before the connection dropped is not uploaded again', async () => {
    const uploads: string[] = [];
    let calls = 0;
    const t = setup({
      uploadPhoto: async (p) => { calls++; if (calls === 2) throw new TransportError('network', 'offline', 'drop'); uploads.push(p.clientId); return { id: `f-${p.clientId}` }; },
    });
    await t.engine.add(item('b1'));
    await t.engine.flush();
    expect((await t.engine.items())[0].photos[0].fileId).toBe('f-b1-p0');
    await t.engine.flush({ force: true });
    expect(uploads).toEqual(['b1-p0', 'b1-p1']);
  });

  test('an expired session: re-login once, then the item goes through', async () => {
    let token = 'old';
    const t = setup({
      send: async () => { if (token === 'old') throw new TransportError('auth', 'invalid_token', 'expired', 401); return {}; },
      relogin: async () => { token = 'new'; },
    });
    await t.engine.add(item('c1', 0));
    expect((await t.engine.flush()).sent).toEqual(['c1']);
  });

  test('re-login impossible (binding needed) → failed, kept for the person; retry re-queues it', async () => {
    const t = setup({
      send: async () => { throw new TransportError('auth', 'invalid_token', 'expired', 401); },
      relogin: async () => { throw new TransportError('rejected', 'binding_required', 'bind first', 403); },
    });
    await t.engine.add(item('d1', 0));
    expect((await t.engine.flush()).failed).toEqual(['d1']);
    expect((await t.engine.items())[0]).toMatchObject({ state: 'failed', lastError: { kind: 'auth', code: 'binding_required' } });
    await t.engine.retry('d1');
    expect((await t.engine.items())[0].state).toBe('queued');
  });

  test('a refusal (409, 400) fails the item without retrying, and later items still go', async () => {
    const t = setup({
      send: async (i) => { if (i.id === 'e1') throw new TransportError('rejected', 'idempotency_conflict', 'conflict', 409); return {}; },
    });
    await t.engine.add(item('e1', 0));
    await t.engine.add(item('e2', 0));
    const r = await t.engine.flush();
    expect(r).toMatchObject({ sent: ['e2'], failed: ['e1'] });
    expect((await t.engine.items()).map((i) => [i.id, i.state])).toEqual([['e1', 'failed']]);
  });

  test('a server error (5xx) retries later but does not stop the others', async () => {
    const t = setup({ send: async (i) => { if (i.id === 'f1') throw new TransportError('server', 'internal_error', 'boom', 500); return {}; } });
    await t.engine.add(item('f1', 0));
    await t.engine.add(item('f2', 0));
    expect((await t.engine.flush()).sent).toEqual(['f2']);
    expect((await t.engine.items())[0]).toMatchObject({ id: 'f1', state: 'queued', attempts: 1 });
  });

  test('concurrent flushes share one run (no double send)', async () => {
    let sends = 0;
    const t = setup({ send: async () => { sends++; await new Promise((r) => setTimeout(r, 10)); return {}; } });
    await t.engine.add(item('g1', 0));
    await Promise.all([t.engine.flush(), t.engine.flush(), t.engine.flush()]);
    expect(sends).toBe(1);
  });

  test.each<[string, object, number, string]>([
    ['too many items', { maxItems: 1 }, 0, 'items'],
    ['too many photo bytes', { maxBytes: 2500 }, 2, 'bytes'],
    ['item list too big for one storage key', { maxMetadataBytes: 300 }, 0, 'metadata'],
  ])('full: %s', async (_n, limits, photos, reason) => {
    const t = setup({}, limits);
    await t.engine.add(item('h1', photos)).catch(() => undefined);
    const err = await t.engine.add(item('h2', photos)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboxFullError);
    expect((err as OutboxFullError).reason).toBe(reason);
  });

  test('discard drops the item and its photo files', async () => {
    const t = setup({});
    await t.engine.add(item('i1'));
    await t.engine.discard('i1');
    expect(await t.engine.items()).toEqual([]);
    expect(t.removed).toHaveLength(2);
  });

  test.each([[1, 5000], [2, 10_000], [5, 80_000], [20, 600_000]])('backoff after %p attempts ≈ %p ms', (n, ms) => {
    expect(backoffMs(n, 0.5)).toBe(ms);
    expect(backoffMs(n, 0)).toBe(Math.round(ms * 0.8));
  });

  test('client ids fit the server format and differ', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newClientId(Date.now(), Math.random)));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
  });
});
