/**
 * Hardening — fault matrix: throttling, 500, 503, a client timeout, a dropped connection, access
 * denied, a disabled key, a key pending deletion and a key KMS does not know, against
 * whole-payload encrypt and decrypt and field-level encrypt and decrypt. Each cell: the typed
 * error with the KMS exception as cause, no partial output, no canary leaked, and the next call
 * after the fault is cleared succeeds. Plus transient faults absorbed by the SDK's retries, and
 * each fault against concurrent misses merged into one KMS call (every joined request rejects as
 * a lone one does: same typed error, the shared call's KMS exception as cause).
 * The hierarchical keyring's rows (KMS faults on the branch key unwrap, DynamoDB faults on its
 * read) run against DynamoDB Local, started by the jest global setup for this file.
 */

import { DataMasking, DataMaskingDecryptKeyError, DataMaskingEncryptKeyError } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { isDeepStrictEqual } from 'node:util';
import { dynamoDbEndpoint } from '../support/dynamodb';
import { FAULT_CASES, OPERATIONS, runFaultCell, runTransientFaults } from './campaigns/fault-matrix';
import { MERGED_REQUESTS, runMergedMissCell } from './campaigns/merged-misses';
import { HIERARCHICAL_FAULT_CASES, runHierarchicalFaultCell, startHierarchicalStage, type HierarchicalStage } from './campaigns/hierarchical-fault-matrix';
import { SecretsLedger } from './support/canary';

const ledger = new SecretsLedger();
let primary: LocalKms;
let secondary: LocalKms;
let stage: { primary: LocalKms; secondary: LocalKms; route: { current: string } };
const cells: string[] = [];

beforeAll(async () => {
  ledger.output.start();
  primary = await LocalKms.start();
  secondary = await LocalKms.start();
  stage = { primary, secondary, route: { current: primary.endpoint } };
});

afterAll(async () => {
  ledger.output.stop();
  await primary?.stop();
  await secondary?.stop();
});

describe('fault matrix', () => {
  const table = FAULT_CASES.flatMap((fault) => OPERATIONS.map((operation) => [fault.name, operation, fault] as const));

  it.each(table)('%s / %s: typed error with the KMS cause, no partial output, next call succeeds', async (_name, operation, fault) => {
    const cell = await runFaultCell(fault, operation, stage, ledger);
    cells.push(`${cell.fault} / ${cell.operation}`);
    expect(cell.problems).toEqual([]);
    expect(cell.error).toBe(cell.expectedError);
    if (fault.cause !== undefined) expect(cell.cause).toBe(fault.cause);
    expect(cell.requestsDuringFault).toBeGreaterThan(0);
    expect(cell.inputUnchanged).toBe(true);
    expect(cell.canaryLeaks).toBe(0);
    expect(cell.recovered).toBe(true);
    expect(cell.pass).toBe(true);
  });

  it('transient faults (one failed request) are absorbed by the SDK retries', async () => {
    const transient = await runTransientFaults(ledger);
    expect(transient).toHaveLength(8);
    for (const cell of transient) {
      expect({ cell: `${cell.fault} / ${cell.operation}`, problems: cell.problems }).toEqual({ cell: `${cell.fault} / ${cell.operation}`, problems: [] });
      expect(cell.kmsRequests).toBeGreaterThanOrEqual(2); // the failed request and its retry
    }
  });

  it.each(['encrypt', 'decrypt'] as const)('a rejected field-level %s leaves no KMS request behind whose failure the next call inherits', async (way) => {
    // Two fields, two location shapes, two concurrent KMS calls: one fails after 150 ms (500),
    // the other after 800 ms (throttled). The first call rejects at 150 ms; then, with every
    // fault cleared, the same call again must succeed. It must not join the first call's
    // still-running request and inherit its stale ThrottlingException.
    const kms = await LocalKms.start();
    try {
      const { arn } = kms.createKey();
      const masker = (): DataMasking =>
        new DataMasking({
          provider: new AWSEncryptionSDKProvider({ keys: [arn], kmsClientConfig: { ...kms.clientConfig(), maxAttempts: 1 } }),
        });
      const plain = { a: ledger.canaries.next(), b: ledger.canaries.next(), warm: 'up' };
      const fields = ['a', 'b'];
      const maker = masker();
      const encrypted = await maker.encrypt(plain, { fields });
      const subject = masker();
      // Warm the client (not the data-key cache of a and b) so both calls leave at once.
      await (way === 'encrypt'
        ? subject.encrypt(plain, { fields: ['warm'] })
        : subject.decrypt(await maker.encrypt(plain, { fields: ['warm'] }), { fields: ['warm'] }));
      const run = (): Promise<unknown> => (way === 'encrypt' ? subject.encrypt(plain, { fields }) : subject.decrypt(encrypted, { fields }));
      const operation = way === 'encrypt' ? 'GenerateDataKey' : 'Decrypt';
      kms.resetCounters();
      kms.injectFault({ operation, type: 'internal', times: 1, latencyMs: 150 });
      kms.injectFault({ operation, type: 'throttle', times: 1, latencyMs: 800 });
      const first = await run().then(
        () => undefined,
        (reason: unknown) => reason as Error,
      );
      expect(first).toBeInstanceOf(way === 'encrypt' ? DataMaskingEncryptKeyError : DataMaskingDecryptKeyError);
      expect((first?.cause as Error | undefined)?.name).toBe('KMSInternalException');
      ledger.recordError(first, 'stale in-flight / first');
      expect(kms.callCount(operation)).toBe(2); // both requests were in flight
      kms.clearFaults();
      const next = await run().then(
        async (value) => {
          const back = way === 'encrypt' ? await maker.decrypt(value, { fields }) : value;
          return isDeepStrictEqual(back, plain) ? 'round trip' : 'wrong value';
        },
        (reason: unknown) => {
          ledger.recordError(reason, 'stale in-flight / next');
          return `${(reason as Error).name} (cause ${((reason as Error).cause as Error | undefined)?.name})`;
        },
      );
      expect(next).toBe('round trip');
    } finally {
      await kms.stop();
    }
  });
});

describe('fault matrix: concurrent misses merged into one KMS call', () => {
  const table = FAULT_CASES.flatMap((fault) => (['decrypt', 'encrypt'] as const).map((way) => [fault.name, way, fault] as const));

  it.each(table)('%s / merged %s misses: every joined request rejects as a lone one does (typed error, the KMS cause)', async (_name, way, fault) => {
    const cell = await runMergedMissCell(fault, way, stage, ledger);
    expect(cell.problems).toEqual([]);
    expect(cell.kmsCalls).toBe(1); // merged: one KMS call for all of them
    expect(cell.loneError).toBe(way === 'decrypt' ? 'DataMaskingDecryptKeyError' : 'DataMaskingEncryptKeyError');
    if (fault.cause !== undefined) expect(cell.loneCause).toBe(fault.cause);
    expect(cell.errors).toEqual(Array.from({ length: MERGED_REQUESTS }, () => cell.loneError));
    expect(cell.causes).toEqual(Array.from({ length: MERGED_REQUESTS }, () => cell.loneCause));
    expect(cell.sharedCause).toBe(true);
    expect(cell.canaryLeaks).toBe(0);
    expect(cell.recovered).toBe(true);
  });
});

describe('fault matrix: hierarchical keyring rows', () => {
  let hierarchical: HierarchicalStage;
  beforeAll(async () => {
    hierarchical = await startHierarchicalStage(await dynamoDbEndpoint());
  }, 200_000);
  afterAll(async () => {
    await hierarchical?.stop();
  });

  const table = HIERARCHICAL_FAULT_CASES.flatMap((fault) => OPERATIONS.map((operation) => [fault.name, operation, fault] as const));

  it.each(table)('%s / %s: typed error with the AWS cause, no partial output, next call succeeds', async (_name, operation, fault) => {
    const cell = await runHierarchicalFaultCell(fault, operation, hierarchical, ledger);
    cells.push(`${cell.fault} / ${cell.operation}`);
    expect(cell.problems).toEqual([]);
    expect(cell.error).toBe(cell.expectedError);
    if (fault.cause !== undefined) expect(cell.cause).toBe(fault.cause);
    if (fault.countable) expect(cell.requestsDuringFault).toBeGreaterThan(0);
    expect(cell.inputUnchanged).toBe(true);
    expect(cell.canaryLeaks).toBe(0);
    expect(cell.recovered).toBe(true);
    expect(cell.pass).toBe(true);
  });
});

describe('fault matrix: totals', () => {
  it('ran every cell and leaked no canary: errors, warnings, console and stdio', () => {
    const all = (FAULT_CASES.length + HIERARCHICAL_FAULT_CASES.length) * OPERATIONS.length;
    expect(cells).toHaveLength(all);
    expect(ledger.errorsScanned).toBeGreaterThanOrEqual(all);
    expect(ledger.leaks()).toEqual([]);
  });
});
