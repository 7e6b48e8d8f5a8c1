/**
 * DataMasking.encrypt / decrypt, whole payload and field-level, through the REAL AWS Encryption
 * SDK and the REAL `@aws-sdk/client-kms` talking HTTP to LocalKms on 127.0.0.1.
 */

import {
  DataMasking,
  DataMaskingContextMismatchError,
  DataMaskingDecryptValueError,
  DataMaskingEncryptKeyError,
  DataMaskingError,
  DataMaskingFieldNotFoundError,
  DataMaskingInvalidOptionsError,
  DataMaskingUnsupportedTypeError,
  FIELD_CONTEXT_KEY,
} from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, inspectCiphertext } from 'lambda-data-masking/kms';
import { LocalKms, type LocalKmsKey } from 'lambda-data-masking/testing';

const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };
const context = { tenant_id: 'tenant-1' };

let kms: LocalKms;
let key: LocalKmsKey;

const maskerFor = (options: { throwOnMissingField?: boolean } = {}): DataMasking =>
  new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [key.arn], kmsClientConfig: kms.clientConfig() }), ...options });

const rejectionOf = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
};

const customer = () => ({
  name: 'Ann Example',
  email: 'ann@example.com',
  ssn: '123-45-6789',
  address: [
    { street: '1 Main St', postcode: 12345 },
    { street: '2 High St', postcode: 11111 },
  ],
  cards: [
    { number: '4111 1111 1111 1111', cvv: 123 },
    { number: '5500 0000 0000 0004', cvv: 456 },
  ],
});

beforeAll(async () => {
  kms = await LocalKms.start();
  key = kms.createKey({ alias: 'alias/data-masking-test' });
});

afterAll(async () => {
  await kms.stop();
});

describe('whole payload', () => {
  it.each([
    ['a negative integer', -1],
    ['a negative float', -1.11],
    ['true', true],
    ['null', null],
    ['a string', 'Hello, World!'],
    ['an empty string', ''],
    ['an array', [1, 'two', { three: 3 }, [4]]],
    ['a nested object', { a: { b: { c: [1, 2, { d: null }] } }, e: false }],
    ['a JSON string, which stays a string', '{"a": 1}'],
  ])('round-trips %s with the default (signing) suite', async (_name, value) => {
    const masker = maskerFor();
    const ciphertext = await masker.encrypt(value, { context });
    expect(typeof ciphertext).toBe('string');
    expect(Buffer.from(ciphertext, 'base64').toString('base64')).toBe(ciphertext);
    await expect(masker.decrypt(ciphertext, { context })).resolves.toEqual(value);
  });

  it('produces a standard ESDK message bound to the context and the key ARN', async () => {
    const ciphertext = await maskerFor().encrypt({ secret: 1 }, { context });
    const info = inspectCiphertext(ciphertext);
    expect(info.encryptionContext).toMatchObject(context);
    expect(info.encryptedDataKeys.map((dataKey) => dataKey.providerInfo)).toContain(key.arn);
  });

  it('demands the exact context and never returns plaintext on a mismatch', async () => {
    const masker = maskerFor();
    const ciphertext = await masker.encrypt('top secret', { context, providerOptions: UNSIGNED });
    const wrongContexts: (Record<string, string> | undefined)[] = [{}, { tenant_id: 'tenant-2' }, { ...context, extra: 'x' }, undefined];
    for (const wrong of wrongContexts) {
      const error = await rejectionOf(masker.decrypt(ciphertext, { context: wrong }));
      expect(error).toBeInstanceOf(DataMaskingContextMismatchError);
      expect(error.message).not.toContain('top secret');
    }
  });

  it('rejects a non-string context value before any KMS call', async () => {
    kms.resetCounters();
    const error = await rejectionOf(maskerFor().encrypt('x', { context: { tenant_id: 7 } as never }));
    expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect(kms.callCount()).toBe(0);
  });

  it('reserves the field-location context key', async () => {
    await expect(maskerFor().encrypt('x', { context: { [FIELD_CONTEXT_KEY]: 'x' } })).rejects.toThrow(DataMaskingInvalidOptionsError);
  });

  it('decrypt of a non-string whole payload is a typed error', async () => {
    await expect(maskerFor().decrypt({ not: 'a ciphertext' } as never)).rejects.toThrow(DataMaskingDecryptValueError);
  });

  it('needs a provider', async () => {
    await expect(new DataMasking().encrypt('x')).rejects.toThrow(DataMaskingInvalidOptionsError);
    await expect(new DataMasking().decrypt('x')).rejects.toThrow(DataMaskingInvalidOptionsError);
  });
});

describe('field-level', () => {
  const fields = ['ssn', 'email', 'cards[*].number', '$.address[?(@.postcode > 12000)].street'];

  it('encrypts each selected value in place, keeps the structure, and decrypts back', async () => {
    const masker = maskerFor();
    const input = customer();
    const encrypted = await masker.encrypt(input, { fields, context });
    expect(input).toEqual(customer());
    expect(encrypted.name).toBe('Ann Example');
    expect(encrypted.cards[0]).toMatchObject({ cvv: 123 });
    expect(encrypted.address[1]).toEqual({ street: '2 High St', postcode: 11111 });
    for (const value of [encrypted.ssn, encrypted.email, (encrypted.cards[0] as { number: string }).number]) {
      expect(typeof value).toBe('string');
      expect(inspectCiphertext(value as string).encryptionContext).toMatchObject(context);
    }
    expect(JSON.stringify(encrypted)).not.toMatch(/123-45-6789|ann@example\.com|4111|1 Main St/);
    const decrypted = await masker.decrypt(encrypted, {
      fields: ['ssn', 'email', 'cards[*].number', 'address[0].street'],
      context,
    });
    expect(decrypted).toEqual(customer());
  });

  it('a filter on a field that stays in clear selects the same locations on decrypt', async () => {
    const masker = maskerFor();
    const path = ['$.address[?(@.postcode > 12000)].street'];
    const encrypted = await masker.encrypt(customer(), { fields: path, context, providerOptions: UNSIGNED });
    expect(encrypted.address[1]).toEqual({ street: '2 High St', postcode: 11111 });
    await expect(masker.decrypt(encrypted, { fields: path, context })).resolves.toEqual(customer());
  });

  it('binds each field ciphertext to its location shape', async () => {
    const encrypted = await maskerFor().encrypt(customer(), { fields: ['cards[*].number'], context });
    const info = inspectCiphertext((encrypted.cards[1] as { number: string }).number);
    expect(info.encryptionContext[FIELD_CONTEXT_KEY]).toBe('$.cards[*].number');
  });

  it('encrypts a selected object or array as one value, restoring it whole', async () => {
    const masker = maskerFor();
    const encrypted = await masker.encrypt(customer(), { fields: ['address', 'cards'], context, providerOptions: UNSIGNED });
    expect(typeof encrypted.address).toBe('string');
    expect(typeof encrypted.cards).toBe('string');
    await expect(masker.decrypt(encrypted, { fields: ['address', 'cards'], context })).resolves.toEqual(customer());
  });

  it('accepts a JSON string and recursive descent, slices and unions', async () => {
    const masker = maskerFor();
    const json = JSON.stringify(customer());
    const encrypted = await masker.encrypt(json, { fields: ['$..number', 'address[0:1].street', "$['ssn','email']"], context });
    expect(await masker.decrypt(encrypted, { fields: ['$..number', 'address[0:1].street', "$['ssn','email']"], context })).toEqual(customer());
  });

  it('a field ciphertext moved to another field fails to decrypt (anti-swap)', async () => {
    const masker = maskerFor();
    const encrypted = (await masker.encrypt(customer(), { fields: ['email', 'ssn'], context })) as Record<string, unknown>;
    const swapped = { ...encrypted, email: encrypted.ssn, ssn: encrypted.email };
    const error = await rejectionOf(masker.decrypt(swapped, { fields: ['email', 'ssn'], context }));
    expect(error).toBeInstanceOf(DataMaskingContextMismatchError);
    expect(error.message).not.toMatch(/123-45-6789|ann@example\.com/);
  });

  it('a field ciphertext cannot be decrypted as a whole payload, nor with another tenant', async () => {
    const masker = maskerFor();
    const encrypted = await masker.encrypt(customer(), { fields: ['ssn'], context });
    await expect(masker.decrypt(encrypted.ssn as string, { context })).rejects.toThrow(DataMaskingContextMismatchError);
    await expect(masker.decrypt(encrypted, { fields: ['ssn'], context: { tenant_id: 'tenant-2' } })).rejects.toThrow(DataMaskingContextMismatchError);
  });

  it('the data-key cache serves every record: KMS calls do not grow with the number of records', async () => {
    const masker = maskerFor();
    const records = Array.from({ length: 50 }, () => customer());
    kms.resetCounters();
    const first = await masker.encrypt(records, { fields: ['[*].ssn', '[*].cards[*].number'], context, providerOptions: UNSIGNED });
    const afterFirst = kms.calls.GenerateDataKey;
    expect(afterFirst).toBeLessThanOrEqual(2); // one per location shape, concurrent misses coalesced
    await masker.encrypt(records, { fields: ['[*].ssn', '[*].cards[*].number'], context, providerOptions: UNSIGNED });
    expect(kms.calls.GenerateDataKey).toBe(afterFirst);
    const decrypted = await masker.decrypt(first, { fields: ['[*].ssn', '[*].cards[*].number'], context });
    expect(decrypted).toEqual(records);
    expect(kms.calls.Decrypt).toBeLessThanOrEqual(2);
  });

  it('a path that selects nothing fails before any KMS call', async () => {
    kms.resetCounters();
    const error = await rejectionOf(maskerFor().encrypt(customer(), { fields: ['ssn', 'passport'], context }));
    expect(error).toBeInstanceOf(DataMaskingFieldNotFoundError);
    expect(error.message).toContain('passport');
    expect(kms.callCount()).toBe(0);
  });

  it('a KMS failure rejects the whole call: no partial output', async () => {
    const masker = maskerFor();
    kms.setKeyState(key.arn, 'Disabled');
    try {
      const error = await rejectionOf(masker.encrypt(customer(), { fields, context }));
      expect(error).toBeInstanceOf(DataMaskingEncryptKeyError);
      expect((error.cause as Error).name).toBe('DisabledException');
    } finally {
      kms.setKeyState(key.arn, 'Enabled');
    }
    await expect(masker.encrypt(customer(), { fields, context })).resolves.toBeDefined();
  });

  it('one tampered field fails the whole decrypt with a typed error', async () => {
    const masker = maskerFor();
    const encrypted = (await masker.encrypt(customer(), { fields: ['email', 'ssn'], context })) as Record<string, unknown>;
    const bytes = Buffer.from(encrypted.ssn as string, 'base64');
    bytes[bytes.length - 40] ^= 1;
    const tampered = { ...encrypted, ssn: bytes.toString('base64') };
    const error = await rejectionOf(masker.decrypt(tampered, { fields: ['email', 'ssn'], context }));
    expect(error).toBeInstanceOf(DataMaskingError);
    expect(error).toBeInstanceOf(DataMaskingDecryptValueError);
  });

  it('decrypting a field that holds no ciphertext string is a typed error', async () => {
    await expect(maskerFor().decrypt(customer(), { fields: ['cards[0].cvv'], context })).rejects.toThrow(DataMaskingDecryptValueError);
  });
});
