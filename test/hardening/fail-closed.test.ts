/**
 * The fail-closed campaign at CI size (see campaigns/fail-closed.ts): every attack class holds
 * on every seeded case, with only typed errors.
 */
import { runFailClosedCampaign, type FailClosedResult } from './campaigns/fail-closed';
import { fuzzSeed, scaled } from './support/runtime';

const SEED = fuzzSeed(0x9f41);
let result: FailClosedResult;

beforeAll(() => {
  result = runFailClosedCampaign({ runs: scaled(200), seed: SEED, regexBytes: 64 * 1024 });
}, 120_000);

it.each(['members named', 'polluted', 'overlapping', 'toJSON', 'catastrophic', 'messages'])(
  'the class "%s" ran and held on every case, no untyped error',
  (name) => {
    const entry = result.classes.find((candidate) => candidate.name.includes(name))!;
    expect(entry.runs).toBeGreaterThan(10);
    expect({ seed: SEED, failures: entry.failures, untyped: entry.untypedErrors }).toEqual({ seed: SEED, failures: [], untyped: 0 });
    expect(entry.held).toBe(entry.runs);
  },
);
