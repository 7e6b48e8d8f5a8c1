/**
 * The hierarchical keyring end to end: the REAL branch key store and KmsHierarchicalKeyRingNode,
 * AWS's DynamoDB Local (a JVM, spawned by the jest global setup) and LocalKms over HTTP.
 */
import {
  DataMasking,
  DataMaskingContextMismatchError,
  DataMaskingDecryptKeyError,
  DataMaskingEncryptKeyError,
  DataMaskingInvalidOptionsError,
} from 'lambda-data-masking';
import {
  AlgorithmSuiteIdentifier,
  AWSEncryptionSDKProvider,
  createBranchKey,
  inspectCiphertext,
  rotateBranchKey,
  type BranchKeyStoreOptions,
  type HierarchicalKeyringOptions,
} from 'lambda-data-masking/kms';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMS, KMSClient } from '@aws-sdk/client-kms';
import { createBranchKeyStoreTable } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { decodeCiphertext, parseMessageHeader } from '../../src/providers/kms/message-header';
import { dynamoDbClientConfig, dynamoDbEndpoint, newKeyStore } from '../support/dynamodb';

/** The wrapped data keys of a message: (provider id, bytes). */
const dataKeysOf = (ciphertext: string) => parseMessageHeader(decodeCiphertext(ciphertext)).messageHeader.encryptedDataKeys;

const FAST = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };

let kms: LocalKms;
let endpoint: string;
let store: BranchKeyStoreOptions;

const rejectionOf = async (promise: Promise<unknown>): Promise<any> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

const masker = (hierarchical: Partial<HierarchicalKeyringOptions>, over: BranchKeyStoreOptions = store): DataMasking =>
  new DataMasking({
    provider: new AWSEncryptionSDKProvider({ hierarchical: { ...over, branchKeyIdFromContext: 'tenant_id', ...hierarchical } as HierarchicalKeyringOptions }),
  });

beforeAll(async () => {
  kms = await LocalKms.start();
  endpoint = await dynamoDbEndpoint();
  store = await newKeyStore(kms, endpoint);
  for (const tenant of ['tenant-a', 'tenant-b', 'tenant-c']) {
    await createBranchKey({ ...store, branchKeyId: tenant });
  }
}, 200_000);

afterAll(async () => {
  await kms?.stop();
});

describe('hierarchical keyring', () => {
  it('round-trips whole payloads and fields; KMS is called once per branch key, not per message', async () => {
    const m = masker({});
    kms.resetCounters();
    const context = { tenant_id: 'tenant-a' };
    const data = { name: 'Ana', ssn: '123-45-6789', cards: [{ number: '4111' }] };
    for (let i = 0; i < 5; i++) {
      const whole = await m.encrypt(data, { context, providerOptions: FAST });
      expect(await m.decrypt(whole, { context })).toEqual(data);
      const fields = await m.encrypt(data, { fields: ['ssn', 'cards[*].number'], context, providerOptions: FAST });
      expect(fields.name).toBe('Ana');
      expect(fields.ssn).not.toBe('123-45-6789');
      expect(await m.decrypt(fields, { fields: ['ssn', 'cards[*].number'], context })).toEqual(data);
    }
    // One Decrypt of the active branch key (encrypt) and one of its version record (decrypt), for 15 messages.
    expect(kms.calls.Decrypt).toBe(2);
    expect(kms.calls.GenerateDataKey).toBe(0);
    const info = inspectCiphertext(await m.encrypt(data, { context, providerOptions: FAST }));
    expect(info.encryptedDataKeys.map((key) => [key.providerId, key.providerInfo])).toEqual([['aws-kms-hierarchy', 'tenant-a']]);
  });

  it('coalesces 100 concurrent cold requests for one tenant into one branch key fetch', async () => {
    const m = masker({});
    kms.resetCounters();
    const context = { tenant_id: 'tenant-b' };
    const out = await Promise.all(Array.from({ length: 100 }, (_, i) => m.encrypt({ i }, { context, providerOptions: FAST })));
    expect(kms.calls.Decrypt).toBe(1);
    const back = await Promise.all(out.map((ciphertext) => m.decrypt(ciphertext, { context })));
    expect(back).toEqual(Array.from({ length: 100 }, (_, i) => ({ i })));
    expect(kms.calls.Decrypt).toBe(2);
  });

  it("isolates tenants: A's message never decrypts under B's context or B's branch key", async () => {
    const m = masker({});
    const a = await m.encrypt({ secret: 'of A' }, { context: { tenant_id: 'tenant-a' }, providerOptions: FAST });
    expect(await rejectionOf(m.decrypt(a, { context: { tenant_id: 'tenant-b' } }))).toBeInstanceOf(DataMaskingContextMismatchError);
    // A provider bound to B's branch key, given A's exact context, cannot unwrap A's data key.
    const bOnly = new DataMasking({ provider: new AWSEncryptionSDKProvider({ hierarchical: { ...store, branchKeyId: 'tenant-b' } }) });
    const error = await rejectionOf(bOnly.decrypt(a, { context: { tenant_id: 'tenant-a' } }));
    expect(error).toBeInstanceOf(DataMaskingDecryptKeyError);
    expect(String(error.message)).not.toContain('of A');
    // And a supplier that maps A's context to B's key fails the same way.
    const lying = masker({ branchKeyIdFromContext: () => 'tenant-b' });
    expect(await rejectionOf(lying.decrypt(a, { context: { tenant_id: 'tenant-a' } }))).toBeInstanceOf(DataMaskingDecryptKeyError);
  });

  it('rotation: new messages use the new version, old ones still decrypt', async () => {
    const context = { tenant_id: 'tenant-c' };
    const before = await masker({}).encrypt({ v: 1 }, { context, providerOptions: FAST });
    await rotateBranchKey({ ...store, branchKeyId: 'tenant-c' });
    const fresh = masker({});
    const after = await fresh.encrypt({ v: 2 }, { context, providerOptions: FAST });
    // The wrapped data key is salt (16 bytes), IV (12), branch key version (16), key, tag.
    const versionOf = (ciphertext: string) => Buffer.from(dataKeysOf(ciphertext)[0]!.encryptedDataKey).subarray(28, 44).toString('hex');
    expect(versionOf(after)).not.toBe(versionOf(before));
    expect(await fresh.decrypt(before, { context })).toEqual({ v: 1 });
    expect(await fresh.decrypt(after, { context })).toEqual({ v: 2 });
  });

  it('a context without the branch key entry, or an unknown branch key, is a typed key error', async () => {
    const m = masker({});
    const missing = await rejectionOf(m.encrypt({ a: 1 }, { context: { other: 'x' } }));
    expect(missing).toBeInstanceOf(DataMaskingEncryptKeyError);
    expect(missing.message).toContain("'tenant_id'");
    const unknown = await rejectionOf(m.encrypt({ a: 1 }, { context: { tenant_id: 'no-such-tenant' } }));
    expect(unknown).toBeInstanceOf(DataMaskingEncryptKeyError);
    const throwing = masker({
      branchKeyIdFromContext: () => {
        throw new Error('secret-ish detail');
      },
    });
    const thrown = await rejectionOf(throwing.encrypt({ a: 1 }, { context: { tenant_id: 'tenant-a' } }));
    expect(thrown).toBeInstanceOf(DataMaskingEncryptKeyError);
    expect(thrown.message).not.toContain('secret-ish');
  });

  it('KMS and DynamoDB failures are typed key errors with the AWS exception as cause', async () => {
    const context = { tenant_id: 'tenant-a' };
    kms.denyAccess(store.kmsKeyArn, ['Decrypt']);
    try {
      const denied = await rejectionOf(masker({}).encrypt({ a: 1 }, { context }));
      expect(denied).toBeInstanceOf(DataMaskingEncryptKeyError);
      expect(denied.cause?.name).toBe('AccessDeniedException');
    } finally {
      kms.allowAccess(store.kmsKeyArn);
    }
    const noTable = masker({}, { ...store, keyStoreTableName: 'no-such-table' });
    const missing = await rejectionOf(noTable.encrypt({ a: 1 }, { context }));
    expect(missing).toBeInstanceOf(DataMaskingEncryptKeyError);
    expect(missing.cause?.name).toBe('ResourceNotFoundException');
    const ciphertext = await masker({}).encrypt({ a: 1 }, { context, providerOptions: FAST });
    const decryptMissing = await rejectionOf(noTable.decrypt(ciphertext, { context }));
    expect(decryptMissing).toBeInstanceOf(DataMaskingDecryptKeyError);
    expect(decryptMissing.cause?.name).toBe('ResourceNotFoundException');
  });

  it('refuses options that do not apply or are malformed', () => {
    const make = (options: unknown) => () => new AWSEncryptionSDKProvider(options as never);
    expect(make({ hierarchical: { ...store, branchKeyId: 'x' }, localCacheCapacity: 10 })).toThrow(DataMaskingInvalidOptionsError);
    expect(make({ hierarchical: { ...store, branchKeyId: 'x' }, keys: [store.kmsKeyArn] })).toThrow(DataMaskingInvalidOptionsError);
    expect(make({ hierarchical: { ...store } })).toThrow(DataMaskingInvalidOptionsError);
    expect(make({ hierarchical: { ...store, branchKeyId: 'x', branchKeyIdFromContext: 't' } })).toThrow(DataMaskingInvalidOptionsError);
    expect(make({ hierarchical: { ...store, branchKeyId: 'x', kmsKeyArn: 'alias/x' } })).toThrow(DataMaskingInvalidOptionsError);
    expect(make({ hierarchical: { ...store, branchKeyId: 'x', cacheTtlSeconds: 0 } })).toThrow(DataMaskingInvalidOptionsError);
    expect(make({ hierarchical: { ...store, branchKeyId: 'x', cacheSize: 1.5 } })).toThrow(DataMaskingInvalidOptionsError);
    expect(make({ hierarchical: { ...store, branchKeyId: 'x', keyStoreTableName: 'a' } })).toThrow(DataMaskingInvalidOptionsError);
  });

  describe('your own KMS and DynamoDB clients', () => {
    /** The names of a client's middleware, to see that nothing was added to it. */
    const middlewareOf = (client: KMSClient | DynamoDBClient): string[] => client.middlewareStack.identify();

    it('are used as they are for the table, the branch keys and the provider: not modified, not destroyed', async () => {
      const kmsClient = new KMSClient({ ...kms.clientConfig(), region: kms.region });
      const dynamoDbClient = new DynamoDBClient(dynamoDbClientConfig(endpoint));
      const kmsMiddleware = middlewareOf(kmsClient);
      const ddbMiddleware = middlewareOf(dynamoDbClient);
      const own: BranchKeyStoreOptions = { keyStoreTableName: `own-clients-${Date.now()}`, kmsKeyArn: kms.createKey().arn, kmsClient, dynamoDbClient };
      await createBranchKeyStoreTable(own);
      await createBranchKey({ ...own, branchKeyId: 'tenant-own' });
      await rotateBranchKey({ ...own, branchKeyId: 'tenant-own' });
      kms.resetCounters();
      const context = { tenant_id: 'tenant-own' };
      // Two providers sharing the same clients.
      const [first, second] = [masker({}, own), masker({}, own)];
      const ciphertext = await first.encrypt({ ssn: '123-45-6789' }, { context, providerOptions: FAST });
      expect(await second.decrypt(ciphertext, { context })).toEqual({ ssn: '123-45-6789' });
      expect(kms.calls.Decrypt).toBe(2); // one branch key unwrap per provider, through our client
      expect(middlewareOf(kmsClient)).toEqual(kmsMiddleware);
      expect(middlewareOf(dynamoDbClient)).toEqual(ddbMiddleware);
      // Still usable: the helpers did not destroy the caller's DynamoDB client.
      await createBranchKey({ ...own, branchKeyId: 'tenant-own-2' });
      kmsClient.destroy();
      dynamoDbClient.destroy();
    });

    it('an aggregated KMS client works too, and its failures are typed with the AWS cause', async () => {
      const kmsClient = new KMS({ ...kms.clientConfig(), region: kms.region, maxAttempts: 1 });
      const dynamoDbClient = new DynamoDBClient(dynamoDbClientConfig(endpoint, 1));
      const { kmsClientConfig: _k, dynamoDbClientConfig: _d, ...rest } = store;
      const own: BranchKeyStoreOptions = { ...rest, kmsClient, dynamoDbClient };
      const context = { tenant_id: 'tenant-a' };
      const ciphertext = await masker({}, own).encrypt({ a: 1 }, { context, providerOptions: FAST });
      kms.denyAccess(store.kmsKeyArn, ['Decrypt']);
      try {
        const denied = await rejectionOf(masker({}, own).decrypt(ciphertext, { context }));
        expect(denied).toBeInstanceOf(DataMaskingDecryptKeyError);
        expect(denied.cause?.name).toBe('AccessDeniedException');
      } finally {
        kms.allowAccess(store.kmsKeyArn);
      }
      const missing = await rejectionOf(masker({}, { ...own, keyStoreTableName: 'no-such-table' }).encrypt({ a: 1 }, { context }));
      expect(missing).toBeInstanceOf(DataMaskingEncryptKeyError);
      expect(missing.cause?.name).toBe('ResourceNotFoundException');
      expect(await masker({}, own).decrypt(ciphertext, { context })).toEqual({ a: 1 });
      kmsClient.destroy();
      dynamoDbClient.destroy();
    });

    it('refuses a client with its config, or something that is not a client of the SDK', () => {
      const make = (options: unknown) => () => new AWSEncryptionSDKProvider({ hierarchical: { ...store, branchKeyId: 'x', ...(options as object) } } as never);
      const kmsClient = new KMSClient({ region: kms.region });
      expect(make({ kmsClient })).toThrow(/either kmsClient or kmsClientConfig/);
      expect(make({ dynamoDbClientConfig: undefined, dynamoDbClient: new DynamoDBClient({}), kmsClientConfig: store.kmsClientConfig })).not.toThrow();
      expect(make({ kmsClientConfig: undefined, kmsClient: { send: async () => ({}) } })).toThrow(DataMaskingInvalidOptionsError);
      expect(make({ kmsClientConfig: undefined, kmsClient: 'client' })).toThrow(/kmsClient must be an AWS SDK v3 client/);
      expect(make({ dynamoDbClientConfig: undefined, dynamoDbClient: kmsClient })).toThrow(/dynamoDbClient must be a DynamoDBClient/);
      kmsClient.destroy();
    });
  });
});
