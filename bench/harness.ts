/**
 * A small side-by-side benchmark harness: candidates run interleaved, round after round, so a
 * noisy neighbour slows them all alike; each candidate's figure is the median of its rounds.
 * Hand-written because the ratios, not absolute speeds, are what these shared machines can tell.
 */

export interface Candidate {
  readonly name: string;
  readonly run: () => unknown;
}

export interface Measurement {
  readonly name: string;
  /** Median operations per second over the rounds. */
  readonly opsPerSecond: number;
}

export interface MeasureOptions {
  readonly rounds?: number;
  /** Time each candidate runs per round. */
  readonly roundMs?: number;
  /**
   * `'wall'` (default) or `'cpu'`: the process's CPU time (user + system), which leaves out the
   * time spent waiting for a core on a crowded machine. For synchronous candidates, and for
   * async ones that never wait for I/O or timers (their time is then all CPU).
   */
  readonly clock?: 'wall' | 'cpu';
}

/** Nanoseconds on the chosen clock. */
const now = (clock: 'wall' | 'cpu'): bigint => {
  if (clock === 'wall') return process.hrtime.bigint();
  const { user, system } = process.cpuUsage();
  return BigInt(user + system) * 1000n;
};

/** A sink the optimiser cannot remove. */
export let blackhole: unknown;

/**
 * Collects garbage before a candidate's round (with `node --expose-gc`, as `npm run bench` runs),
 * so no candidate pays for the garbage the previous one left.
 */
const collectGarbage = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

const runFor = (candidate: Candidate, milliseconds: number, clock: 'wall' | 'cpu' = 'wall'): number => {
  collectGarbage();
  const budget = BigInt(Math.round(milliseconds * 1e6));
  let iterations = 0;
  const start = now(clock);
  let elapsed = 0n;
  do {
    for (let batch = 0; batch < 16; batch++) blackhole = candidate.run();
    iterations += 16;
    elapsed = now(clock) - start;
  } while (elapsed < budget);
  return iterations / (Number(elapsed) / 1e9);
};

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const roundOrder = (count: number, round: number): number[] => {
  const order = Array.from({ length: count }, (_, index) => index);
  return round % 2 === 0 ? order : order.reverse();
};

/** Measures candidates side by side; the first is the reference the ratios are taken against. */
export const measure = (candidates: readonly Candidate[], options: MeasureOptions = {}): Measurement[] => {
  const rounds = options.rounds ?? 7;
  const roundMs = options.roundMs ?? 150;
  for (const candidate of candidates) runFor(candidate, 50, options.clock); // warm-up, lets the JIT settle
  const samples = candidates.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    // Odd rounds run the candidates in reverse, so no one always follows the same neighbour.
    for (const index of roundOrder(candidates.length, round)) samples[index]!.push(runFor(candidates[index]!, roundMs, options.clock));
  }
  return candidates.map((candidate, index) => ({ name: candidate.name, opsPerSecond: median(samples[index]!) }));
};

/** Measures an async operation sequentially: median operations per second over the rounds (`clock` as for {@link measure}). */
export const measureAsync = async (
  candidates: readonly { name: string; run: () => Promise<unknown> }[],
  options: MeasureOptions = {},
): Promise<Measurement[]> => {
  const rounds = options.rounds ?? 8;
  const roundMs = options.roundMs ?? 250;
  const clock = options.clock ?? 'wall';
  const runFor = async (run: () => Promise<unknown>, milliseconds: number): Promise<number> => {
    collectGarbage();
    const budget = milliseconds * 1e6;
    let iterations = 0;
    const start = now(clock);
    let elapsed = 0;
    do {
      blackhole = await run();
      iterations++;
      elapsed = Number(now(clock) - start);
    } while (elapsed < budget);
    return iterations / (elapsed / 1e9);
  };
  for (const candidate of candidates) await runFor(candidate.run, 100);
  const samples = candidates.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const index of roundOrder(candidates.length, round)) samples[index]!.push(await runFor(candidates[index]!.run, roundMs));
  }
  return candidates.map((candidate, index) => ({ name: candidate.name, opsPerSecond: median(samples[index]!) }));
};

/** One table of a benchmark report. */
export interface ReportSection {
  readonly title: string;
  readonly description: string;
  /** Markdown table lines. */
  readonly lines: readonly string[];
}

const formatOps = (ops: number): string => (ops >= 1e6 ? `${(ops / 1e6).toFixed(2)} M` : ops >= 1e3 ? `${(ops / 1e3).toFixed(1)} k` : ops.toFixed(1));

/** Renders measurements as rows: ops/s and how many times slower than the first (ours). */
export const comparisonTable = (measurements: readonly Measurement[]): string[] => {
  const reference = measurements[0]!.opsPerSecond;
  return [
    '| implementation | ops/s | time vs ours |',
    '| --- | ---: | ---: |',
    ...measurements.map(({ name, opsPerSecond }) => `| ${name} | ${formatOps(opsPerSecond)} | ${(reference / opsPerSecond).toFixed(2)}× |`),
  ];
};
