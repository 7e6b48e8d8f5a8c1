/** runFairly: the scheduler field-level encryption and `mask()` run their operations through. */
import { SLICE_MS, WINDOW, runFairly } from '../../src/operations/fair-run';

/** Holds the CPU, as an encryption with a cached data key does. */
const busy = (milliseconds: number): void => {
  const end = performance.now() + milliseconds;
  while (performance.now() < end) {
    // spin
  }
};

describe('runFairly', () => {
  it('returns every result in task order, and [] for no tasks', async () => {
    const delays = [5, 0, 3, 1, 4, 0, 2];
    const tasks = delays.map((delay, index) => () => new Promise<number>((resolve) => setTimeout(() => resolve(index), delay)));
    await expect(runFairly(tasks)).resolves.toEqual([0, 1, 2, 3, 4, 5, 6]);
    await expect(runFairly([])).resolves.toEqual([]);
  });

  it(`never has more than ${WINDOW} operations of one call in flight`, async () => {
    let inFlight = 0;
    let peak = 0;
    const tasks = Array.from({ length: 30 }, () => async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
    });
    await runFairly(tasks);
    expect(peak).toBe(WINDOW);
  });

  it('lets other work run while a long list of CPU-bound operations is processed', async () => {
    const started: number[] = [];
    let otherWorkRanAfter = -1;
    const tasks = Array.from({ length: 20 }, (_, index) => async () => {
      started.push(index);
      busy(SLICE_MS / 2);
      return index;
    });
    setImmediate(() => {
      otherWorkRanAfter = started.length;
    });
    await runFairly(tasks);
    // The other request's callback ran after a few operations, not after all 20.
    expect(otherWorkRanAfter).toBeGreaterThan(0);
    expect(otherWorkRanAfter).toBeLessThan(20);
  });

  it('starts nothing after a failure, waits for what is in flight, and rejects with the first failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const tasks = Array.from({ length: 20 }, (_, index) => async () => {
      started.push(index);
      await new Promise((resolve) => setTimeout(resolve, index === 1 ? 1 : 10));
      if (index === 1) throw new Error('first');
      if (index === 2) throw new Error('second');
      finished.push(index);
      return index;
    });
    await expect(runFairly(tasks)).rejects.toThrow('first');
    // Task 1 failed while the first window was in flight: the rest of that window ran to its end.
    expect(started).toEqual([0, 1, 2, 3]);
    expect(finished.sort()).toEqual([0, 3]);
  });

  it('turns a task that throws synchronously into a rejection', async () => {
    const tasks = [
      async () => 1,
      () => {
        throw new TypeError('sync');
      },
    ];
    await expect(runFairly(tasks as (() => Promise<number>)[])).rejects.toThrow(TypeError);
  });
});
