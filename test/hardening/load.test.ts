/**
 * Hardening — load: concurrent whole-payload and field-level round trips for 100 tenants through
 * LocalKms with the data-key cache. CI size: 1,000 round trips (non-signing suite) and 100 with
 * the default signing suite; `LDM_HARDENING_SCALE=10` runs the full 10,000 (so does the bench,
 * `bench/reliability.bench.ts`, which also reports the figures).
 */

import { AlgorithmSuiteIdentifier } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { runLoadCampaign, type LoadResult } from './campaigns/load';
import { SecretsLedger } from './support/canary';
import { scaled } from './support/runtime';

const TENANTS = 100;
const CONCURRENCY = 200;

let kms: LocalKms;
let keyArn: string;
const ledger = new SecretsLedger();

beforeAll(async () => {
  ledger.output.start();
  kms = await LocalKms.start();
  keyArn = kms.createKey({ alias: 'alias/hardening-load' }).arn;
});

afterAll(async () => {
  ledger.output.stop();
  await kms?.stop();
});

/** The invariants of every load run, whatever the suite and size. */
const expectSound = (result: LoadResult, roundTrips: number): void => {
  expect(result.errorSamples).toEqual([]);
  expect(result.errors).toBe(0);
  expect(result.mismatches).toBe(0);
  expect(result.clearCanaries).toBe(0);
  expect(result.roundTrips).toBe(roundTrips);
  expect(result.wholePayload + result.fieldLevel).toBe(roundTrips);
  expect(result.wholePayload).toBeGreaterThan(0);
  expect(result.fieldLevel).toBeGreaterThan(0);
  // Each sampled ciphertext refuses another tenant's context, with the typed error, never plaintext.
  expect(result.crossTenantOther).toEqual([]);
  expect(result.crossTenantChecks).toBeGreaterThanOrEqual(Math.floor(roundTrips / 20));
  expect(result.crossTenantRefused).toBe(result.crossTenantChecks);
  expect(result.unhandledRejections).toBe(0);
  expect(result.uncaughtExceptions).toBe(0);
  // The cache serves every record: one GenerateDataKey and one Decrypt per (tenant, field shape),
  // concurrent misses coalesced, however many round trips.
  expect(result.kmsCalls.GenerateDataKey).toBe(result.distinctDataKeys);
  expect(result.kmsCalls.Decrypt).toBe(result.distinctDataKeys);
  expect(result.rss.growthMb).toBeLessThan(1024);
};

describe('load', () => {
  it(`non-signing suite: ${scaled(1000)} concurrent round trips for ${TENANTS} tenants, 0 errors, 0 mismatches`, async () => {
    const roundTrips = scaled(1000);
    const result = await runLoadCampaign({
      kms,
      keyArn,
      ledger,
      roundTrips,
      tenants: TENANTS,
      concurrency: CONCURRENCY,
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      crossTenantEvery: 10,
    });
    expectSound(result, roundTrips);
    expect(result.tenants).toBe(TENANTS);
    expect(result.distinctDataKeys).toBeGreaterThanOrEqual(TENANTS);
  });

  it(`default signing suite: ${scaled(100)} concurrent round trips, 0 errors, 0 mismatches`, async () => {
    const roundTrips = scaled(100);
    const result = await runLoadCampaign({
      kms,
      keyArn,
      ledger,
      roundTrips,
      tenants: Math.min(TENANTS, Math.max(2, Math.floor(roundTrips / 4))),
      concurrency: 50,
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
      crossTenantEvery: 5,
    });
    expectSound(result, roundTrips);
  });

  it('leaked no canary: errors, warnings (the missing-field ones included), console and stdio', () => {
    expect(ledger.canaries.planted).toBeGreaterThan(scaled(1000) * 5);
    // Records without a nickname made the field-level calls warn through the capturing logger.
    expect(ledger.logger.warnings.length).toBeGreaterThan(0);
    expect(ledger.logger.warnings.every((warning) => warning.includes("'nickname'"))).toBe(true);
    expect(ledger.errorsScanned).toBeGreaterThan(0); // the refused cross-tenant decrypts
    expect(ledger.leaks()).toEqual([]);
  });
});
