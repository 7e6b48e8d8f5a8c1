/**
 * Load campaign: many concurrent whole-payload and field-level round trips for many tenants
 * (one encryption context each) through LocalKms, one shared provider with its data-key cache.
 * Counts errors and mismatched plaintexts, checks that sampled ciphertexts refuse every other
 * tenant's context, and measures throughput, latency, peak RSS and the KMS calls made.
 */
import { isDeepStrictEqual } from 'node:util';
import { DataMasking, DataMaskingContextMismatchError } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import type { LocalKms, LocalKmsClientConfig } from 'lambda-data-masking/testing';
import type { EncryptionProvider } from 'lambda-data-masking';
import type { SecretsLedger } from '../support/canary';
import { customerRecord, RECORD_FIELDS, tenantContext, type Json } from '../support/payloads';
import { errorClassName, percentile, ProcessGuard, RssSampler, runPool, since } from '../support/runtime';

/**
 * A LocalKms in another process (bench/load/kms-process.ts), so that a memory measurement counts
 * the client alone: its counters are read over IPC.
 */
export interface RemoteKms {
  clientConfig(): LocalKmsClientConfig;
  resetCounters(): Promise<void>;
  counts(): Promise<{ GenerateDataKey: number; Decrypt: number; total: number }>;
}

const countsOf = async (kms: LocalKms | RemoteKms): Promise<LoadResult['kmsCalls']> => {
  if (!('calls' in kms)) return kms.counts();
  const calls = kms.calls;
  return { GenerateDataKey: calls.GenerateDataKey, Decrypt: calls.Decrypt, total: kms.callCount() };
};

export interface LoadOptions {
  readonly kms: LocalKms | RemoteKms;
  readonly keyArn: string;
  readonly ledger: SecretsLedger;
  /** Round trips (encrypt then decrypt), alternating whole payload and field-level per tenant sweep. */
  readonly roundTrips: number;
  readonly tenants: number;
  /** Round trips in flight at once. */
  readonly concurrency: number;
  readonly suiteId: AlgorithmSuiteIdentifier;
  /** Another provider (e.g. the hierarchical keyring) instead of the KMS keyring on `keyArn`. */
  readonly provider?: EncryptionProvider;
  /** One round trip in `crossTenantEvery` also tries another tenant's context, which must be refused. */
  readonly crossTenantEvery: number;
  /** The provider's `maxConcurrentOperations` (KMS keyring only); unlimited when absent. */
  readonly maxConcurrentOperations?: number;
}

export interface LoadResult {
  readonly suite: string;
  readonly roundTrips: number;
  readonly wholePayload: number;
  readonly fieldLevel: number;
  readonly tenants: number;
  readonly concurrency: number;
  /** Round trips that threw (any error). */
  readonly errors: number;
  readonly errorSamples: readonly string[];
  /** Round trips whose decrypted value differs from the original, or whose input was mutated. */
  readonly mismatches: number;
  /** Field-level ciphertext documents that still held a canary in clear. */
  readonly clearCanaries: number;
  readonly crossTenantChecks: number;
  /** Cross-tenant decrypts refused with DataMaskingContextMismatchError. */
  readonly crossTenantRefused: number;
  readonly crossTenantOther: readonly string[];
  readonly durationMs: number;
  readonly roundTripsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly rss: ReturnType<RssSampler['stop']>;
  readonly kmsCalls: { readonly GenerateDataKey: number; readonly Decrypt: number; readonly total: number };
  /** Distinct (tenant, location shape) pairs: with a perfect cache, the KMS calls each way. */
  readonly distinctDataKeys: number;
  readonly unhandledRejections: number;
  readonly uncaughtExceptions: number;
}

export const suiteName = (suiteId: AlgorithmSuiteIdentifier): string =>
  suiteId === AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY
    ? 'non-signing committing (0x0478)'
    : suiteId === AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
      ? 'default, ECDSA P-384 signed (0x0578)'
      : (AlgorithmSuiteIdentifier[suiteId] ?? String(suiteId));

/** The location shapes a field-level encrypt of `record` produces (the anti-swap context entry). */
const recordShapes = (record: Record<string, Json>): string[] => [
  '$.ssn',
  '$.email',
  '$.cards[*].number',
  '$.address.street',
  "$['notes ✓']",
  ...('nickname' in record ? ['$.nickname'] : []),
];

export const runLoadCampaign = async (options: LoadOptions): Promise<LoadResult> => {
  const { kms, keyArn, ledger, roundTrips, tenants, concurrency, suiteId, crossTenantEvery } = options;
  const provider =
    options.provider ??
    new AWSEncryptionSDKProvider({
      keys: [keyArn],
      kmsClientConfig: kms.clientConfig(),
      // Every (tenant, shape) pair has an encrypt and a decrypt entry: room for all of them.
      localCacheCapacity: tenants * 16,
      ...(options.maxConcurrentOperations === undefined ? {} : { maxConcurrentOperations: options.maxConcurrentOperations }),
    });
  const masker = new DataMasking({ provider, throwOnMissingField: false, logger: ledger.logger });
  const providerOptions = { algorithmSuiteId: suiteId };
  const contexts = Array.from({ length: tenants }, (_, tenant) => tenantContext(tenant));

  let errors = 0;
  const errorSamples: string[] = [];
  let mismatches = 0;
  let clearCanaries = 0;
  let crossTenantChecks = 0;
  let crossTenantRefused = 0;
  const crossTenantOther: string[] = [];
  let wholePayload = 0;
  let fieldLevel = 0;
  const latencies = new Float64Array(roundTrips);
  const dataKeys = new Set<string>();

  const fail = (error: unknown, label: string): void => {
    errors += 1;
    ledger.recordError(error, label);
    if (errorSamples.length < 5) errorSamples.push(`${label}: ${errorClassName(error)}: ${error instanceof Error ? error.message : String(error)}`);
  };

  const roundTrip = async (index: number): Promise<void> => {
    const tenant = index % tenants;
    const whole = Math.floor(index / tenants) % 2 === 0;
    const context = contexts[tenant]!;
    const record = customerRecord(ledger.canaries, tenant, index) as Record<string, Json>;
    const before = JSON.stringify(record);
    const started = performance.now();
    let ciphertext: unknown;
    try {
      if (whole) {
        wholePayload += 1;
        dataKeys.add(`${tenant}|whole`);
        ciphertext = await masker.encrypt(record, { context, providerOptions });
        const back = await masker.decrypt(ciphertext as string, { context });
        latencies[index] = since(started);
        if (!isDeepStrictEqual(back, record)) mismatches += 1;
      } else {
        fieldLevel += 1;
        for (const shape of recordShapes(record)) dataKeys.add(`${tenant}|${shape}`);
        ciphertext = await masker.encrypt(record, { fields: RECORD_FIELDS, context, providerOptions });
        const back = await masker.decrypt(ciphertext, { fields: RECORD_FIELDS, context });
        latencies[index] = since(started);
        if (!isDeepStrictEqual(back, record)) mismatches += 1;
      }
    } catch (error) {
      latencies[index] = since(started);
      fail(error, `${whole ? 'whole' : 'field'} round trip ${index}`);
      return;
    }
    if (JSON.stringify(record) !== before) mismatches += 1;
    if (ledger.canaries.find(JSON.stringify(ciphertext)) !== undefined) clearCanaries += 1;

    if (index % crossTenantEvery === 0 && tenants > 1) {
      crossTenantChecks += 1;
      const other = contexts[(tenant + 1 + (index % (tenants - 1))) % tenants]!;
      try {
        const stolen = whole
          ? await masker.decrypt(ciphertext as string, { context: other })
          : await masker.decrypt(ciphertext, { fields: RECORD_FIELDS, context: other });
        crossTenantOther.push(`decrypted with another tenant's context (${typeof stolen})`);
      } catch (error) {
        ledger.recordError(error, `cross-tenant ${index}`);
        if (error instanceof DataMaskingContextMismatchError) crossTenantRefused += 1;
        else crossTenantOther.push(errorClassName(error));
      }
    }
  };

  const guard = new ProcessGuard().install();
  const rss = new RssSampler().start();
  await kms.resetCounters();
  const started = performance.now();
  try {
    await runPool(roundTrips, concurrency, roundTrip);
  } finally {
    guard.uninstall();
  }
  const durationMs = since(started);
  const rssFigures = rss.stop();
  const kmsCalls = await countsOf(kms);
  const sortedLatencies = Array.from(latencies);
  return {
    suite: suiteName(suiteId),
    roundTrips,
    wholePayload,
    fieldLevel,
    tenants,
    concurrency,
    errors,
    errorSamples,
    mismatches,
    clearCanaries,
    crossTenantChecks,
    crossTenantRefused,
    crossTenantOther: crossTenantOther.slice(0, 5),
    durationMs,
    roundTripsPerSecond: roundTrips / (durationMs / 1000),
    p50Ms: percentile(sortedLatencies, 50),
    p99Ms: percentile(sortedLatencies, 99),
    maxMs: percentile(sortedLatencies, 100),
    rss: rssFigures,
    kmsCalls,
    distinctDataKeys: dataKeys.size,
    unhandledRejections: guard.unhandledRejections,
    uncaughtExceptions: guard.uncaughtExceptions,
  };
};
