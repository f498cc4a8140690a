import { TimerWaker } from './hazardTimerWaker';

describe('TimerWaker', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('wakes a queue once per bucket, just after the bucket ends', () => {
    const woken: string[] = [];
    const base = 1_000_000;
    const waker = new TimerWaker((q) => woken.push(q), { bucketMs: 100, marginMs: 25, clock: () => base });
    waker.schedule('hazard.remind', new Date(base + 1010));
    waker.schedule('hazard.remind', new Date(base + 1090));
    waker.schedule('hazard.escalate', new Date(base + 1050));
    expect(waker.pending).toBe(2);
    jest.advanceTimersByTime(1124);
    expect(woken).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(woken.sort()).toEqual(['hazard.escalate', 'hazard.remind']);
    expect(waker.pending).toBe(0);
  });

  it('leaves far timers to polling and stops cleanly', () => {
    const woken: string[] = [];
    const waker = new TimerWaker((q) => woken.push(q), { horizonMs: 60_000, clock: () => 0 });
    waker.schedule('hazard.remind', new Date(3_600_000));
    expect(waker.pending).toBe(0);
    waker.schedule('hazard.remind', new Date(10));
    waker.stop();
    waker.schedule('hazard.remind', new Date(20));
    jest.advanceTimersByTime(1000);
    expect(woken).toEqual([]);
  });
});
