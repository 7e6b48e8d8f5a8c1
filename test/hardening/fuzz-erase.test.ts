/**
 * Hardening — erase and path fuzz (fast-check): random JSON documents (deep past the 512-level
 * limit, wide, unicode keys, own `__proto__` / `constructor` / `prototype` members from
 * JSON.parse) against random, mutated and hostile path expressions and masking options. Only
 * typed errors, never a mutation of the input, never a shared object, never pollution.
 * `LDM_HARDENING_SCALE` multiplies the runs; `LDM_FUZZ_SEED` replays a run.
 */
import fc from 'fast-check';
import { DataMasking, DataMaskingError } from 'lambda-data-masking';
import {
  assertNoPollution,
  checkCryptoSample,
  checkEraseSample,
  checkIdentityCopy,
  cryptoSample,
  documentText,
  eraseSample,
  snapshotPrototypes,
  type FuzzTally,
} from './campaigns/erase-fuzz';
import { SecretsLedger } from './support/canary';
import { fuzzSeed, scaled } from './support/runtime';

const SEED = fuzzSeed(0x6c646d32);
const ledger = new SecretsLedger();
const prototypes = snapshotPrototypes();
const tallies: Record<string, FuzzTally> = {};
const tally = (name: string): FuzzTally => (tallies[name] ??= { runs: 0, outcomes: {} });

beforeAll(() => {
  ledger.output.start();
});

afterAll(() => {
  ledger.output.stop();
});

describe('erase and path fuzz', () => {
  it('the pollution check itself detects a polluted prototype', () => {
    const key = 'polluted';
    (Object.prototype as Record<string, unknown>)[key] = 'yes';
    try {
      expect(() => assertNoPollution(prototypes)).toThrow(/prototype was modified|polluted/);
    } finally {
      delete (Object.prototype as Record<string, unknown>)[key];
    }
    expect(() => assertNoPollution(prototypes)).not.toThrow();
  });

  it('hostile __proto__ documents and paths: the __proto__ member is data, never a prototype', () => {
    const input = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"a":{"__proto__":[1]}}');
    const masker = new DataMasking({ throwOnMissingField: false, logger: ledger.logger });
    for (const fields of [['__proto__.polluted'], ["$['__proto__']"], ['$..polluted'], ['$.constructor.prototype.polluted'], ['a.__proto__[0]'], ['$.*']]) {
      let result: unknown;
      try {
        result = masker.erase(input, { fields });
      } catch (error) {
        expect(error).toBeInstanceOf(DataMaskingError);
        continue;
      }
      assertNoPollution(prototypes);
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
      for (const member of Object.values(result as Record<string, unknown>)) {
        if (typeof member === 'object' && member !== null) expect([Object.prototype, Array.prototype]).toContain(Object.getPrototypeOf(member));
      }
      expect((result as { polluted?: unknown }).polluted).toBeUndefined();
    }
    const copy = masker.erase(input, { fields: ['$.nothing'] }) as Record<string, unknown>;
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(input));
    assertNoPollution(prototypes);
  });

  it(`erase: ${scaled(1500)} random documents x expressions x options give only typed errors, no mutation, no pollution`, () => {
    fc.assert(
      fc.property(eraseSample, (sample) => checkEraseSample(sample, ledger, tally('erase'), prototypes)),
      { numRuns: scaled(1500), seed: SEED },
    );
    expect(tally('erase').runs).toBeGreaterThanOrEqual(scaled(1500));
    // Both sides were exercised: results and typed refusals.
    expect(tally('erase').outcomes.ok).toBeGreaterThan(0);
    expect(Object.keys(tally('erase').outcomes).length).toBeGreaterThan(2);
  });

  it(`copy: ${scaled(300)} documents erased at a path that matches nothing come back identical`, () => {
    fc.assert(
      fc.property(documentText, (text) => checkIdentityCopy(text, ledger, tally('identity'), prototypes)),
      { numRuns: scaled(300), seed: SEED + 1 },
    );
    expect(tally('identity').outcomes.ok).toBeGreaterThan(0);
  });

  it(`field-level crypto: ${scaled(600)} documents x paths, typed errors only and exact round trips on flat paths`, async () => {
    await fc.assert(
      fc.asyncProperty(cryptoSample, (sample) => checkCryptoSample(sample, ledger, tally('crypto'), prototypes)),
      { numRuns: scaled(600), seed: SEED + 2 },
    );
    expect(tally('crypto').outcomes['round trip']).toBeGreaterThan(0);
  });

  it('leaked no canary in errors, warnings, console or stdio', () => {
    expect(ledger.errorsScanned).toBeGreaterThan(0);
    expect(ledger.leaks()).toEqual([]);
    assertNoPollution(prototypes);
  });
});
