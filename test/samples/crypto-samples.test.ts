/**
 * The encrypt and decrypt samples against LocalKms (the real AWS SDK and Encryption SDK over
 * HTTP on 127.0.0.1), through their `createHandler` factories: round trips, what the ciphertexts
 * say about themselves, the KMS calls they cost, and the failures they promise.
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { randomBytes } from 'node:crypto';
import { DataMaskingContextMismatchError, DataMaskingDecryptKeyError, DataMaskingUnsupportedTypeError } from 'lambda-data-masking';
import { inspectCiphertext } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import * as cacheTuning from '../../samples/cache-tuning';
import * as changingDefaultAlgorithm from '../../samples/changing-default-algorithm';
import * as customSerializer from '../../samples/custom-serializer';
import * as contextDecrypt from '../../samples/encryption-context-decrypt';
import * as contextEncrypt from '../../samples/encryption-context-encrypt';
import * as fieldLevel from '../../samples/field-level-encryption';
import * as gettingStartedDecrypt from '../../samples/getting-started-decrypt';
import * as gettingStartedEncrypt from '../../samples/getting-started-encrypt';
import type { KmsSettings } from '../../samples/lambda';
import * as rawAes from '../../samples/raw-aes-keyring';
import * as multipleKeys from '../../samples/using-multiple-keys';
import { lambdaContext, readEvent } from './events';

const SIGNED_SUITE = 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384';
const UNSIGNED_SUITE = 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY';
const SEED_CONTEXT = {
  data_classification: 'confidential',
  data_type: 'customer-data',
  tenant_id: 'a06bf973-0734-4b53-9072-39d7ac5b2cba',
};

let kms: LocalKms;
let settings: KmsSettings;
const customer = () => readEvent('customer-event.json').body as Record<string, unknown>;

beforeAll(async () => {
  kms = await LocalKms.start();
  settings = { keyArn: kms.createKey({ alias: 'alias/samples' }).arn, kmsClientConfig: kms.clientConfig() };
});

afterAll(async () => {
  await kms.stop();
});

beforeEach(() => kms.resetCounters());

describe('getting started: encrypt and decrypt', () => {
  it('encrypts the whole body into one ESDK message, and decrypts it back', async () => {
    const encrypt = gettingStartedEncrypt.createHandler(settings);
    const decrypt = gettingStartedDecrypt.createHandler(settings);

    const encrypted = await encrypt(readEvent('customer-event.json'), lambdaContext);

    expect(Object.keys(encrypted)).toEqual(['body']);
    expect(encrypted.body).toMatch(/^AgV4[A-Za-z0-9+/]+=*$/);
    const info = inspectCiphertext(encrypted.body);
    expect(info.algorithmSuiteName).toBe(SIGNED_SUITE);
    expect(info.encryptedDataKeys).toEqual([{ providerId: 'aws-kms', providerInfo: settings.keyArn }]);
    await expect(decrypt(encrypted, lambdaContext)).resolves.toEqual(customer());
    expect(kms.calls).toMatchObject({ GenerateDataKey: 1, Decrypt: 1, Encrypt: 0 });
  });

  it('reads the ciphertext of the decrypt event, made by Python Powertools, as the same format', () => {
    const { body } = readEvent<{ body: string }>('decrypt-event.json');
    const info = inspectCiphertext(body);

    expect(info.version).toBe(2);
    expect(info.algorithmSuiteName).toBe(SIGNED_SUITE);
    expect(info.encryptedDataKeys).toEqual([
      { providerId: 'aws-kms', providerInfo: 'arn:aws:kms:us-east-1:200984112386:key/6d82b34e-3660-44e2-8abb-7f3058bea212' },
    ]);
  });

  it('cannot decrypt that Python ciphertext without its KMS key', async () => {
    const decrypt = gettingStartedDecrypt.createHandler({ ...settings, kmsClientConfig: { ...settings.kmsClientConfig, maxAttempts: 1 } });
    await expect(decrypt(readEvent('decrypt-event.json'))).rejects.toThrow(DataMaskingDecryptKeyError);
  });
});

describe('encryption context', () => {
  it('binds the three pairs to the ciphertext, and decrypt with the same pairs gets the body back', async () => {
    const ciphertext = await contextEncrypt.createHandler(settings)(readEvent('customer-event.json'));

    expect(inspectCiphertext(ciphertext).encryptionContext).toMatchObject(SEED_CONTEXT);
    await expect(contextDecrypt.createHandler(settings)({ body: ciphertext })).resolves.toEqual(customer());
  });

  it('refuses to decrypt without the context, before asking KMS', async () => {
    const ciphertext = await contextEncrypt.createHandler(settings)(readEvent('customer-event.json'));
    kms.resetCounters();

    await expect(gettingStartedDecrypt.createHandler(settings)({ body: ciphertext })).rejects.toThrow(DataMaskingContextMismatchError);
    expect(kms.callCount('Decrypt')).toBe(0);
  });

  it('refuses a context-less ciphertext where a context is expected', async () => {
    const { body } = await gettingStartedEncrypt.createHandler(settings)(readEvent('customer-event.json'));
    await expect(contextDecrypt.createHandler(settings)({ body })).rejects.toThrow(DataMaskingContextMismatchError);
  });
});

describe('custom JSON serializer', () => {
  it('keeps a BigInt beyond Number.MAX_SAFE_INTEGER a BigInt across encrypt and decrypt', async () => {
    const ciphertext = await customSerializer.createHandler(settings)(readEvent('account-event.json'));
    const account = await customSerializer.createMasker(settings).decrypt<Record<string, unknown>>(ciphertext);

    expect(account).toEqual({ accountId: 'acc-42', owner: 'John Doe', balanceCents: 9007199254740993n });
  });

  it('is needed: the default JSON.stringify refuses a BigInt', async () => {
    const account = { balanceCents: 1n };
    expect(customSerializer.jsonDeserializer(customSerializer.jsonSerializer(account))).toEqual(account);
    await expect(gettingStartedEncrypt.createHandler(settings)({ body: account })).rejects.toThrow(DataMaskingUnsupportedTypeError);
  });
});

describe('several keys', () => {
  it('wraps the data key under both keys (GenerateDataKey + Encrypt), and either key alone decrypts', async () => {
    const second = kms.createKey().arn;
    const encrypt = multipleKeys.createHandler({ keyArns: [settings.keyArn, second], kmsClientConfig: settings.kmsClientConfig });

    const encrypted = await encrypt(readEvent('customer-event.json'));

    expect(kms.calls).toMatchObject({ GenerateDataKey: 1, Encrypt: 1 });
    expect(inspectCiphertext(encrypted.body).encryptedDataKeys.map((key) => key.providerInfo)).toEqual([settings.keyArn, second]);
    kms.setKeyState(settings.keyArn, 'Disabled');
    try {
      const decryptWithSecond = gettingStartedDecrypt.createHandler({ ...settings, keyArn: second });
      await expect(decryptWithSecond(encrypted)).resolves.toEqual(customer());
    } finally {
      kms.setKeyState(settings.keyArn, 'Enabled');
    }
  });
});

describe('provider options: another algorithm suite', () => {
  it('encrypts with the unsigned committing suite, which decrypt reads from the message', async () => {
    const ciphertext = await changingDefaultAlgorithm.createHandler(settings)(readEvent('customer-event.json'));

    const info = inspectCiphertext(ciphertext);
    expect(info.algorithmSuiteName).toBe(UNSIGNED_SUITE);
    expect(info.signed).toBe(false);
    expect(info.encryptionContext).toEqual({});
    await expect(gettingStartedDecrypt.createHandler(settings)({ body: ciphertext })).resolves.toEqual(customer());
  });
});

describe('cache tuning', () => {
  it('reuses one data key until maxBytesEncrypted (2000 bytes) is reached, then asks KMS again', async () => {
    const handler = cacheTuning.createHandler(settings);
    const event = readEvent('customer-event.json');
    const bytes = JSON.stringify(event.body).length;
    const underLimit = Math.floor(2000 / bytes);
    expect(underLimit).toBeGreaterThan(1);

    for (let call = 0; call < underLimit; call++) await handler(event);
    expect(kms.callCount('GenerateDataKey')).toBe(1);

    await handler(event);
    expect(kms.callCount('GenerateDataKey')).toBe(2);
  });
});

describe('field-level encryption', () => {
  const stored = async () => fieldLevel.createHandlers(settings).store(readEvent('field-level-event.json'));

  it('encrypts only the SSN and the card numbers, each into its own ciphertext', async () => {
    const record = await stored();
    const original = readEvent('field-level-event.json').body;

    expect(record).toEqual({
      ...original,
      ssn: expect.stringMatching(/^AgV4/),
      cards: [
        { number: expect.stringMatching(/^AgV4/), expiry: '12/29' },
        { number: expect.stringMatching(/^AgV4/), expiry: '06/28' },
      ],
    });
    expect(JSON.stringify(record)).not.toContain('123-45-6789');
    expect(inspectCiphertext(record.ssn as string).encryptionContext).toMatchObject({ tenant_id: 'tenant-1' });
  });

  it('reads the record back', async () => {
    const record = await stored();
    await expect(fieldLevel.createHandlers(settings).read({ body: record })).resolves.toEqual(readEvent('field-level-event.json').body);
  });

  it('refuses a card number ciphertext moved into the SSN field (anti-swap)', async () => {
    const record = await stored();
    const cards = record.cards as { number: string }[];
    const swapped = { ...record, ssn: cards[0]!.number };
    await expect(fieldLevel.createHandlers(settings).read({ body: swapped })).rejects.toThrow(DataMaskingContextMismatchError);
  });

  it('refuses to read a record under another tenant', async () => {
    const record = await stored();
    await expect(fieldLevel.createHandlers(settings).read({ body: { ...record, tenantId: 'tenant-2' } })).rejects.toThrow(DataMaskingContextMismatchError);
  });
});

describe('raw AES keyring, no KMS', () => {
  const wrappingKey = randomBytes(32);

  it('encrypts the email and the address with a key of yours, and decrypts them with it', async () => {
    const { body } = await rawAes.createHandler(wrappingKey)(readEvent('customer-event.json'));

    expect(body).toEqual({ ...customer(), email: expect.stringMatching(/^AgV4/), address: expect.stringMatching(/^AgV4/) });
    expect(inspectCiphertext(body.email as string).encryptedDataKeys[0]!.providerId).toBe('my-company');
    const decrypted = await rawAes.createMasker(wrappingKey).decrypt(body, { fields: ['email', 'address'], context: { purpose: 'archive' } });
    expect(decrypted).toEqual(customer());
    expect(kms.callCount()).toBe(0);
  });

  it("leaves the caller's key bytes alone", () => {
    const key = randomBytes(32);
    const copy = Buffer.from(key);
    rawAes.createMasker(key);
    expect(key.equals(copy)).toBe(true);
  });

  it('cannot decrypt with another key', async () => {
    const { body } = await rawAes.createHandler(wrappingKey)(readEvent('customer-event.json'));
    await expect(rawAes.createMasker(randomBytes(32)).decrypt(body, { fields: ['email'], context: { purpose: 'archive' } })).rejects.toThrow(
      DataMaskingDecryptKeyError,
    );
  });
});
