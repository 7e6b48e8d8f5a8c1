/**
 * AWSEncryptionSDKProvider with KMS keys: the REAL AWS Encryption SDK and the REAL
 * `@aws-sdk/client-kms`, over HTTP to LocalKms on 127.0.0.1. Key ARNs, multiple keys, key
 * states, access denial, throttling, error mapping, data-key caching and the coalescing of
 * concurrent cache misses, all measured by LocalKms's per-operation call counters.
 */

import { NodeCachingMaterialsManager, getLocalCryptographicMaterialsCache } from '@aws-crypto/caching-materials-manager-node';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { CommitmentPolicy } from '@aws-crypto/material-management-node';
import { KMS } from '@aws-sdk/client-kms';
import {
  DataMaskingContextMismatchError,
  DataMaskingDecryptKeyError,
  DataMaskingDecryptValueError,
  DataMaskingEncryptKeyError,
  DataMaskingInvalidOptionsError,
  DataMaskingUnsupportedTypeError,
} from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, type AWSEncryptionSDKProviderCommonOptions, inspectCiphertext } from 'lambda-data-masking/kms';
import { LocalKms, type LocalKmsKey } from 'lambda-data-masking/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRET = 'S3cr3t-Payload-Value';
const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };
const PYTHON_CIPHERTEXT = readFileSync(join(__dirname, '../fixtures/python-powertools-ciphertext.txt'), 'utf8').trim();
const PYTHON_KEY_ARN = 'arn:aws:kms:us-east-1:200984112386:key/6d82b34e-3660-44e2-8abb-7f3058bea212';

let kms: LocalKms;
let key1: LocalKmsKey;
let key2: LocalKmsKey;
let key3: LocalKmsKey;

/** A provider on LocalKms; each one has its own (cold) data-key cache. */
const providerFor = (keys: readonly string[], options: AWSEncryptionSDKProviderCommonOptions & { maxAttempts?: number } = {}) => {
  const { maxAttempts, ...rest } = options;
  return new AWSEncryptionSDKProvider({
    keys,
    kmsClientConfig: { ...kms.clientConfig(), ...(maxAttempts === undefined ? {} : { maxAttempts }) },
    ...rest,
  });
};

/** The rejection of a promise that must reject. */
const rejectionOf = async (promise: Promise<unknown>): Promise<Error & { cause?: any }> => {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
};

/** The encrypted data key wrapped by `arn` in a message: after the ARN, a 2-byte length, then the blob. */
const encryptedDataKeyOf = (ciphertext: string, arn: string): Buffer => {
  const bytes = Buffer.from(ciphertext, 'base64');
  const at = bytes.indexOf(Buffer.from(arn)) + arn.length;
  return bytes.subarray(at + 2, at + 2 + bytes.readUInt16BE(at));
};

const times = <T>(count: number, make: (index: number) => T): T[] => Array.from({ length: count }, (_, index) => make(index));

beforeAll(async () => {
  kms = await LocalKms.start();
  key1 = kms.createKey({ alias: 'alias/app' });
  key2 = kms.createKey();
  key3 = kms.createKey();
});

beforeEach(() => {
  kms.resetCounters();
});

afterEach(() => {
  kms.clearFaults();
  for (const key of [key1, key2, key3]) {
    kms.setKeyState(key.arn, 'Enabled');
    kms.allowAccess(key.arn);
  }
});

afterAll(async () => {
  await kms.stop();
});

describe('encrypt and decrypt with KMS keys', () => {
  it('round trips through GenerateDataKey and Decrypt, the message naming the key ARN', async () => {
    const provider = providerFor([key1.arn]);
    const ciphertext = await provider.encrypt({ secret: SECRET, n: -1.11 }, { context: { tenant: 't-1' } });
    const info = inspectCiphertext(ciphertext);
    expect(info.encryptedDataKeys).toEqual([{ providerId: 'aws-kms', providerInfo: key1.arn }]);
    expect(info.encryptionContext.tenant).toBe('t-1');
    expect(await providerFor([key1.arn]).decrypt(ciphertext, { context: { tenant: 't-1' } })).toEqual({ secret: SECRET, n: -1.11 });
    expect(kms.calls.GenerateDataKey).toBe(1);
    expect(kms.calls.Decrypt).toBe(1);
  });

  it('accepts a ready KMS client (the aggregated KMS class) instead of a configuration', async () => {
    const client = new KMS(kms.clientConfig());
    const provider = new AWSEncryptionSDKProvider({ keys: [key1.arn], kmsClient: client });
    expect(await provider.decrypt(await provider.encrypt([1, 'two']))).toEqual([1, 'two']);
    expect(kms.calls.GenerateDataKey).toBe(1);
    client.destroy();
  });

  it('refuses an alias at construction, because the ESDK would encrypt but never decrypt with it', async () => {
    expect(() => providerFor([key1.aliasArn!])).toThrow(DataMaskingInvalidOptionsError);
    expect(() => providerFor([key1.alias!])).toThrow(/can never decrypt/);

    // The premise, shown with the bare ESDK: an alias keyring encrypts, then cannot decrypt.
    const client = new KMS(kms.clientConfig());
    const keyring = new KmsKeyringNode({ generatorKeyId: key1.aliasArn!, clientProvider: () => client });
    const { encrypt } = buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const { result } = await encrypt(keyring, 'hello');
    await expect(decrypt(keyring, result)).rejects.toThrow();
    client.destroy();
  });

  it('checks context types before any KMS call, and context equality before any Decrypt', async () => {
    const provider = providerFor([key1.arn]);
    await expect(provider.encrypt(1, { context: { n: 1 as unknown as string } })).rejects.toThrow(DataMaskingUnsupportedTypeError);
    expect(kms.callCount()).toBe(0);

    const ciphertext = await provider.encrypt(1, { context: { tenant: 't-1' } });
    kms.resetCounters();
    const error = await rejectionOf(providerFor([key1.arn]).decrypt(ciphertext, { context: { tenant: 't-2' } }));
    expect(error).toBeInstanceOf(DataMaskingContextMismatchError);
    expect(error.message).not.toContain('t-1');
    expect(error.message).not.toContain('t-2');
    expect(kms.callCount()).toBe(0);
  });
});

describe('multiple keys', () => {
  it('wraps the data key under every key: GenerateDataKey with the first, Encrypt with the others', async () => {
    const ciphertext = await providerFor([key1.arn, key2.arn]).encrypt({ secret: SECRET });
    expect(kms.calls.GenerateDataKey).toBe(1);
    expect(kms.calls.Encrypt).toBe(1);
    expect(inspectCiphertext(ciphertext).encryptedDataKeys.map((edk) => edk.providerInfo)).toEqual([key1.arn, key2.arn]);
  });

  it('decrypts with a provider that knows only the second key', async () => {
    const ciphertext = await providerFor([key1.arn, key2.arn]).encrypt({ secret: SECRET });
    kms.resetCounters();
    expect(await providerFor([key2.arn]).decrypt(ciphertext)).toEqual({ secret: SECRET });
    expect(kms.calls.Decrypt).toBe(1);
  });

  it('falls back to the next key when the first one is disabled', async () => {
    const ciphertext = await providerFor([key1.arn, key2.arn]).encrypt({ secret: SECRET });
    kms.setKeyState(key1.arn, 'Disabled');
    kms.resetCounters();
    expect(await providerFor([key1.arn, key2.arn]).decrypt(ciphertext)).toEqual({ secret: SECRET });
    expect(kms.calls.Decrypt).toBe(2); // key1 refused, key2 answered
  });
});

describe('key failures', () => {
  it('refuses a message for other keys with DataMaskingDecryptKeyError, without calling KMS', async () => {
    const ciphertext = await providerFor([key1.arn, key2.arn]).encrypt({ secret: SECRET });
    kms.resetCounters();
    const error = await rejectionOf(providerFor([key3.arn]).decrypt(ciphertext));
    expect(error).toBeInstanceOf(DataMaskingDecryptKeyError);
    expect(error.message).toContain(key1.arn);
    expect(error.message).toContain(key2.arn);
    expect(error.message).not.toContain(SECRET);
    expect(kms.callCount()).toBe(0);
  });

  it('maps a disabled key to DataMaskingEncryptKeyError / DataMaskingDecryptKeyError, keeping the typed KMS error', async () => {
    const ciphertext = await providerFor([key1.arn]).encrypt({ secret: SECRET });
    kms.setKeyState(key1.arn, 'Disabled');

    const encryptError = await rejectionOf(providerFor([key1.arn]).encrypt({ secret: SECRET }));
    expect(encryptError).toBeInstanceOf(DataMaskingEncryptKeyError);
    expect(encryptError.cause?.name).toBe('DisabledException');
    expect(encryptError.message).toContain('GenerateDataKey');

    const decryptError = await rejectionOf(providerFor([key1.arn]).decrypt(ciphertext));
    expect(decryptError).toBeInstanceOf(DataMaskingDecryptKeyError);
    // The ESDK flattens decrypt-path KMS errors into a plain Error; the provider kept the typed one.
    expect(decryptError.cause?.name).toBe('DisabledException');
    expect(decryptError.cause?.$metadata?.httpStatusCode).toBe(400);
    expect(decryptError.message).toContain(key1.arn);
    for (const error of [encryptError, decryptError]) expect(String(error.stack)).not.toContain(SECRET);
  });

  it('maps a key pending deletion to KMSInvalidStateException as the cause', async () => {
    const ciphertext = await providerFor([key1.arn]).encrypt(1);
    kms.setKeyState(key1.arn, 'PendingDeletion');
    const error = await rejectionOf(providerFor([key1.arn]).decrypt(ciphertext));
    expect(error).toBeInstanceOf(DataMaskingDecryptKeyError);
    expect(error.cause?.name).toBe('KMSInvalidStateException');
  });

  it('maps access denied (IAM / key policy) to the key errors, AccessDeniedException as the cause', async () => {
    const ciphertext = await providerFor([key1.arn]).encrypt({ secret: SECRET });
    kms.denyAccess(key1.arn, ['Decrypt']);
    const decryptError = await rejectionOf(providerFor([key1.arn]).decrypt(ciphertext));
    expect(decryptError).toBeInstanceOf(DataMaskingDecryptKeyError);
    expect(decryptError.cause?.name).toBe('AccessDeniedException');

    kms.denyAccess(key1.arn, ['GenerateDataKey']);
    const encryptError = await rejectionOf(providerFor([key1.arn]).encrypt(1));
    expect(encryptError).toBeInstanceOf(DataMaskingEncryptKeyError);
    expect(encryptError.cause?.name).toBe('AccessDeniedException');
  });

  it('fails on encrypt when a secondary key cannot wrap the data key', async () => {
    kms.setKeyState(key2.arn, 'Disabled');
    const error = await rejectionOf(providerFor([key1.arn, key2.arn]).encrypt(1));
    expect(error).toBeInstanceOf(DataMaskingEncryptKeyError);
    expect(error.cause?.name).toBe('DisabledException');
    expect(error.message).toContain(`Encrypt with ${key2.arn}`);
  });

  it('lets the SDK retry a throttled call, then succeeds', async () => {
    const fault = kms.injectFault({ operation: 'GenerateDataKey', type: 'throttle', times: 1 });
    expect(await providerFor([key1.arn]).encrypt(1)).toEqual(expect.any(String));
    expect(fault.triggered).toBe(1);
    expect(kms.calls.GenerateDataKey).toBe(2);
  });

  it('surfaces persistent throttling, after the retries, as a typed cause on both paths', async () => {
    const ciphertext = await providerFor([key1.arn]).encrypt(1);
    kms.injectFault({ type: 'throttle' });
    kms.resetCounters();
    const encryptError = await rejectionOf(providerFor([key1.arn], { maxAttempts: 2 }).encrypt(1));
    expect(encryptError).toBeInstanceOf(DataMaskingEncryptKeyError);
    expect(encryptError.cause?.name).toBe('ThrottlingException');
    expect(kms.calls.GenerateDataKey).toBe(2);

    const decryptError = await rejectionOf(providerFor([key1.arn], { maxAttempts: 2 }).decrypt(ciphertext));
    expect(decryptError).toBeInstanceOf(DataMaskingDecryptKeyError);
    expect(decryptError.cause?.name).toBe('ThrottlingException');
    expect(kms.calls.Decrypt).toBe(2);
  });

  it('maps a dropped connection to a key error with the network error as cause', async () => {
    kms.injectFault({ type: 'drop' });
    const error = await rejectionOf(providerFor([key1.arn], { maxAttempts: 1 }).encrypt(1));
    expect(error).toBeInstanceOf(DataMaskingEncryptKeyError);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('treats an altered encrypted data key (KMS InvalidCiphertextException) as a bad value', async () => {
    const ciphertext = await providerFor([key1.arn]).encrypt({ secret: SECRET }, { providerOptions: UNSIGNED });
    const bytes = Buffer.from(ciphertext, 'base64');
    const edk = encryptedDataKeyOf(ciphertext, key1.arn);
    const edkAt = bytes.indexOf(edk);
    bytes[edkAt + edk.length - 5] = bytes[edkAt + edk.length - 5]! ^ 0x01;
    const error = await rejectionOf(providerFor([key1.arn]).decrypt(bytes.toString('base64')));
    expect(error).toBeInstanceOf(DataMaskingDecryptValueError);
    expect(error.cause?.name).toBe('InvalidCiphertextException');
  });
});

describe('Python Powertools ciphertext (seed docs)', () => {
  it('parses it and checks its context, then asks KMS for its key (unknown to LocalKms)', async () => {
    const error = await rejectionOf(providerFor([PYTHON_KEY_ARN]).decrypt(PYTHON_CIPHERTEXT));
    expect(error).toBeInstanceOf(DataMaskingDecryptKeyError);
    expect(error.cause?.name).toBe('NotFoundException');
    expect(kms.calls.Decrypt).toBeGreaterThanOrEqual(1);
  });

  it('refuses it without calling KMS when the provider is not configured with its key', async () => {
    const error = await rejectionOf(providerFor([key1.arn]).decrypt(PYTHON_CIPHERTEXT));
    expect(error).toBeInstanceOf(DataMaskingDecryptKeyError);
    expect(error.message).toContain(PYTHON_KEY_ARN);
    expect(kms.callCount()).toBe(0);
  });

  it('refuses it with a context it was not made with, before any KMS call', async () => {
    const error = await rejectionOf(providerFor([PYTHON_KEY_ARN]).decrypt(PYTHON_CIPHERTEXT, { context: { tenant: 'x' } }));
    expect(error).toBeInstanceOf(DataMaskingContextMismatchError);
    expect(kms.callCount()).toBe(0);
  });
});

describe('data-key caching and coalescing', () => {
  it('the bare ESDK caching materials manager makes one KMS call per concurrent miss (why we coalesce)', async () => {
    const client = new KMS(kms.clientConfig());
    const cmm = new NodeCachingMaterialsManager({
      backingMaterials: new KmsKeyringNode({ generatorKeyId: key1.arn, clientProvider: () => client }),
      cache: getLocalCryptographicMaterialsCache(100),
      maxAge: 60_000,
    });
    const { encrypt } = buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    await Promise.all(times(20, (i) => encrypt(cmm, String(i), { suiteId: UNSIGNED.algorithmSuiteId })));
    expect(kms.calls.GenerateDataKey).toBe(20);
    client.destroy();
  });

  it('100 concurrent cold encrypts with one context make 1 GenerateDataKey', async () => {
    const provider = providerFor([key1.arn]);
    const ciphertexts = await Promise.all(times(100, (i) => provider.encrypt({ i }, { context: { tenant: 't-1' } })));
    expect(kms.calls.GenerateDataKey).toBe(1);
    expect(new Set(ciphertexts).size).toBe(100);

    // ... and 100 concurrent cold decrypts of them make 1 Decrypt.
    const reader = providerFor([key1.arn]);
    const values = await Promise.all(ciphertexts.map((ciphertext) => reader.decrypt(ciphertext, { context: { tenant: 't-1' } })));
    expect(values).toEqual(times(100, (i) => ({ i })));
    expect(kms.calls.Decrypt).toBe(1);
  });

  it('coalesces per context: concurrent encrypts under 3 contexts make 3 GenerateDataKey', async () => {
    const provider = providerFor([key1.arn]);
    await Promise.all(times(60, (i) => provider.encrypt(i, { context: { tenant: `t-${i % 3}` }, providerOptions: UNSIGNED })));
    expect(kms.calls.GenerateDataKey).toBe(3);
  });

  it('1000 sequential encrypts make 1 GenerateDataKey, and 1000 decrypts of them 1 Decrypt', async () => {
    const provider = providerFor([key1.arn]);
    const ciphertexts: string[] = [];
    for (let i = 0; i < 1000; i++) ciphertexts.push(await provider.encrypt(i, { context: { k: 'v' }, providerOptions: UNSIGNED }));
    expect(kms.calls.GenerateDataKey).toBe(1);

    const reader = providerFor([key1.arn]);
    let sum = 0;
    for (const ciphertext of ciphertexts) sum += (await reader.decrypt(ciphertext, { context: { k: 'v' } })) as number;
    expect(sum).toBe((999 * 1000) / 2);
    expect(kms.calls.Decrypt).toBe(1);
  });

  it('honours maxMessagesEncrypted, sequentially and concurrently: 25 messages at 10 per key make 3 data keys', async () => {
    const sequential = providerFor([key1.arn], { maxMessagesEncrypted: 10 });
    const ciphertexts: string[] = [];
    for (let i = 0; i < 25; i++) ciphertexts.push(await sequential.encrypt(i, { providerOptions: UNSIGNED }));
    expect(kms.calls.GenerateDataKey).toBe(3);

    kms.resetCounters();
    const concurrent = providerFor([key1.arn], { maxMessagesEncrypted: 10 });
    const burst = await Promise.all(times(25, (i) => concurrent.encrypt(i, { providerOptions: UNSIGNED })));
    expect(kms.calls.GenerateDataKey).toBe(3);
    // Exactly 10 + 10 + 5 messages per data key, never more than 10.
    const perKey = new Map<string, number>();
    for (const ciphertext of burst) {
      const edk = encryptedDataKeyOf(ciphertext, key1.arn).toString('base64');
      perKey.set(edk, (perKey.get(edk) ?? 0) + 1);
    }
    expect([...perKey.values()].sort((a, b) => a - b)).toEqual([5, 10, 10]);

    kms.resetCounters();
    const reader = providerFor([key1.arn]);
    expect(await Promise.all(ciphertexts.map((ciphertext) => reader.decrypt(ciphertext)))).toEqual(times(25, (i) => i));
    expect(kms.calls.Decrypt).toBe(3);
  });

  it('honours maxCacheAgeSeconds (default 300 s): an older data key is replaced', async () => {
    // Only Date is faked (the cache ages entries by Date.now()); timers and I/O stay real.
    jest.useFakeTimers({
      now: Date.now(),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      const byDefault = providerFor([key1.arn]);
      const short = providerFor([key1.arn], { maxCacheAgeSeconds: 10 });
      for (const provider of [byDefault, short]) await provider.encrypt(1, { providerOptions: UNSIGNED });
      expect(kms.calls.GenerateDataKey).toBe(2);

      jest.setSystemTime(Date.now() + 9_000);
      for (const provider of [byDefault, short]) await provider.encrypt(2, { providerOptions: UNSIGNED });
      expect(kms.calls.GenerateDataKey).toBe(2); // both still cached

      jest.setSystemTime(Date.now() + 2_000); // 11 s: past the short age only
      for (const provider of [byDefault, short]) await provider.encrypt(3, { providerOptions: UNSIGNED });
      expect(kms.calls.GenerateDataKey).toBe(3);

      jest.setSystemTime(Date.now() + 290_000); // 301 s: past the default age
      await byDefault.encrypt(4, { providerOptions: UNSIGNED });
      expect(kms.calls.GenerateDataKey).toBe(4);
    } finally {
      jest.useRealTimers();
    }
  });

  it('honours maxBytesEncrypted: a message larger than the limit gets its own data key', async () => {
    const provider = providerFor([key1.arn], { maxBytesEncrypted: 100 });
    await Promise.all(times(5, () => provider.encrypt('x'.repeat(200), { providerOptions: UNSIGNED })));
    expect(kms.calls.GenerateDataKey).toBe(5);
  });

  it('shares one failure among concurrent misses, and does not cache it', async () => {
    const provider = providerFor([key1.arn]);
    kms.setKeyState(key1.arn, 'Disabled');
    const outcomes = await Promise.allSettled(times(20, (i) => provider.encrypt(i)));
    expect(outcomes.every((outcome) => outcome.status === 'rejected' && outcome.reason instanceof DataMaskingEncryptKeyError)).toBe(true);
    expect(kms.calls.GenerateDataKey).toBe(1);

    kms.setKeyState(key1.arn, 'Enabled');
    expect(await provider.decrypt(await provider.encrypt('after'))).toBe('after');
    expect(kms.calls.GenerateDataKey).toBe(2);
  });

  it('coalesces while KMS is slow: 50 encrypts during a 200 ms GenerateDataKey make 1 call', async () => {
    kms.injectFault({ operation: 'GenerateDataKey', type: 'latency', latencyMs: 200 });
    const provider = providerFor([key1.arn]);
    const first = provider.encrypt(0, { providerOptions: UNSIGNED });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all([first, ...times(49, (i) => provider.encrypt(i + 1, { providerOptions: UNSIGNED }))]);
    expect(kms.calls.GenerateDataKey).toBe(1);
  });
});
