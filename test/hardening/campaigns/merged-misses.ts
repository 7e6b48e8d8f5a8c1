/**
 * Merged misses under KMS faults: the provider sends concurrent data-key misses of one request
 * shape (the same message's data key on decrypt, the same context on encrypt) to KMS once; the
 * other requests join that call. When the call fails, each joined request must reject exactly as
 * a lone request does: the same typed `DataMasking*KeyError`, with the KMS exception as `cause`
 * (the leader's own exception object), and no canary in anything the error exposes.
 */
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import { isDeepStrictEqual } from 'node:util';
import { DataMasking, DataMaskingDecryptKeyError, DataMaskingEncryptKeyError } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import type { LocalKms } from 'lambda-data-masking/testing';
import type { SecretsLedger } from '../support/canary';
import { errorClassName, settleWithin } from '../support/runtime';
import type { FaultCase } from './fault-matrix';

/** Concurrent requests of one shape per cell: one leads, the others join its KMS call. */
export const MERGED_REQUESTS = 6;

export type MergedWay = 'decrypt' | 'encrypt';

export interface MergedMissCell {
  /** A lone request's error class and `cause` class, under the same fault. */
  readonly loneError: string;
  readonly loneCause: string;
  /** The merged requests' error and cause classes, in call order. */
  readonly errors: readonly string[];
  readonly causes: readonly string[];
  /** Every merged request's `cause` is the one exception object the shared KMS call failed with. */
  readonly sharedCause: boolean;
  /** KMS calls of the operation while the merged requests ran (1: they were merged). */
  readonly kmsCalls: number;
  readonly canaryLeaks: number;
  /** After the fault is cleared, the same requests on the same masker succeed and round-trip. */
  readonly recovered: boolean;
  readonly problems: readonly string[];
}

/** Data keys are cached (and misses merged) for suites without signatures only. */
const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };
const CONTEXT = { tenant_id: 'tenant-merged' };

const causeName = (error: unknown): string => {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  // The KMS client's exceptions are all of one class (KMSServiceException): `name` tells them apart.
  return cause instanceof Error ? cause.name : cause === undefined ? '-' : errorClassName(cause);
};

/** Runs one fault against merged decrypt or encrypt misses, then against a lone request. */
export const runMergedMissCell = async (
  fault: FaultCase,
  way: MergedWay,
  stage: { readonly primary: LocalKms; readonly secondary: LocalKms; readonly route: { current: string } },
  ledger: SecretsLedger,
): Promise<MergedMissCell> => {
  const home = fault.keyOn === 'secondary' ? stage.secondary : stage.primary;
  const keyArn = home.createKey().arn;
  stage.route.current = home.endpoint;
  const fullStage = { ...stage, home, keyArn };
  const masker = (): DataMasking =>
    new DataMasking({
      provider: new AWSEncryptionSDKProvider({
        keys: [keyArn],
        kmsClientConfig: {
          ...stage.primary.clientConfig(),
          endpoint: (async () => ({ url: new URL(stage.route.current) })) as unknown as KMSClientConfig['endpoint'],
          maxAttempts: 1,
          ...fault.client,
        },
      }),
    });
  const operation = way === 'decrypt' ? 'Decrypt' : 'GenerateDataKey';
  const ExpectedError = way === 'decrypt' ? DataMaskingDecryptKeyError : DataMaskingEncryptKeyError;
  const values = Array.from({ length: MERGED_REQUESTS }, () => ({ secret: ledger.canaries.next() }));
  // Made healthy by one provider, so all share one data key (its cache): one decrypt shape.
  const maker = masker();
  const ciphertexts: string[] = [];
  for (const value of values) ciphertexts.push(await maker.encrypt(value, { context: CONTEXT, providerOptions: UNSIGNED }));
  const run = (subject: DataMasking, index: number): Promise<unknown> =>
    way === 'decrypt'
      ? subject.decrypt(ciphertexts[index]!, { context: CONTEXT })
      : subject.encrypt(values[index]!, { context: CONTEXT, providerOptions: UNSIGNED });

  const underFault = async <T>(call: () => Promise<T>): Promise<T> => {
    fault.inject(fullStage);
    try {
      return await call();
    } finally {
      fault.clear(fullStage);
    }
  };
  const problems: string[] = [];
  let canaryLeaks = 0;
  const record = (error: unknown, label: string): void => {
    canaryLeaks += ledger.recordError(error, `${fault.name} / merged ${way} / ${label}`).length;
  };

  // A lone request (cold cache): what every merged one must look like.
  const lone = await underFault(() => settleWithin(run(masker(), 0), 20_000));
  if (lone.status !== 'rejected') problems.push(`the lone request ${lone.status}`);
  const loneReason = lone.status === 'rejected' ? lone.reason : undefined;
  record(loneReason, 'lone');

  // Merged: all requests leave in one turn on a cold cache, so the first misses and the others join it.
  const subject = masker();
  const requestsBefore = stage.primary.callCount(operation);
  const outcomes = await underFault(() => Promise.all(values.map((_value, index) => settleWithin(run(subject, index), 20_000))));
  const kmsCalls = stage.primary.callCount(operation) - requestsBefore;
  const reasons: unknown[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.status !== 'rejected') {
      problems.push(`merged request ${index} ${outcome.status}`);
      continue;
    }
    reasons.push(outcome.reason);
    record(outcome.reason, `request ${index}`);
    if (!(outcome.reason instanceof ExpectedError))
      problems.push(`merged request ${index}: expected ${ExpectedError.name}, got ${errorClassName(outcome.reason)}`);
  }
  const firstCause = (reasons[0] as { cause?: unknown } | undefined)?.cause;
  const sharedCause =
    reasons.length === MERGED_REQUESTS && firstCause !== undefined && reasons.every((reason) => (reason as { cause?: unknown }).cause === firstCause);

  const again = await Promise.all(values.map((_value, index) => settleWithin(run(subject, index), 20_000)));
  let recovered = true;
  for (const [index, outcome] of again.entries()) {
    if (outcome.status !== 'fulfilled') {
      recovered = false;
      if (outcome.status === 'rejected') record(outcome.reason, `after, request ${index}`);
      continue;
    }
    const back = way === 'decrypt' ? outcome.value : await maker.decrypt(outcome.value as string, { context: CONTEXT });
    if (!isDeepStrictEqual(back, values[index])) recovered = false;
  }

  return {
    loneError: errorClassName(loneReason),
    loneCause: causeName(loneReason),
    errors: reasons.map(errorClassName),
    causes: reasons.map(causeName),
    sharedCause,
    kmsCalls,
    canaryLeaks,
    recovered,
    problems,
  };
};
