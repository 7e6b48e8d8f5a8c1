/**
 * `maxConcurrentOperations`: the REAL ESDK and a REAL `@aws-sdk/client-kms` (watched by a
 * middleware counting its requests in flight) over HTTP to LocalKms with latency, so cold
 * encrypts really overlap at KMS unless the provider holds them back.
 */
import { KMS } from '@aws-sdk/client-kms';
import { DataMasking, DataMaskingInvalidOptionsError } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';

const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };

let kms: LocalKms;
let arn: string;

beforeAll(async () => {
  kms = await LocalKms.start();
  arn = kms.createKey().arn;
});

afterAll(async () => {
  await kms?.stop();
});

/** A real KMS client that records the most requests it had in flight at once. */
const countingClient = () => {
  const client = new KMS(kms.clientConfig());
  const seen = { now: 0, most: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      seen.most = Math.max(seen.most, ++seen.now);
      try {
        return await next(args);
      } finally {
        seen.now--;
      }
    },
    { step: 'initialize', name: 'countInFlight' },
  );
  return { client, seen };
};

/** 12 cold encrypts (12 contexts, so 12 data keys) at once, then their decrypts at once. */
const burst = async (maxConcurrentOperations: number | undefined) => {
  const { client, seen } = countingClient();
  const provider = new AWSEncryptionSDKProvider({
    keys: [arn],
    kmsClient: client,
    ...(maxConcurrentOperations === undefined ? {} : { maxConcurrentOperations }),
  });
  const masker = new DataMasking({ provider });
  kms.injectFault({ type: 'latency', latencyMs: 60 });
  try {
    const contexts = Array.from({ length: 12 }, (_, i) => ({ tenant_id: `t-${i}` }));
    const ciphertexts = await Promise.all(contexts.map((context, i) => masker.encrypt({ i }, { context, providerOptions: UNSIGNED })));
    const reader = new DataMasking({
      provider: new AWSEncryptionSDKProvider({ keys: [arn], kmsClient: client, ...(maxConcurrentOperations === undefined ? {} : { maxConcurrentOperations }) }),
    });
    const back = await Promise.all(ciphertexts.map((ciphertext, i) => reader.decrypt(ciphertext, { context: contexts[i]! })));
    return { most: seen.most, back };
  } finally {
    kms.clearFaults();
    client.destroy();
  }
};

describe('maxConcurrentOperations', () => {
  it('holds operations back: never more than the limit at KMS, every result right', async () => {
    const limited = await burst(3);
    expect(limited.most).toBeLessThanOrEqual(3);
    expect(limited.back).toEqual(Array.from({ length: 12 }, (_, i) => ({ i })));
    // Without it the same burst overlaps at KMS (so the assertion above could fail).
    const unlimited = await burst(undefined);
    expect(unlimited.most).toBeGreaterThan(3);
  });

  it('a failing operation frees its place: the next ones still run', async () => {
    const masker = new DataMasking({
      provider: new AWSEncryptionSDKProvider({ keys: [arn], kmsClientConfig: kms.clientConfig(), maxConcurrentOperations: 1 }),
    });
    const context = { tenant_id: 'gate' };
    await expect(masker.decrypt('not a ciphertext', { context })).rejects.toThrow();
    await expect(masker.decrypt('still not one', { context })).rejects.toThrow();
    const ciphertext = await masker.encrypt({ ok: true }, { context, providerOptions: UNSIGNED });
    expect(await masker.decrypt(ciphertext, { context })).toEqual({ ok: true });
  });

  it('encrypts the value and context as they were at the call, even when it had to wait', async () => {
    const masker = new DataMasking({
      provider: new AWSEncryptionSDKProvider({ keys: [arn], kmsClientConfig: kms.clientConfig(), maxConcurrentOperations: 1 }),
    });
    kms.injectFault({ type: 'latency', latencyMs: 200 });
    try {
      const first = masker.encrypt({ n: 0 }, { context: { tenant_id: 'busy' }, providerOptions: UNSIGNED }); // holds the only place
      const value = { n: 1 };
      const context = { tenant_id: 'snap' };
      const second = masker.encrypt(value, { context, providerOptions: UNSIGNED });
      value.n = 2; // changed while the call waits
      context.tenant_id = 'other';
      // A refused input is refused at once, not after the queue.
      await expect(masker.decrypt('not a ciphertext', { context })).rejects.toThrow();
      const [, ciphertext] = await Promise.all([first, second]);
      expect(await masker.decrypt(ciphertext, { context: { tenant_id: 'snap' } })).toEqual({ n: 1 });
    } finally {
      kms.clearFaults();
    }
  });

  it.each([0, -1, 1.5, '4', Number.NaN, 100_001])('refuses %p', (value) => {
    expect(() => new AWSEncryptionSDKProvider({ keys: [arn], maxConcurrentOperations: value as number })).toThrow(DataMaskingInvalidOptionsError);
  });

  it('reads the option as an own member only', () => {
    const options = Object.create({ maxConcurrentOperations: 0 }) as { keys: string[] };
    options.keys = [arn];
    expect(() => new AWSEncryptionSDKProvider(options)).not.toThrow();
  });
});
