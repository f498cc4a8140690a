import { RingBuffer } from './ringBuffer';

describe('RingBuffer', () => {
  it('keeps the newest items up to capacity, addressed by sequence number', () => {
    const b = new RingBuffer<number>(3);
    expect([b.size, b.oldestSeq, b.nextSeq, b.last()]).toEqual([0, 0, 0, undefined]);
    for (const n of [10, 11, 12, 13, 14]) b.push(n);
    expect(b.toArray()).toEqual([12, 13, 14]);
    expect([b.size, b.oldestSeq, b.nextSeq, b.last()]).toEqual([3, 2, 5, 14]);
    expect([b.at(1), b.at(2), b.at(4), b.at(5)]).toEqual([undefined, 12, 14, undefined]);
  });

  it('returns the newest run matching a predicate', () => {
    const b = new RingBuffer<number>(5);
    for (const n of [1, 9, 2, 8, 7]) b.push(n);
    expect(b.tailWhile((n) => n > 5)).toEqual([8, 7]);
    expect(b.tailWhile(() => true)).toEqual([1, 9, 2, 8, 7]);
    expect(b.tailWhile(() => false)).toEqual([]);
  });

  it.each([0, -1, 1.5, NaN])('rejects capacity %p', (c) => {
    expect(() => new RingBuffer<number>(c)).toThrow(RangeError);
  });
});
