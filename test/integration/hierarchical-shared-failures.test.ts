/**
 * A branch key fetch that several requests share (the coalescing store: one DynamoDB read, one
 * KMS Decrypt for all) reports its KMS failure to each of them ONCE, the request that started
 * it included: real branch key store and hierarchical keyring, LocalKms and DynamoDB Local.
 */
import { DataMasking, DataMaskingDecryptKeyError, DataMaskingEncryptKeyError } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, createBranchKey, type BranchKeyStoreOptions } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { dynamoDbEndpoint, newKeyStore } from '../support/dynamodb';

const CANARY = 'canary-7f3e-ssn-123-45-6789';
const TENANT = 'tenant-shared';
const context = { tenant_id: TENANT };
const FAST = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };

let kms: LocalKms;
let store: BranchKeyStoreOptions;

/** A fresh provider: its branch key cache is cold, so the first request really fetches. */
const freshMasker = (): DataMasking =>
  new DataMasking({ provider: new AWSEncryptionSDKProvider({ hierarchical: { ...store, branchKeyIdFromContext: 'tenant_id' } }) });

const settle = (promises: Promise<unknown>[]): Promise<unknown[]> =>
  Promise.all(
    promises.map((promise) =>
      promise.then(
        () => new Error('expected a rejection'),
        (error: unknown) => error,
      ),
    ),
  );

/** How often `text` occurs in `message`. */
const occurrences = (message: string, text: string): number => message.split(text).length - 1;

beforeAll(async () => {
  kms = await LocalKms.start();
  store = await newKeyStore(kms, await dynamoDbEndpoint());
  await createBranchKey({ ...store, branchKeyId: TENANT });
}, 200_000);

afterAll(async () => {
  await kms?.stop();
});

describe('a shared branch key fetch that KMS refuses', () => {
  const expectedDetail = (): string => `Decrypt with ${store.kmsKeyArn}: AccessDeniedException`;

  afterEach(() => kms.allowAccess(store.kmsKeyArn));

  it('names the KMS failure once in every encrypt error, the first (leading) request too', async () => {
    const masker = freshMasker();
    kms.denyAccess(store.kmsKeyArn, ['Decrypt']);
    kms.resetCounters();
    const errors = (await settle(Array.from({ length: 5 }, () => masker.encrypt({ ssn: CANARY }, { context, providerOptions: FAST })))) as Error[];
    // One KMS Decrypt for the five requests: they shared one fetch.
    expect(kms.calls.Decrypt).toBe(1);
    for (const error of errors) {
      expect(error).toBeInstanceOf(DataMaskingEncryptKeyError);
      expect(error.message).toBe(`Could not get a data key to encrypt with: ${expectedDetail()}`);
      expect(occurrences(error.message, 'AccessDeniedException')).toBe(1);
      expect(error.message).not.toContain(CANARY);
      expect((error.cause as Error).name).toBe('AccessDeniedException');
    }
  });

  it('names it once for a lone request and on decrypt', async () => {
    const ciphertext = await freshMasker().encrypt({ ssn: CANARY }, { context, providerOptions: FAST });
    kms.denyAccess(store.kmsKeyArn, ['Decrypt']);
    const lone = (await settle([freshMasker().encrypt({ ssn: CANARY }, { context })]))[0] as Error;
    expect(lone.message).toBe(`Could not get a data key to encrypt with: ${expectedDetail()}`);
    const masker = freshMasker();
    const errors = (await settle([masker.decrypt(ciphertext, { context }), masker.decrypt(ciphertext, { context })])) as Error[];
    for (const error of errors) {
      expect(error).toBeInstanceOf(DataMaskingDecryptKeyError);
      expect(error.message).toBe(`Could not decrypt the data key: ${expectedDetail()}`);
      expect(error.message).not.toContain(CANARY);
      expect(error.message).not.toContain(ciphertext.slice(0, 40));
    }
  });
});
