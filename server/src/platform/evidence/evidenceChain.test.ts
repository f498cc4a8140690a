import { DB_KINDS, openTestDb, TestDb } from '../../../../testkit/testDb';
import { canonicalJson } from './canonicalJson';
import { appendEvidence, chainHash, GENESIS_HASH, listEvidence } from './evidenceChain';
import { verifyChain } from './verifyChain';

const PLANT = 'jiangning-fine-chem';
const actor = { type: 'system' as const, id: 'test' };

describe('canonical JSON', () => {
  it('sorts keys, keeps millisecond ISO dates and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: new Date('2026-11-24T01:02:03.004Z'), c: undefined } })).toBe('{"a":{"d":"2026-11-24T01:02:03.004Z"},"b":1}');
  });

  it('matches the hash of a known event (guards against accidental format changes)', () => {
    const canonical = canonicalJson({ plantId: 'p', seq: 1, kind: 'k', data: { x: '隐患' } });
    expect(canonical).toBe('{"data":{"x":"隐患"},"kind":"k","plantId":"p","seq":1}');
    // sha256("0"×64 + canonical), computed once outside this code base and pinned here.
    expect(chainHash(GENESIS_HASH, canonical)).toBe('7bb349e1b604106e3395517d9a5b99ec0606aa8882d3ffc04edca1cf631eef8d');
  });
});

describe.each(DB_KINDS)('evidence chain on %s', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const append = (i: number) =>
    t.db.transaction((tx) =>
      appendEvidence(tx, { plantId: PLANT, kind: 'test.event', subjectType: 'thing', subjectId: `s${i % 3}`, actor, occurredAt: new Date(Date.UTC(2026, 10, 24, 0, 0, i)), data: { i } }),
    );

  it('chains events with contiguous sequence numbers, also under concurrency', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => append(i)));
    const rows = await t.db.query<{ seq: number }>('SELECT seq FROM evidence_events WHERE plant_id = $1 ORDER BY seq', [PLANT]);
    expect(rows.rows.map((r) => r.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const r = await verifyChain(t.db, PLANT, { pageSize: 7 });
    expect(r).toMatchObject({ ok: true, checked: 25, total: 25, complete: true });
  });

  it('verifies incrementally page by page and reports progress', async () => {
    const seen: number[] = [];
    const first = await verifyChain(t.db, PLANT, { maxEvents: 10, onProgress: (c) => seen.push(c) });
    expect(first).toMatchObject({ ok: true, complete: false, checked: 10, last: { seq: 10 } });
    const rest = await verifyChain(t.db, PLANT, { fromSeq: first.last.seq, fromHash: first.last.hash });
    expect(rest).toMatchObject({ ok: true, complete: true, checked: 15 });
    expect(seen.length).toBeGreaterThan(0);
  });

  it('reads a subject timeline with its data', async () => {
    const events = await listEvidence(t.db, PLANT, 'thing', 's1');
    expect(events.length).toBeGreaterThan(5);
    expect(events[0].data).toHaveProperty('i');
  });

  it('refuses UPDATE and DELETE on evidence rows', async () => {
    await expect(t.db.query(`UPDATE evidence_events SET kind = 'forged' WHERE seq = 3`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM evidence_events WHERE seq = 3`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE evidence_events`)).rejects.toThrow(/append-only/);
    const r = await verifyChain(t.db, PLANT);
    expect(r.ok).toBe(true);
  });

  it('names the first broken link when a row is rewritten behind the trigger', async () => {
    // Only a superuser who disables the trigger can do this; verification must still notice.
    await t.db.exec(`ALTER TABLE evidence_events DISABLE TRIGGER evidence_events_no_update;
      UPDATE evidence_events SET canonical = replace(canonical, '"i":', '"i": ') WHERE plant_id = '${PLANT}' AND seq = 12;
      ALTER TABLE evidence_events ENABLE TRIGGER evidence_events_no_update;`);
    const r = await verifyChain(t.db, PLANT);
    expect(r).toMatchObject({ ok: false, firstBroken: { seq: 12, reason: 'hash_mismatch' } });
  });

  it('keeps the head of each plant-local day', async () => {
    const heads = await t.db.query<{ day: string; seq: number }>(`SELECT to_char(day, 'YYYY-MM-DD') AS day, seq FROM evidence_daily_heads WHERE plant_id = $1`, [PLANT]);
    // 2026-11-24T00:00Z is 08:00 in Asia/Shanghai: the same plant-local day.
    expect(heads.rows).toEqual([{ day: '2026-11-24', seq: 25 }]);
  });
});

describe('canonicalParts', () => {
  it('splits at the top-level seq even when the data holds the same key and digits', async () => {
    const { canonicalParts, canonicalEvent } = await import('./evidenceChain');
    const input = { plantId: 'p', kind: 'k', subjectType: 't', subjectId: 's', actor, occurredAt: new Date(0), data: { seq: -987654321 } };
    const { before, after } = canonicalParts(input);
    expect(`${before}42${after}`).toBe(canonicalEvent(input, 42));
  });
});
