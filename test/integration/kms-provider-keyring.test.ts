/**
 * AWSEncryptionSDKProvider with the REAL AWS Encryption SDK and a raw AES keyring (no network):
 * round trips, the ciphertext format, context rules, invalid and tampered input, serializers,
 * per-call options and option validation. The KMS-specific behaviour is in kms-provider-kms.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { CommitmentPolicy } from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import {
  DataMasking,
  DataMaskingContextMismatchError,
  DataMaskingDecryptKeyError,
  DataMaskingDecryptValueError,
  DataMaskingError,
  DataMaskingInvalidOptionsError,
  DataMaskingUnsupportedTypeError,
} from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWS_ENCRYPTION_SDK_PROVIDER_DEFAULTS, AWSEncryptionSDKProvider, inspectCiphertext } from 'lambda-data-masking/kms';

const SECRET = 'S3cr3t-Payload-Value';

const aesKeyring = (material: Uint8Array = new Uint8Array(32).fill(1), keyName = 'key-1') =>
  new RawAesKeyringNode({
    keyName,
    keyNamespace: 'kms-provider-tests',
    unencryptedMasterKey: material,
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });

const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };

/** The rejection of a promise that must reject. */
const rejectionOf = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
};

/** Every message and name in an error's cause chain, to check none holds a secret. */
const errorText = (error: unknown): string => {
  const parts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 10; depth++) {
    if (current instanceof Error) {
      parts.push(current.name, current.message, String(current.stack));
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join('\n');
};

/** Flips one bit of the decoded message at `index`. */
const flipByte = (ciphertext: string, index: number): string => {
  const bytes = Buffer.from(ciphertext, 'base64');
  bytes[index] = bytes[index]! ^ 0x01;
  return bytes.toString('base64');
};

describe('AWSEncryptionSDKProvider with a raw AES keyring', () => {
  const provider = new AWSEncryptionSDKProvider({ keyring: aesKeyring() });

  describe('round trips', () => {
    it.each<[string, unknown]>([
      ['a negative integer', -1],
      ['a negative float', -1.11],
      ['zero', 0],
      ['true', true],
      ['false', false],
      ['null', null],
      ['a string', 'hello'],
      ['an empty string', ''],
      ['unicode and an emoji', 'Zoë 🙂 東京'],
      ['a JSON string (stays a string)', '{"a":1,"b":[true]}'],
      ['an empty array', []],
      ['a mixed array', [1, 'two', null, false, { three: 3 }, [4]]],
      ['an empty object', {}],
      ['a nested object', { id: 1, name: 'John Doe', address: { street: '123 Main St', zip: '12345', geo: [1.5, -2.25] }, tags: [] }],
    ])('%s comes back equal, with the same JSON type', async (_label, value) => {
      const ciphertext = await provider.encrypt(value);
      expect(typeof ciphertext).toBe('string');
      const decrypted = await provider.decrypt(ciphertext);
      expect(decrypted).toStrictEqual(value);
    });

    it('keeps a JSON string a string instead of parsing it', async () => {
      const decrypted = await provider.decrypt(await provider.encrypt('{"a":1}'));
      expect(decrypted).toBe('{"a":1}');
    });

    it('round trips a payload larger than several frames', async () => {
      const value = { blob: 'x'.repeat(20_000), list: Array.from({ length: 500 }, (_, i) => i) };
      const ciphertext = await provider.encrypt(value, { providerOptions: { frameLength: 512 } });
      expect(inspectCiphertext(ciphertext).frameLength).toBe(512);
      expect(await provider.decrypt(ciphertext)).toStrictEqual(value);
    });

    it('produces standard padded base64 of an ESDK message, and a fresh message each time', async () => {
      const first = await provider.encrypt({ a: SECRET });
      const second = await provider.encrypt({ a: SECRET });
      expect(first).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(first.length % 4).toBe(0);
      expect(first).not.toBe(second);
      expect(Buffer.from(first, 'base64').toString('latin1')).not.toContain(SECRET);
      expect(Buffer.from(first, 'base64')[0]).toBe(2); // message format version 2 (committing)
    });

    it('uses the ESDK default suite (committing, ECDSA P-384) unless told otherwise', async () => {
      const info = inspectCiphertext(await provider.encrypt(1));
      expect(info.algorithmSuiteName).toBe('ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384');
      expect(info.signed).toBe(true);
    });

    it('encrypts with the non-signing committing suite when providerOptions ask for it', async () => {
      const ciphertext = await provider.encrypt({ a: 1 }, { providerOptions: UNSIGNED, context: { k: 'v' } });
      const info = inspectCiphertext(ciphertext);
      expect(info.algorithmSuiteId).toBe(0x0478);
      expect(info.signed).toBe(false);
      expect(info.encryptionContext).toEqual({ k: 'v' }); // no aws-crypto-public-key without signing
      expect(await provider.decrypt(ciphertext, { context: { k: 'v' }, providerOptions: UNSIGNED })).toEqual({ a: 1 });
    });

    it('works behind DataMasking, whole payload and per field', async () => {
      const masker = new DataMasking({ provider });
      const data = { name: 'Ann', card: { number: '4111111111111111', cvv: 123 } };
      const context = { tenant: 't-1' };
      const whole = await masker.encrypt(data, { context });
      expect(await masker.decrypt(whole, { context })).toEqual(data);
      const fields = await masker.encrypt(data, { fields: ['card.number', 'card.cvv'], context });
      expect(fields.name).toBe('Ann');
      expect(typeof (fields.card as Record<string, unknown>).number).toBe('string');
      expect(await masker.decrypt(fields, { fields: ['card.number', 'card.cvv'], context })).toEqual(data);
    });
  });

  describe('encryption context', () => {
    const context = { tenant_id: 'a06bf973', data_type: 'customer-data', data_classification: 'confidential' };
    let ciphertext: string;
    beforeAll(async () => {
      ciphertext = await provider.encrypt({ secret: SECRET }, { context });
    });

    it('decrypts with the exact same context, in any key order', async () => {
      const reordered = { data_classification: 'confidential', tenant_id: 'a06bf973', data_type: 'customer-data' };
      expect(await provider.decrypt(ciphertext, { context: reordered })).toEqual({ secret: SECRET });
    });

    it.each<[string, Record<string, string> | undefined, RegExp]>([
      ['a subset', { tenant_id: 'a06bf973', data_type: 'customer-data' }, /not given to decrypt: 'data_classification'/],
      ['a superset', { ...context, extra: 'x' }, /missing from the ciphertext: 'extra'/],
      ['a different value', { ...context, tenant_id: 'another-tenant' }, /different value for: 'tenant_id'/],
      ['no context at all', undefined, /not given to decrypt/],
      ['an empty context', {}, /not given to decrypt/],
    ])('refuses %s with DataMaskingContextMismatchError, naming keys but no value', async (_label, given, message) => {
      const error = await rejectionOf(provider.decrypt(ciphertext, { context: given }));
      expect(error).toBeInstanceOf(DataMaskingContextMismatchError);
      expect(error.message).toMatch(message);
      for (const value of [...Object.values(context), 'another-tenant', SECRET]) {
        expect(errorText(error)).not.toContain(value);
      }
    });

    it('refuses a context given only to decrypt', async () => {
      const bare = await provider.encrypt({ secret: SECRET });
      const error = await rejectionOf(provider.decrypt(bare, { context: { tenant_id: 'a06bf973' } }));
      expect(error).toBeInstanceOf(DataMaskingContextMismatchError);
      expect(error.message).toContain("'tenant_id'");
      expect(error.message).not.toContain('a06bf973');
    });

    it.each<[string, unknown]>([
      ['a number', 1],
      ['a boolean', true],
      ['null', null],
      ['an object', { nested: 'x' }],
      ['an array', ['x']],
    ])('refuses %s as a context value with DataMaskingUnsupportedTypeError, on encrypt and decrypt', async (_label, value) => {
      const bad = { tenant_id: value } as unknown as Record<string, string>;
      await expect(provider.encrypt({ a: 1 }, { context: bad })).rejects.toThrow(DataMaskingUnsupportedTypeError);
      await expect(provider.decrypt(ciphertext, { context: bad })).rejects.toThrow(DataMaskingUnsupportedTypeError);
    });

    it('refuses a context that is not an object, and the SDK-reserved aws-crypto- keys', async () => {
      await expect(provider.encrypt(1, { context: 'tenant' as unknown as Record<string, string> })).rejects.toThrow(DataMaskingUnsupportedTypeError);
      await expect(provider.encrypt(1, { context: { 'aws-crypto-public-key': 'x' } })).rejects.toThrow(DataMaskingInvalidOptionsError);
    });

    it('ignores the SDK-added aws-crypto-public-key when comparing (signing suite)', async () => {
      expect(inspectCiphertext(ciphertext).encryptionContext).toHaveProperty('aws-crypto-public-key');
      await expect(provider.decrypt(ciphertext, { context })).resolves.toEqual({ secret: SECRET });
    });
  });

  describe('invalid, truncated and tampered ciphertexts', () => {
    let ciphertext: string;
    let unsigned: string;
    beforeAll(async () => {
      ciphertext = await provider.encrypt({ secret: SECRET, padding: 'p'.repeat(300) }, { context: { k: 'v' } });
      unsigned = await provider.encrypt({ secret: SECRET }, { context: { k: 'v' }, providerOptions: UNSIGNED });
    });

    it.each<[string, () => string]>([
      ['not base64', () => 'this is not a ciphertext'],
      ['URL-safe base64', () => ciphertext.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')],
      ['an empty string', () => ''],
      ['base64 of JSON, not an ESDK message', () => Buffer.from(JSON.stringify({ secret: SECRET })).toString('base64')],
      ['cut inside the header', () => Buffer.from(ciphertext, 'base64').subarray(0, 40).toString('base64')],
      [
        'cut inside the body',
        () =>
          Buffer.from(ciphertext, 'base64')
            .subarray(0, Buffer.from(ciphertext, 'base64').length - 120)
            .toString('base64'),
      ],
      [
        'missing its signature footer',
        () =>
          Buffer.from(ciphertext, 'base64')
            .subarray(0, Buffer.from(ciphertext, 'base64').length - 50)
            .toString('base64'),
      ],
      ['with a body byte flipped', () => flipByte(ciphertext, Buffer.from(ciphertext, 'base64').length - 150)],
      ['with its last byte flipped (signature)', () => flipByte(ciphertext, Buffer.from(ciphertext, 'base64').length - 1)],
      ['with a byte of an unsigned message flipped', () => flipByte(unsigned, Buffer.from(unsigned, 'base64').length - 5)],
      ['with trailing bytes appended', () => Buffer.concat([Buffer.from(ciphertext, 'base64'), Buffer.from([0, 1, 2])]).toString('base64')],
    ])('refuses a ciphertext %s with DataMaskingDecryptValueError', async (_label, make) => {
      const error = await rejectionOf(provider.decrypt(make(), { context: { k: 'v' } }));
      expect(error).toBeInstanceOf(DataMaskingDecryptValueError);
      expect(errorText(error)).not.toContain(SECRET);
    });

    it('refuses a message made with a non-committing suite (format 1), which the commitment policy forbids', async () => {
      const { encrypt } = buildEncrypt(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
      const { result } = await encrypt(aesKeyring(), JSON.stringify(SECRET), {
        suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
      });
      const legacy = result.toString('base64');
      expect(inspectCiphertext(legacy).version).toBe(1);
      const error = await rejectionOf(provider.decrypt(legacy));
      expect(error).toBeInstanceOf(DataMaskingDecryptValueError);
      expect(error.message).toContain('non-committing');
    });

    it.each<[string, unknown]>([
      ['a number', 42],
      ['null', null],
      ['undefined', undefined],
      ['an object', { ciphertext: 'x' }],
      ['a Buffer', Buffer.from('AgV4')],
    ])('refuses %s instead of a ciphertext string with DataMaskingDecryptValueError', async (_label, value) => {
      await expect(provider.decrypt(value as string)).rejects.toThrow(DataMaskingDecryptValueError);
    });

    it('never returns plaintext, whatever single bit of the message is flipped', async () => {
      const length = Buffer.from(unsigned, 'base64').length;
      const positions = Array.from({ length: 60 }, (_, i) => Math.floor((i * length) / 60));
      for (const position of positions) {
        const outcome = await provider.decrypt(flipByte(unsigned, position), { context: { k: 'v' } }).then(
          () => 'decrypted',
          (error: unknown) => error,
        );
        expect(outcome).toBeInstanceOf(DataMaskingError);
        expect(errorText(outcome)).not.toContain(SECRET);
      }
    });
  });

  describe('keys', () => {
    it('refuses a message made under another wrapping key with DataMaskingDecryptKeyError', async () => {
      const ciphertext = await provider.encrypt({ secret: SECRET });
      const otherMaterial = new AWSEncryptionSDKProvider({ keyring: aesKeyring(randomBytes(32)) });
      const otherName = new AWSEncryptionSDKProvider({ keyring: aesKeyring(new Uint8Array(32).fill(1), 'key-2') });
      for (const other of [otherMaterial, otherName]) {
        const error = await rejectionOf(other.decrypt(ciphertext));
        expect(error).toBeInstanceOf(DataMaskingDecryptKeyError);
        expect(errorText(error)).not.toContain(SECRET);
      }
    });

    it('decrypts with another provider instance built on the same key (no shared cache needed)', async () => {
      const ciphertext = await provider.encrypt([SECRET]);
      const twin = new AWSEncryptionSDKProvider({ keyring: aesKeyring() });
      expect(await twin.decrypt(ciphertext)).toEqual([SECRET]);
    });
  });

  describe('serializers', () => {
    it('uses a custom jsonSerializer and jsonDeserializer', async () => {
      const serialized: unknown[] = [];
      const custom = new AWSEncryptionSDKProvider({
        keyring: aesKeyring(),
        jsonSerializer: (value) => {
          serialized.push(value);
          return `v1:${JSON.stringify(value)}`;
        },
        jsonDeserializer: (text) => {
          expect(text.startsWith('v1:')).toBe(true);
          return { restored: JSON.parse(text.slice(3)) };
        },
      });
      const ciphertext = await custom.encrypt({ a: 1 });
      expect(serialized).toEqual([{ a: 1 }]);
      expect(await custom.decrypt(ciphertext)).toEqual({ restored: { a: 1 } });
      // The default deserializer (JSON.parse) rejects the 'v1:' prefix: a value error, and the
      // plaintext (which JSON.parse would quote) is not kept anywhere in the error.
      const error = await rejectionOf(provider.decrypt(await custom.encrypt({ secret: SECRET })));
      expect(error).toBeInstanceOf(DataMaskingDecryptValueError);
      expect(errorText(error)).not.toContain(SECRET);
      expect(error.cause).toBeUndefined();
    });

    it.each<[string, unknown]>([
      ['undefined', undefined],
      ['a function', () => SECRET],
      ['a symbol', Symbol('s')],
      ['a BigInt', { n: 10n }],
    ])('refuses %s, which JSON cannot represent, with DataMaskingUnsupportedTypeError', async (_label, value) => {
      const error = await rejectionOf(provider.encrypt(value));
      expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
      expect(errorText(error)).not.toContain(SECRET);
    });

    it('refuses a circular structure, and a serializer that throws, without quoting the value', async () => {
      const circular: Record<string, unknown> = { secret: SECRET };
      circular.self = circular;
      await expect(provider.encrypt(circular)).rejects.toThrow(DataMaskingUnsupportedTypeError);
      const throwing = new AWSEncryptionSDKProvider({
        keyring: aesKeyring(),
        jsonSerializer: (value) => {
          throw new Error(`cannot serialize ${JSON.stringify(value)}`);
        },
      });
      const error = await rejectionOf(throwing.encrypt({ secret: SECRET }));
      expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
      expect(errorText(error)).not.toContain(SECRET);
    });
  });

  describe('providerOptions', () => {
    it.each<[string, Record<string, unknown>]>([
      ['a non-committing suite', { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA256 }],
      ['an unknown suite id', { algorithmSuiteId: 0x9999 }],
      ['a suite name instead of its id', { algorithmSuiteId: 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY' }],
      ['a zero frame length', { frameLength: 0 }],
      ['a fractional frame length', { frameLength: 10.5 }],
      ['a misspelt option', { algorithm: 0x0478 }],
    ])('refuses %s with DataMaskingInvalidOptionsError', async (_label, providerOptions) => {
      await expect(provider.encrypt(1, { providerOptions })).rejects.toThrow(DataMaskingInvalidOptionsError);
    });
  });

  describe('construction', () => {
    const arn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

    it('documents its defaults (Python Powertools parity)', () => {
      expect(AWS_ENCRYPTION_SDK_PROVIDER_DEFAULTS).toEqual({
        localCacheCapacity: 100,
        maxCacheAgeSeconds: 300,
        maxMessagesEncrypted: 2 ** 32,
        maxBytesEncrypted: Number.MAX_SAFE_INTEGER,
        maxEncryptedDataKeys: 10,
      });
    });

    it.each<[string, unknown, RegExp]>([
      ['an alias name', { keys: ['alias/my-key'] }, /alias.*can never decrypt/],
      ['an alias ARN', { keys: ['arn:aws:kms:us-east-1:111122223333:alias/my-key'] }, /alias.*can never decrypt/],
      ['a bare key id', { keys: ['1234abcd-12ab-34cd-56ef-1234567890ab'] }, /bare key id/],
      ['a non-KMS ARN', { keys: ['arn:aws:s3:::bucket'] }, /not a KMS key ARN/],
      ['a valid key then an alias', { keys: [arn, 'alias/second'] }, /keys\[1\].*alias/],
      ['the same key twice', { keys: [arn, arn] }, /repeats/],
      ['an empty key list', { keys: [] }, /non-empty/],
      ['neither keys nor keyring', {}, /needs keys/],
      ['keys and a keyring', { keys: [arn], keyring: aesKeyring() }, /not both/],
      ['a keyring with a KMS client configuration', { keyring: aesKeyring(), kmsClientConfig: { region: 'us-east-1' } }, /keys only/],
      ['something that is not a keyring', { keyring: { name: 'x' } }, /keyring must be/],
      ['a zero cache age', { keyring: aesKeyring(), maxCacheAgeSeconds: 0 }, /maxCacheAgeSeconds/],
      ['a fractional cache capacity', { keyring: aesKeyring(), localCacheCapacity: 1.5 }, /localCacheCapacity/],
      ['too many messages per key', { keyring: aesKeyring(), maxMessagesEncrypted: 2 ** 32 + 1 }, /maxMessagesEncrypted/],
      ['a negative byte limit', { keyring: aesKeyring(), maxBytesEncrypted: -1 }, /maxBytesEncrypted/],
      ['a serializer that is not a function', { keyring: aesKeyring(), jsonSerializer: 'JSON' }, /functions/],
    ])('refuses %s with DataMaskingInvalidOptionsError', (_label, options, message) => {
      let thrown: unknown;
      try {
        new AWSEncryptionSDKProvider(options as ConstructorParameters<typeof AWSEncryptionSDKProvider>[0]);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DataMaskingInvalidOptionsError);
      expect((thrown as Error).message).toMatch(message);
    });

    it('accepts key ARNs of other partitions and multi-Region keys', () => {
      for (const key of [
        'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab',
      ]) {
        expect(() => new AWSEncryptionSDKProvider({ keys: [key], kmsClientConfig: { region: 'us-east-1' } })).not.toThrow();
      }
    });
  });
});
