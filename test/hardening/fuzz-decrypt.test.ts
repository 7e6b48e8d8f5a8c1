/**
 * Hardening — decrypt fuzz: mutated ciphertexts by class (bit flips, truncations, appended bytes,
 * random and non-base64, base64 variants, tampered bodies and frames, swapped, altered and
 * relabelled data keys, altered contexts, changed suites, a mutated field among valid ones).
 * Every one must be a typed DataMaskingError from the class's allowed set, or decrypt to EXACTLY
 * the original; 0 wrong plaintexts, 0 untyped errors, 0 hangs, 0 unhandled rejections.
 * CI: 2,000 cases; `LDM_HARDENING_SCALE=5` runs 10,000 (as the bench does); `LDM_FUZZ_SEED` replays.
 */

import { DataMasking, DataMaskingDecryptValueError, DataMaskingError } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, inspectCiphertext } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { ACCEPTED_IDENTICAL, MUTATION_CLASSES, runDecryptFuzz, seedLayoutsFor, type FuzzDecryptResult } from './campaigns/fuzz-decrypt';
import { SecretsLedger } from './support/canary';
import { fuzzSeed, scaled } from './support/runtime';

const COUNT = scaled(2000);
const SEED = fuzzSeed(0x6c646d31);

let kms: LocalKms;
const ledger = new SecretsLedger();
let result: FuzzDecryptResult;

beforeAll(async () => {
  ledger.output.start();
  kms = await LocalKms.start();
});

afterAll(async () => {
  ledger.output.stop();
  await kms?.stop();
});

describe('decrypt fuzz', () => {
  it('aims its mutations with a header layout that agrees with inspectCiphertext', async () => {
    const seeds = await seedLayoutsFor(kms, ledger);
    expect(seeds.length).toBeGreaterThanOrEqual(7);
    for (const { base64, layout } of seeds) {
      const info = inspectCiphertext(base64);
      expect(layout.headerEnd).toBe(info.headerLength);
      expect(layout.suiteId).toBe(info.algorithmSuiteId);
      expect(layout.context).toEqual(info.encryptionContext);
      expect(layout.edks.map((edk) => edk.providerInfo)).toEqual(info.encryptedDataKeys.map((edk) => edk.providerInfo));
      expect(layout.frameLength).toBe(info.frameLength);
      expect(layout.footerStart).toBeLessThanOrEqual(info.messageLength);
      if (!info.signed) expect(layout.footerStart).toBe(info.messageLength);
    }
    expect(seeds.some(({ layout }) => layout.frames.length >= 3)).toBe(true);
  });

  it(`${COUNT} mutated ciphertexts: 0 wrong plaintexts, 0 untyped errors, 0 hangs, 0 unhandled rejections (seed ${SEED})`, async () => {
    result = await runDecryptFuzz({ kms, ledger, count: COUNT, seed: SEED });
    expect(result.total).toBe(COUNT);
    expect(result.wrongPlaintexts).toBe(0);
    expect(result.unboundedMessages).toBe(0);
    expect(result.untypedErrors).toBe(0);
    expect(result.hung).toBe(0);
    expect(result.unhandledRejections).toBe(0);
    expect(result.uncaughtExceptions).toBe(0);
    expect(result.typedRejections + result.acceptedIdentical).toBe(COUNT);
  });

  it('every rejection is an error class its mutation class allows', () => {
    expect(result.failureSamples).toEqual([]);
    expect(result.unexpected).toBe(0);
  });

  it('covers every mutation class; only same-bytes spellings are ever accepted (never trailing bytes)', () => {
    const perClass = Math.floor(COUNT / MUTATION_CLASSES.length);
    const mayAccept = ['base64 variants of the same bytes', 'field-level: one mutated field among valid ones'];
    for (const tally of result.classes) {
      expect({ name: tally.name, enough: tally.count >= perClass }).toEqual({ name: tally.name, enough: true });
      const accepted = tally.outcomes[ACCEPTED_IDENTICAL] ?? 0;
      if (!mayAccept.includes(tally.name)) expect({ name: tally.name, accepted }).toEqual({ name: tally.name, accepted: 0 });
    }
    // Rejections of every kind happen: the value, key and context checks are all exercised.
    const seen = new Set(result.classes.flatMap((tally) => Object.keys(tally.outcomes)));
    expect([...seen]).toEqual(expect.arrayContaining(['DataMaskingDecryptValueError', 'DataMaskingDecryptKeyError', 'DataMaskingContextMismatchError']));
    expect(result.kmsCalls).toBeGreaterThan(0);
  });

  it.each([
    [
      'non-signing -> signing',
      AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
    ],
    [
      'signing -> non-signing',
      AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
      AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    ],
  ])('a suite id swapped %s in the header is a tampered value (DataMaskingDecryptValueError), not a key failure', async (_name, from, to) => {
    const keyArn = kms.createKey().arn;
    const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig: kms.clientConfig() }) });
    const context = { tenant_id: 'tenant-suite' };
    const ciphertext = await masker.encrypt({ secret: ledger.canaries.next() }, { context, providerOptions: { algorithmSuiteId: from } });
    const bytes = Buffer.from(ciphertext, 'base64');
    bytes.writeUInt16BE(to, 1);
    const error = await masker.decrypt(bytes.toString('base64'), { context }).then(
      () => new Error('decrypted a message whose suite id was altered'),
      (reason: unknown) => reason as Error,
    );
    ledger.recordError(error, 'suite swap');
    expect(error).toBeInstanceOf(DataMaskingError);
    expect(error.name).toBe('DataMaskingDecryptValueError');
    expect(error).toBeInstanceOf(DataMaskingDecryptValueError);
  });

  it('leaked no canary in any rejection (message, stack, cause chain, inspect) or output', () => {
    expect(ledger.errorsScanned).toBeGreaterThanOrEqual(result.typedRejections + result.untypedErrors);
    expect(ledger.leaks()).toEqual([]);
  });
});
