import { ACTION_NAMES, ActionName } from './actions';
import {
  ACTION_REF_MAX_LENGTH,
  ActionRef,
  WECOM_TASK_ID_PATTERN,
  actionRefProblem,
  decodeActionRef,
  decodeTaskId,
  encodeActionRef,
  encodeTaskId,
  sameActionRef,
} from './actionRef';

/** Small seeded PRNG (mulberry32) so the property tests are reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UUID = '3f2b9c1e-8d4a-4b6f-9e21-7a5c0d9e4b13';
const base: ActionRef = { action: 'hazard_accept', subjectType: 'hazard', subjectId: UUID, cardVersion: 3 };

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

function randomString(r: () => number, alphabet: string, min: number, max: number): string {
  const chars = Array.from(alphabet);
  const n = min + Math.floor(r() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i += 1) s += pick(r, chars);
  return s;
}

const HEX = '0123456789abcdef';
const RAW = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-';
const WIDE = 'abc-_@/:. 隐患罐区😀é#%+=';

function randomId(r: () => number): string {
  const kind = Math.floor(r() * 4);
  if (kind === 0) {
    const h = randomString(r, HEX, 32, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  if (kind === 1) return randomString(r, RAW, 1, 48);
  if (kind === 2) return randomString(r, WIDE, 1, 8);
  return randomString(r, HEX.toUpperCase() + '-', 36, 36);
}

function randomRef(r: () => number): ActionRef {
  return {
    action: pick(r, ACTION_NAMES) as ActionName,
    subjectType: randomString(r, 'abcdefghijklmnopqrstuvwxyz', 1, 1) + randomString(r, 'abcdefghijklmnopqrstuvwxyz_', 0, 23),
    subjectId: randomId(r),
    cardVersion: pick(r, [0, 1, 35, 36, 2 ** 31 - 1, Math.floor(r() * 2 ** 31)]),
  };
}

describe('encodeActionRef / decodeActionRef', () => {
  it('encodes a UUID subject compactly and readably', () => {
    expect(encodeActionRef(base)).toBe('1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@3');
    expect(decodeActionRef('1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@3')).toEqual(base);
  });

  it('round-trips 2000 random refs, within the WeCom charset and length', () => {
    const r = rng(20261124);
    for (let i = 0; i < 2000; i += 1) {
      const ref = randomRef(r);
      if (actionRefProblem(ref) !== null) {
        expect(() => encodeActionRef(ref)).toThrow();
        continue;
      }
      const encoded = encodeActionRef(ref);
      expect(encoded).toMatch(/^[0-9A-Za-z_\-@]+$/);
      expect(encoded.length).toBeLessThanOrEqual(ACTION_REF_MAX_LENGTH);
      expect(decodeActionRef(encoded)).toEqual(ref);
    }
  });

  it('fits the worst case in ACTION_REF_MAX_LENGTH', () => {
    const longest = [...ACTION_NAMES].sort((a, b) => b.length - a.length)[0];
    const worst: ActionRef = { action: longest, subjectType: 'a'.repeat(24), subjectId: '隐'.repeat(12), cardVersion: 2 ** 31 - 1 };
    expect(encodeActionRef(worst).length).toBeLessThanOrEqual(ACTION_REF_MAX_LENGTH);
    expect(encodeActionRef({ ...worst, subjectId: 'x'.repeat(48) }).length).toBeLessThanOrEqual(ACTION_REF_MAX_LENGTH);
  });

  it.each([
    [{ ...base, action: 'hazard_explode' }, 'unknown_action'],
    [{ ...base, subjectType: 'Hazard' }, 'invalid_subject_type'],
    [{ ...base, subjectType: 'a'.repeat(25) }, 'invalid_subject_type'],
    [{ ...base, subjectId: '' }, 'invalid_subject_id'],
    [{ ...base, subjectId: 'x'.repeat(49) + '/' }, 'invalid_subject_id'],
    [{ ...base, subjectId: '隐'.repeat(13) }, 'invalid_subject_id'],
    [{ ...base, subjectId: '\ud800x' }, 'invalid_subject_id'],
    [{ ...base, cardVersion: -1 }, 'invalid_card_version'],
    [{ ...base, cardVersion: 1.5 }, 'invalid_card_version'],
    [{ ...base, cardVersion: 2 ** 31 }, 'invalid_card_version'],
    [null, 'unknown_action'],
  ])('refuses %p with %s', (ref, problem) => {
    expect(actionRefProblem(ref)).toBe(problem);
    expect(() => encodeActionRef(ref as ActionRef)).toThrow(problem);
  });

  it.each([
    ['', 'empty'],
    ['1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw', 'missing field'],
    ['1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@3@x', 'extra field'],
    ['2@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@3', 'unknown format version'],
    ['1@hazard_explode@hazard@uPyucHo1KS2-eIXpcDZ5LEw@3', 'unknown action'],
    ['1@hazard_accept@Hazard@uPyucHo1KS2-eIXpcDZ5LEw@3', 'bad subject type'],
    ['1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LE@3', 'short uuid'],
    ['1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEx@3', 'uuid with padding bits set'],
    ['1@hazard_accept@hazard@r3f2b9c1e-8d4a-4b6f-9e21-7a5c0d9e4b13@3', 'uuid in raw form'],
    ['1@hazard_accept@hazard@bYWJj@3', 'raw-able id in base64 form'],
    ['1@hazard_accept@hazard@x123@3', 'unknown id form'],
    ['1@hazard_accept@hazard@r@3', 'empty raw id'],
    ['1@hazard_accept@hazard@b@3', 'empty base64 id'],
    ['1@hazard_accept@hazard@b+/8=@3', 'standard base64'],
    ['1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@03', 'leading zero version'],
    ['1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@-3', 'negative version'],
    ['1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@3A', 'upper-case version'],
    ['1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@zzzzzzz', 'version too long'],
    ['1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@zik0zk', 'version over 2^31-1'],
    [`1@hazard_accept@hazard@r${'x'.repeat(200)}@3`, 'over-long input'],
    ['1@__proto__@hazard@rx@3', 'prototype key as action'],
  ])('decodes %p (%s) to null', (encoded) => {
    expect(decodeActionRef(encoded)).toBeNull();
  });

  it.each([undefined, null, 42, {}, [], Symbol('x'), () => 'x'])('decodes non-string %p to null', (value) => {
    expect(decodeActionRef(value)).toBeNull();
  });

  it('never throws and never accepts a non-canonical string on 5000 random mutations', () => {
    const r = rng(7);
    const alphabet = `${RAW}@=+/ 隐\u0000`;
    for (let i = 0; i < 5000; i += 1) {
      const valid = encodeActionRef(randomRef(r));
      const chars = Array.from(valid);
      const at = Math.floor(r() * chars.length);
      const op = Math.floor(r() * 3);
      if (op === 0) chars[at] = pick(r, Array.from(alphabet));
      else if (op === 1) chars.splice(at, 1);
      else chars.splice(at, 0, pick(r, Array.from(alphabet)));
      const mutated = chars.join('');
      const decoded = decodeActionRef(mutated);
      if (decoded !== null) expect(encodeActionRef(decoded)).toBe(mutated);
    }
  });
});

describe('encodeTaskId / decodeTaskId', () => {
  it('appends the nonce and fits WeCom task_id for the worst case', () => {
    const taskId = encodeTaskId(base, 'k3x9a');
    expect(taskId).toBe('1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@3@k3x9a');
    expect(decodeTaskId(taskId)).toEqual({ ref: base, nonce: 'k3x9a' });
    const worst: ActionRef = { ...base, action: 'hazard_reinspect_recurred', subjectType: 'a'.repeat(24), subjectId: 'x'.repeat(48), cardVersion: 2 ** 31 - 1 };
    const long = encodeTaskId(worst, 'Z'.repeat(11));
    expect(long).toMatch(WECOM_TASK_ID_PATTERN);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(128);
  });

  it('round-trips random refs and nonces', () => {
    const r = rng(99);
    for (let i = 0; i < 1000; i += 1) {
      const ref = randomRef(r);
      if (actionRefProblem(ref) !== null) continue;
      const nonce = randomString(r, RAW, 1, 11);
      const taskId = encodeTaskId(ref, nonce);
      expect(taskId).toMatch(WECOM_TASK_ID_PATTERN);
      expect(decodeTaskId(taskId)).toEqual({ ref, nonce });
    }
  });

  it.each(['', 'a@b', '12345678901@x', 'bad nonce', 'with@at'])('refuses nonce %p', (nonce) => {
    expect(() => encodeTaskId(base, nonce)).toThrow('nonce');
  });

  it.each([
    '1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@3',
    '1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@3@',
    '1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@3@123456789012',
    '1@hazard_accept@hazard@uPyucHo1KS2-eIXpcDZ5LEw@3@a b',
    'taskid111',
    `${'x'.repeat(129)}`,
    42,
  ])('decodes %p to null', (taskId) => {
    expect(decodeTaskId(taskId)).toBeNull();
  });
});

describe('sameActionRef', () => {
  it('compares all four parts', () => {
    expect(sameActionRef(base, { ...base })).toBe(true);
    expect(sameActionRef(base, { ...base, cardVersion: 4 })).toBe(false);
    expect(sameActionRef(base, { ...base, action: 'hazard_rectified' })).toBe(false);
  });
});
