/**
 * Small runtime helpers of the hardening campaign: the scale knob, a seeded PRNG, a bounded
 * concurrency pool, percentiles, a peak-RSS sampler and a guard counting unhandled rejections.
 */

/**
 * `LDM_HARDENING_SCALE` multiplies the CI sizes of the campaign (default 1; e.g. 10 for the full
 * 10,000-round-trip load and 20,000 mutated ciphertexts locally).
 */
export const hardeningScale = (): number => {
  const raw = process.env.LDM_HARDENING_SCALE;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) throw new TypeError(`LDM_HARDENING_SCALE must be a positive number, got '${raw}'`);
  return scale;
};

/** `base` times the scale, at least 1. */
export const scaled = (base: number, scale = hardeningScale()): number => Math.max(1, Math.round(base * scale));

/** The fuzz seed: `LDM_FUZZ_SEED` (a number) to replay a run, else the fixed default. */
export const fuzzSeed = (fallback: number): number => {
  const raw = process.env.LDM_FUZZ_SEED;
  if (raw === undefined || raw === '') return fallback;
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new TypeError(`LDM_FUZZ_SEED must be an integer, got '${raw}'`);
  return seed >>> 0;
};

/** mulberry32: a small, fast, seeded PRNG (the campaign must be replayable from its seed). */
export class Prng {
  #state: number;

  public constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  public next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  public int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  public pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  public bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let index = 0; index < length; index++) out[index] = Math.floor(this.next() * 256);
    return out;
  }
}

/**
 * Runs `task(0) .. task(count - 1)` with at most `concurrency` in flight. Never rejects: each
 * task handles its own failures (the campaign counts them).
 */
export const runPool = async (count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
};

/** The `p`-th percentile (0..100) of `values`, nearest-rank. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
};

/**
 * Samples `process.memoryUsage()` every `everyMs` while running: the peaks of RSS, of the V8 heap
 * in use and of the memory outside it (`external`: Buffers and other native allocations), in MB.
 */
export class RssSampler {
  #peak = 0;
  #baseline = 0;
  #heapPeak = 0;
  #externalPeak = 0;
  #timer: NodeJS.Timeout | undefined;

  public start(everyMs = 20): this {
    this.#baseline = process.memoryUsage.rss();
    this.#peak = this.#baseline;
    this.#timer = setInterval(() => this.sample(), everyMs);
    this.#timer.unref();
    return this;
  }

  public sample(): void {
    const { rss, heapUsed, external } = process.memoryUsage();
    if (rss > this.#peak) this.#peak = rss;
    if (heapUsed > this.#heapPeak) this.#heapPeak = heapUsed;
    if (external > this.#externalPeak) this.#externalPeak = external;
  }

  public stop(): { baselineMb: number; peakMb: number; growthMb: number; maxRssMb: number; heapUsedPeakMb: number; externalPeakMb: number } {
    this.sample();
    if (this.#timer !== undefined) clearInterval(this.#timer);
    const mb = (bytes: number): number => bytes / (1024 * 1024);
    return {
      baselineMb: mb(this.#baseline),
      peakMb: mb(this.#peak),
      growthMb: mb(this.#peak - this.#baseline),
      // resourceUsage().maxRSS is in kilobytes: the process's peak since it started.
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      heapUsedPeakMb: mb(this.#heapPeak),
      externalPeakMb: mb(this.#externalPeak),
    };
  }
}

/**
 * Counts unhandled rejections and uncaught exceptions while installed. Under jest these also
 * fail the test by themselves (jest installs its own handlers first); in a plain Node run (the
 * bench) these listeners are what sees them.
 */
export class ProcessGuard {
  public unhandledRejections = 0;
  public uncaughtExceptions = 0;
  readonly #onRejection = (): void => {
    this.unhandledRejections += 1;
  };
  readonly #onException = (): void => {
    this.uncaughtExceptions += 1;
  };

  public install(): this {
    process.on('unhandledRejection', this.#onRejection);
    process.on('uncaughtException', this.#onException);
    return this;
  }

  public uninstall(): void {
    process.off('unhandledRejection', this.#onRejection);
    process.off('uncaughtException', this.#onException);
  }
}

/** How often the hang clock of {@link settleWithin} ticks. */
const HANG_TICK_MS = 250;

/**
 * Settles `promise` within `ms` of event-loop time, or reports a hang (the clock never keeps the
 * process alive). The clock counts ticks of a `HANG_TICK_MS` interval, not wall time: on a
 * starved machine (load 15 on two cores stalled a campaign's event loop for up to 14 s at a time)
 * a stall counts as one tick, so a call that is only slow is not reported as hung, while one
 * that never settles still is, after `ms` of the loop running.
 */
export const settleWithin = async <T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown } | { status: 'hung' }> => {
  let clock: NodeJS.Timeout | undefined;
  const hang = new Promise<{ status: 'hung' }>((resolve) => {
    let ticks = Math.ceil(ms / HANG_TICK_MS);
    clock = setInterval(() => {
      ticks -= 1;
      if (ticks <= 0) resolve({ status: 'hung' });
    }, HANG_TICK_MS);
    clock.unref();
  });
  try {
    return await Promise.race([
      promise.then(
        (value) => ({ status: 'fulfilled' as const, value }),
        (reason: unknown) => ({ status: 'rejected' as const, reason }),
      ),
      hang,
    ]);
  } finally {
    clearInterval(clock);
  }
};

/** The name of a thrown value's class, for tables: `DataMaskingDecryptValueError`, `TypeError`, ... */
export const errorClassName = (error: unknown): string => (error instanceof Error ? (error.constructor?.name ?? error.name) : `non-error ${typeof error}`);

/** Milliseconds since `start` (a `performance.now()` reading). */
export const since = (start: number): number => performance.now() - start;
