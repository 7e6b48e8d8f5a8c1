/**
 * Raw AES keyrings interoperate with Python and the other Encryption SDKs whatever the case of
 * the context keys (issue 9, item 11). The other side is played by the specification itself:
 * each wrapped data key is unwrapped here by hand (node:crypto), with the encryption context
 * serialized as the spec says (pairs sorted by the UTF-8 bytes of their keys).
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { DataMasking, DataMaskingDecryptKeyError, DataMaskingInvalidOptionsError } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, inspectCiphertext, rawAesKeyring } from 'lambda-data-masking/kms';

const wrappingKey = randomBytes(32);
const naming = { keyNamespace: 'my-company', keyName: 'data-masking-2025' };
/** Mixed case: byte order puts `Tenant` before `app`, localeCompare after. */
const context = { Tenant: 't-1', app: 'shop', Region: 'eu' };
const SIGNED = undefined;
const UNSIGNED = { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY };

const u16 = (value: number): Buffer => Buffer.from([value >> 8, value & 0xff]);

/** The spec's serialization of an encryption context: count, then pairs sorted by UTF-8 key bytes. */
const specAad = (encryptionContext: Record<string, string>): Buffer => {
  const pairs = Object.entries(encryptionContext)
    .map(([key, value]) => [Buffer.from(key, 'utf8'), Buffer.from(value, 'utf8')] as const)
    .sort(([a], [b]) => Buffer.compare(a, b));
  return Buffer.concat([u16(pairs.length), ...pairs.flatMap(([key, value]) => [u16(key.length), key, u16(value.length), value])]);
};

/** Unwraps the message's raw AES data key as any spec-conformant SDK would; false when it cannot. */
const specUnwraps = (ciphertext: string): boolean => {
  const message = Buffer.from(ciphertext, 'base64');
  const info = inspectCiphertext(ciphertext);
  // The EDK's provider info holds binary (tag length, IV length, IV): read it from the bytes.
  const name = Buffer.from(naming.keyName, 'utf8');
  const at = message.indexOf(Buffer.concat([u16(name.length + 20), name]));
  const iv = message.subarray(at + 2 + name.length + 8, at + 2 + name.length + 20);
  const edkLength = message.readUInt16BE(at + 2 + name.length + 20);
  const edk = message.subarray(at + 2 + name.length + 22, at + 2 + name.length + 22 + edkLength);
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey, iv);
  decipher.setAAD(specAad(info.encryptionContext));
  decipher.setAuthTag(edk.subarray(edk.length - 16));
  try {
    decipher.update(edk.subarray(0, edk.length - 16));
    decipher.final();
    return true;
  } catch {
    return false;
  }
};

const legacyKeyring = (): RawAesKeyringNode =>
  new RawAesKeyringNode({
    ...naming,
    unencryptedMasterKey: new Uint8Array(wrappingKey),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });

const maskerWith = (options: ConstructorParameters<typeof AWSEncryptionSDKProvider>[0]): DataMasking =>
  new DataMasking({ provider: new AWSEncryptionSDKProvider(options) });

describe('rawAesKeyring', () => {
  it.each([
    ['signed (the default suite, whose public key joins the context)', SIGNED],
    ['unsigned', UNSIGNED],
  ])('%s: messages with mixed-case context keys unwrap by the specification', async (_name, providerOptions) => {
    const masker = maskerWith({ keyring: rawAesKeyring({ ...naming, wrappingKey }) });
    const whole = await masker.encrypt({ a: 1 }, { context, providerOptions });
    expect(specUnwraps(whole)).toBe(true);
    const fields = (await masker.encrypt({ ssn: '1' }, { fields: ['ssn'], context, providerOptions })) as { ssn: string };
    expect(specUnwraps(fields.ssn)).toBe(true);
    await expect(masker.decrypt(whole, { context })).resolves.toEqual({ a: 1 });
  });

  it('the SDK keyring built without utf8Sorting does not (what the helper fixes)', async () => {
    const masker = maskerWith({ keyring: legacyKeyring() });
    expect(specUnwraps(await masker.encrypt({ a: 1 }, { context, providerOptions: UNSIGNED }))).toBe(false);
    // Lower-case keys only: both orderings agree.
    expect(specUnwraps(await masker.encrypt({ a: 1 }, { context: { app: 'shop', tenant: 't' }, providerOptions: UNSIGNED }))).toBe(true);
  });

  it('reads messages of a spec-conformant SDK, and readLegacyOrdering also reads the old ordering', async () => {
    const legacy = await maskerWith({ keyring: legacyKeyring() }).encrypt({ a: 1 }, { context });
    const strict = maskerWith({ keyring: rawAesKeyring({ ...naming, wrappingKey }) });
    await expect(strict.decrypt(legacy, { context })).rejects.toThrow(DataMaskingDecryptKeyError);
    const migrating = maskerWith({ keyring: rawAesKeyring({ ...naming, wrappingKey, readLegacyOrdering: true }) });
    await expect(migrating.decrypt(legacy, { context })).resolves.toEqual({ a: 1 });
    const written = await migrating.encrypt({ b: 2 }, { context });
    expect(inspectCiphertext(written).encryptedDataKeys).toHaveLength(1);
    expect(specUnwraps(written)).toBe(true);
    await expect(strict.decrypt(written, { context })).resolves.toEqual({ b: 2 });
  });

  it('validates its options', () => {
    expect(() => rawAesKeyring({ ...naming, wrappingKey: randomBytes(31) })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => rawAesKeyring({ ...naming, keyName: '', wrappingKey })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => rawAesKeyring({ ...naming, wrappingKey: 'key' as unknown as Uint8Array })).toThrow(DataMaskingInvalidOptionsError);
  });
});
