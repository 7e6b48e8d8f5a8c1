/**
 * What a hostile ciphertext can make decrypt do, and what encrypt refuses to lose (issue 9,
 * items 7, 8 and 9): a bounded number of KMS calls, no bytes after the end of a message, any
 * size, strict UTF-8, and no JSON-less value encrypted as `{}`. Real ESDK, real KMS client,
 * LocalKms over HTTP; crafted messages are made with the real ESDK and a hostile keyring.
 */
import { randomBytes } from 'node:crypto';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import {
  CommitmentPolicy,
  EncryptedDataKey,
  KeyringNode,
  KeyringTraceFlag,
  type NodeDecryptionMaterial,
  type NodeEncryptionMaterial,
} from '@aws-crypto/material-management-node';
import { KMS } from '@aws-sdk/client-kms';
import {
  DataMasking,
  DataMaskingDecryptValueError,
  DataMaskingError,
  DataMaskingInvalidOptionsError,
  DataMaskingUnsupportedTypeError,
} from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, inspectCiphertext } from 'lambda-data-masking/kms';
import { LocalKms, type LocalKmsKey } from 'lambda-data-masking/testing';

const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };
const context = { tenant_id: 'tenant-1' };

let kms: LocalKms;
let key: LocalKmsKey;

const providerFor = (options: { maxEncryptedDataKeys?: number } = {}): AWSEncryptionSDKProvider =>
  new AWSEncryptionSDKProvider({ keys: [key.arn], kmsClientConfig: kms.clientConfig(), ...options });
const maskerFor = (options: { maxEncryptedDataKeys?: number } = {}): DataMasking => new DataMasking({ provider: providerFor(options) });

beforeAll(async () => {
  kms = await LocalKms.start();
  key = kms.createKey();
});
afterAll(async () => kms.stop());
beforeEach(() => kms.resetCounters());

/**
 * A hostile keyring: generates the data key itself and lists `count` bogus copies "wrapped" by
 * the victim's KMS key, which a KMS keyring configured with that key would each try to unwrap.
 */
class ManyDataKeysKeyring extends KeyringNode {
  public constructor(
    private readonly keyArn: string,
    private readonly count: number,
    private readonly providerInfo: string = keyArn,
  ) {
    super();
  }

  public override async _onEncrypt(material: NodeEncryptionMaterial): Promise<NodeEncryptionMaterial> {
    const dataKey = randomBytes(material.suite.keyLengthBytes);
    material.setUnencryptedDataKey(dataKey, { keyNamespace: 'aws-kms', keyName: this.keyArn, flags: KeyringTraceFlag.WRAPPING_KEY_GENERATED_DATA_KEY });
    for (let index = 0; index < this.count; index++) {
      const edk = new EncryptedDataKey({ providerId: 'aws-kms', providerInfo: this.providerInfo, encryptedDataKey: randomBytes(64) });
      material.addEncryptedDataKey(edk, KeyringTraceFlag.WRAPPING_KEY_ENCRYPTED_DATA_KEY);
    }
    return material;
  }

  public override async _onDecrypt(material: NodeDecryptionMaterial): Promise<NodeDecryptionMaterial> {
    return material;
  }
}

const craft = async (keyring: KeyringNode, plaintext: Uint8Array, encryptionContext: Record<string, string> = context): Promise<string> => {
  const { encrypt } = buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const { result } = await encrypt(keyring, plaintext, { encryptionContext, suiteId: UNSIGNED.algorithmSuiteId });
  return result.toString('base64');
};

describe('maxEncryptedDataKeys', () => {
  it('a message listing 1,000 data keys is refused before any KMS call (default 10)', async () => {
    const ciphertext = await craft(new ManyDataKeysKeyring(key.arn, 1000), Buffer.from('"x"'));
    expect(inspectCiphertext(ciphertext).encryptedDataKeys).toHaveLength(1000);
    const error = await maskerFor()
      .decrypt(ciphertext, { context })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataMaskingDecryptValueError);
    expect((error as Error).message).toContain('1000 encrypted data keys, more than maxEncryptedDataKeys (10)');
    expect(kms.callCount('Decrypt')).toBe(0);
  });

  it('without the bound the same message costs one KMS call per listed key (what the bound prevents)', async () => {
    const ciphertext = await craft(new ManyDataKeysKeyring(key.arn, 50), Buffer.from('"x"'));
    await expect(maskerFor({ maxEncryptedDataKeys: 50 }).decrypt(ciphertext, { context })).rejects.toThrow();
    expect(kms.callCount('Decrypt')).toBe(50);
  });

  it('is validated, and a provider with more keys than it allows is refused when built', () => {
    expect(() => providerFor({ maxEncryptedDataKeys: 0 })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => providerFor({ maxEncryptedDataKeys: 1.5 })).toThrow(DataMaskingInvalidOptionsError);
    const second = kms.createKey();
    expect(() => new AWSEncryptionSDKProvider({ keys: [key.arn, second.arn], kmsClientConfig: kms.clientConfig(), maxEncryptedDataKeys: 1 })).toThrow(
      DataMaskingInvalidOptionsError,
    );
  });
});

describe('strings from a hostile header in error messages', () => {
  const hostile = (tag: string): string => `${tag}\n\u2028\u0000${'x'.repeat(20_000)}`;

  it('key names are escaped and cut: one short line', async () => {
    const ciphertext = await craft(new ManyDataKeysKeyring(key.arn, 8, hostile('arn')), Buffer.from('"x"'));
    const error = (await maskerFor()
      .decrypt(ciphertext, { context })
      .catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(DataMaskingError);
    expect(error.message).toContain('\\n');
    expect(error.message).not.toMatch(/[\n\r\u2028\u0000]/);
    expect(error.message.length).toBeLessThan(1500);
  });

  it('context keys are escaped and cut, and only a few are listed', async () => {
    const keyring = new KmsKeyringNode({ generatorKeyId: key.arn, clientProvider: () => new KMS(kms.clientConfig()) });
    const encryptionContext = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [hostile(`k${index}`).slice(0, 1500), 'v']));
    const ciphertext = await craft(keyring, Buffer.from('"x"'), encryptionContext);
    const error = (await maskerFor()
      .decrypt(ciphertext, { context })
      .catch((caught: unknown) => caught)) as Error;
    expect(error.name).toBe('DataMaskingContextMismatchError');
    expect(error.message).not.toMatch(/[\n\r\u2028\u0000]/);
    expect(error.message).toContain('and 25 more');
    expect(error.message.length).toBeLessThan(1500);
  });
});

describe('the end of a message', () => {
  it.each([
    ['the default signing suite', undefined],
    ['the non-signing suite', UNSIGNED],
  ])('%s: bytes after the end are refused, before any KMS call', async (_name, providerOptions) => {
    const masker = maskerFor();
    const ciphertext = await masker.encrypt({ a: 1 }, { context, providerOptions });
    kms.resetCounters();
    for (const extra of [Buffer.from([0]), Buffer.from('trailing data')]) {
      const longer = Buffer.concat([Buffer.from(ciphertext, 'base64'), extra]).toString('base64');
      const error = await masker.decrypt(longer, { context }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DataMaskingDecryptValueError);
      expect((error as Error).message).toContain(`${extra.length} bytes after the end of the message`);
    }
    const shorter = Buffer.from(ciphertext, 'base64').subarray(0, -1).toString('base64');
    await expect(masker.decrypt(shorter, { context })).rejects.toThrow(DataMaskingDecryptValueError);
    expect(kms.callCount()).toBe(0);
    await expect(masker.decrypt(ciphertext, { context })).resolves.toEqual({ a: 1 });
  });
});

describe('size', () => {
  it.each([
    ['3.4 MB', 3.4e6, 4096],
    // 1 MiB frames keep the test's time reasonable; the size limit that was hit was the base64 check's.
    ['50 MB', 50e6, 2 ** 20],
  ])(
    'a %s payload round-trips, and inspectCiphertext reads its header',
    async (_name, size, frameLength) => {
      const masker = maskerFor();
      const payload = { blob: 'x'.repeat(size) };
      const ciphertext = await masker.encrypt(payload, { context, providerOptions: { ...UNSIGNED, frameLength } });
      expect(inspectCiphertext(ciphertext).messageLength).toBeGreaterThan(size);
      const back = (await masker.decrypt(ciphertext, { context })) as { blob: string };
      expect(back.blob.length).toBe(size);
    },
    120_000,
  );

  it.each([
    ['base64 letters', (size: number) => 'A'.repeat(size)],
    ['not base64', (size: number) => '!'.repeat(size)],
    ['a length that is not a multiple of 4', (size: number) => 'A'.repeat(size + 1)],
    ['padding inside', (size: number) => `${'A'.repeat(size / 2)}==${'A'.repeat(size / 2 - 2)}`],
  ])(
    'junk of 5 MB and 60 MB (%s) is DataMaskingDecryptValueError, from decrypt and inspectCiphertext',
    async (_name, junk) => {
      const masker = maskerFor();
      for (const size of [5e6, 60e6]) {
        const text = junk(size);
        await expect(masker.decrypt(text, { context })).rejects.toThrow(DataMaskingDecryptValueError);
        expect(() => inspectCiphertext(text)).toThrow(DataMaskingDecryptValueError);
      }
      expect(kms.callCount()).toBe(0);
    },
    60_000,
  );
});

describe('nothing lost silently', () => {
  it.each([
    ['a Map', () => new Map([['a', 1]])],
    ['a Set', () => new Set([1])],
    ['a BigInt', () => 1n],
    ['a function', () => () => 1],
    ['a typed array', () => new Uint8Array([1])],
  ])('%s, nested, is refused by encrypt (whole payload and field-level) before any KMS call', async (_name, make) => {
    const masker = maskerFor();
    await expect(masker.encrypt({ ok: 1, deep: { inside: [make()] } }, { context })).rejects.toThrow(DataMaskingUnsupportedTypeError);
    await expect(masker.encrypt({ ok: 1, deep: { inside: [make()] } }, { fields: ['deep'], context })).rejects.toThrow(DataMaskingUnsupportedTypeError);
    expect(kms.callCount()).toBe(0);
  });

  it('a context key or value holding a lone surrogate is refused at encrypt and decrypt', async () => {
    const masker = maskerFor();
    await expect(masker.encrypt('x', { context: { tenant: 'a\ud800' } })).rejects.toThrow(DataMaskingUnsupportedTypeError);
    await expect(masker.encrypt('x', { context: { '\udc00k': 'v' } })).rejects.toThrow(DataMaskingUnsupportedTypeError);
    await expect(providerFor().encrypt('x', { context: { tenant: 'a\ud800' } })).rejects.toThrow(DataMaskingUnsupportedTypeError);
    const ciphertext = await masker.encrypt('x', { context: { tenant: 'a\ud800\udc00' } });
    await expect(masker.decrypt(ciphertext, { context: { tenant: 'a\ud800\udc00' } })).resolves.toBe('x');
    await expect(masker.decrypt(ciphertext, { context: { tenant: 'a\ud800' } })).rejects.toThrow(DataMaskingUnsupportedTypeError);
    expect(kms.callCount('Decrypt')).toBe(1);
  });

  it('a plaintext that is not valid UTF-8 is DataMaskingDecryptValueError, not text with U+FFFD', async () => {
    const keyring = new KmsKeyringNode({ generatorKeyId: key.arn, clientProvider: () => new KMS(kms.clientConfig()) });
    const ciphertext = await craft(keyring, Buffer.from([0x22, 0xff, 0xfe, 0x22])); // "\xff\xfe"
    const error = await maskerFor()
      .decrypt(ciphertext, { context })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataMaskingDecryptValueError);
    expect((error as Error).message).toContain('not valid UTF-8');
  });
});
