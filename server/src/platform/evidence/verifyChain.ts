import { Queryable } from '../db/db';
import { chainHash, GENESIS_HASH } from './evidenceChain';

/** What a verification found. */
export interface VerifyResult {
  plantId: string;
  ok: boolean;
  checked: number;
  total: number;
  head: { seq: number; hash: string };
  /** The last link checked: pass it back as fromSeq/fromHash to continue. */
  last: { seq: number; hash: string };
  /** False when `maxEvents` stopped the run before the head. */
  complete: boolean;
  /** The first broken link, named by sequence number and what is wrong with it. */
  firstBroken?: { seq: number; reason: 'prev_hash_mismatch' | 'hash_mismatch' | 'seq_gap' | 'canonical_mismatch' | 'head_mismatch' };
}

/**
 * Re-hashes a plant's chain page by page from `fromSeq` (resumable, so a long chain can be
 * checked incrementally) and reports progress after every page.
 */
export async function verifyChain(
  q: Queryable,
  plantId: string,
  opts: { fromSeq?: number; fromHash?: string; pageSize?: number; maxEvents?: number; onProgress?: (checked: number, total: number) => void } = {},
): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 2000;
  const totalRow = (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM evidence_events WHERE plant_id = $1', [plantId])).rows[0];
  const headRow = (await q.query<{ seq: number; hash: string }>('SELECT seq, hash FROM evidence_heads WHERE plant_id = $1', [plantId])).rows[0];
  const head = headRow ?? { seq: 0, hash: GENESIS_HASH };
  let prevSeq = opts.fromSeq ?? 0;
  let prevHash = opts.fromHash ?? GENESIS_HASH;
  let checked = 0;
  const total = totalRow.n;
  const fail = (seq: number, reason: NonNullable<VerifyResult['firstBroken']>['reason']): VerifyResult => ({
    plantId, ok: false, checked, total, head, last: { seq: prevSeq, hash: prevHash }, complete: true, firstBroken: { seq, reason },
  });
  const maxEvents = opts.maxEvents ?? Number.POSITIVE_INFINITY;
  for (;;) {
    const page = await q.query<{ seq: number; kind: string; subject_id: string; canonical: string; prev_hash: string; hash: string }>(
      `SELECT seq, kind, subject_id, canonical, prev_hash, hash FROM evidence_events
       WHERE plant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [plantId, prevSeq, Math.min(pageSize, maxEvents - checked)],
    );
    for (const row of page.rows) {
      if (row.seq !== prevSeq + 1) return fail(prevSeq + 1, 'seq_gap');
      if (row.prev_hash !== prevHash) return fail(row.seq, 'prev_hash_mismatch');
      if (chainHash(prevHash, row.canonical) !== row.hash) return fail(row.seq, 'hash_mismatch');
      // The indexed columns must say what the hashed text says.
      const parsed = JSON.parse(row.canonical) as { seq: number; kind: string; subjectId: string };
      if (parsed.seq !== row.seq || parsed.kind !== row.kind || parsed.subjectId !== row.subject_id) return fail(row.seq, 'canonical_mismatch');
      prevSeq = row.seq;
      prevHash = row.hash;
      checked++;
    }
    opts.onProgress?.(checked, total);
    if (checked >= maxEvents && prevSeq < head.seq) {
      return { plantId, ok: true, checked, total, head, last: { seq: prevSeq, hash: prevHash }, complete: false };
    }
    if (page.rows.length < pageSize) break;
  }
  if (prevSeq !== head.seq || prevHash !== head.hash) return fail(prevSeq, 'head_mismatch');
  return { plantId, ok: true, checked, total, head, last: { seq: prevSeq, hash: prevHash }, complete: true };
}
