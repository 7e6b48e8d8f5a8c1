/**
 * How long one call may run its operations before it lets the event loop turn (other requests'
 * I/O, timers, their own masking). An encrypted field costs about 0.1 ms unsigned and 1 ms
 * signed, so a 50-field response is split into several slices instead of one long block.
 */
export const SLICE_MS = 2;

/**
 * Operations of one call in flight at once. Cached data keys make every operation CPU-bound,
 * so more would only lengthen the slice; a few still overlap KMS round trips on a cold cache.
 */
export const WINDOW = 4;

const now = (): number => performance.now();

/**
 * Runs `tasks` (each starts one asynchronous operation) a few at a time, yielding to the event
 * loop (`setImmediate`) whenever the call has held it for {@link SLICE_MS}: concurrent requests
 * keep making progress while a large response is encrypted. Results come back in task order.
 *
 * On the first failure no further task is started; the call rejects with that failure once the
 * tasks in flight have settled, so nothing it started outlives it and nothing partial is returned.
 */
export const runFairly = <T>(tasks: readonly (() => Promise<T>)[]): Promise<T[]> =>
  new Promise<T[]>((resolve, reject) => {
    const results = new Array<T>(tasks.length);
    let next = 0;
    let inFlight = 0;
    let failure: { readonly error: unknown } | undefined;
    let sliceStart = now();
    let yielding = false;

    const settleIfDone = (): void => {
      if (inFlight > 0) return;
      if (failure !== undefined) reject(failure.error);
      else if (next === tasks.length) resolve(results);
    };

    const resume = (): void => {
      yielding = false;
      sliceStart = now();
      pump();
    };

    const start = (index: number): void => {
      inFlight++;
      let operation: Promise<T>;
      try {
        operation = tasks[index]!();
      } catch (error) {
        operation = Promise.reject(error);
      }
      operation.then(
        (value) => {
          results[index] = value;
          inFlight--;
          pump();
        },
        (error: unknown) => {
          failure ??= { error };
          inFlight--;
          pump();
        },
      );
    };

    function pump(): void {
      while (failure === undefined && next < tasks.length && inFlight < WINDOW) {
        if (now() - sliceStart >= SLICE_MS) {
          if (!yielding) {
            yielding = true;
            setImmediate(resume);
          }
          return;
        }
        start(next++);
      }
      settleIfDone();
    }

    pump();
  });
