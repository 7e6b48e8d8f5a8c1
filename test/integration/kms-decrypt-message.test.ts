/**
 * The in-memory decrypt path (src/providers/kms/decrypt-message.ts) against the REAL AWS
 * Encryption SDK and the real KMS client over HTTP to LocalKms: it returns what the SDK's own
 * stream `decrypt` returns for the SDK's messages (both committing suites, around frame
 * boundaries), and refuses every message the SDK refuses: any flipped bit (header, key
 * commitment, header tag, frame, tag, signature), frames out of order, a truncated message, a
 * non-committing suite. Then through the provider: the same checks before any KMS call.
 */
import { NodeCachingMaterialsManager, getLocalCryptographicMaterialsCache } from '@aws-crypto/caching-materials-manager-node';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy } from '@aws-crypto/material-management-node';
import { KMS } from '@aws-sdk/client-kms';
import { DataMasking, DataMaskingContextMismatchError, DataMaskingDecryptKeyError, DataMaskingDecryptValueError } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { decryptMessage } from '../../src/providers/kms/decrypt-message';
import { parseMessageHeader } from '../../src/providers/kms/message-header';

const POLICY = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;
const { decrypt } = buildDecrypt({ commitmentPolicy: POLICY, maxEncryptedDataKeys: 10 });
const { encrypt } = buildEncrypt(POLICY);
const { encrypt: encryptLegacy } = buildEncrypt(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);

const SUITES = [
  ['unsigned committing (0x0478)', AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY],
  ['signed committing (0x0578)', AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384],
] as const;

const CONTEXT = { tenant_id: 't-1', purpose: 'tests' };

let kms: LocalKms;
let keyArn: string;

const cachingManager = () =>
  new NodeCachingMaterialsManager({
    backingMaterials: new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: () => new KMS(kms.clientConfig()) }),
    cache: getLocalCryptographicMaterialsCache(10),
    maxAge: 60_000,
  });

const inMemory = async (materials: NodeCachingMaterialsManager, message: Buffer) => decryptMessage(materials, message, parseMessageHeader(message), POLICY);

/** Whether a promise rejects (any error). */
const rejects = async (promise: Promise<unknown>): Promise<boolean> =>
  promise.then(
    () => false,
    () => true,
  );

beforeAll(async () => {
  kms = await LocalKms.start();
  keyArn = kms.createKey().arn;
});
afterAll(() => kms.stop());

describe.each(SUITES)('decryptMessage, %s suite', (_name, suiteId) => {
  const frameLength = 16;
  const sizes = [0, 1, frameLength - 1, frameLength, frameLength + 1, 3 * frameLength + 5, 4 * frameLength];

  test.each(sizes)('a %i-byte SDK message gives the plaintext and header the SDK decrypt gives', async (size) => {
    const materials = cachingManager();
    const plaintext = Buffer.from(Array.from({ length: size }, (_, index) => (index * 7) % 251));
    const { result: message } = await encrypt(materials, plaintext, { encryptionContext: CONTEXT, suiteId, frameLength });
    const ours = await inMemory(materials, message);
    const theirs = await decrypt(materials, message);
    expect(ours.plaintext.equals(plaintext)).toBe(true);
    expect(ours.messageHeader).toEqual(theirs.messageHeader);
  });

  it('refuses the message with any one bit flipped, wherever it is, as the SDK does', async () => {
    const materials = cachingManager();
    const { result: message } = await encrypt(materials, Buffer.from('"123-45-6789"'), { encryptionContext: CONTEXT, suiteId, frameLength });
    const header = parseMessageHeader(message);
    const bodyStart = header.headerLength + header.headerAuth.headerAuthLength;
    // every byte of the body, signature and header tag; and a spread of header bytes
    const positions = [...Array.from({ length: message.byteLength - bodyStart + 40 }, (_, index) => bodyStart - 40 + index), 0, 1, 5, 20, 40, 60];
    for (const position of positions) {
      const altered = Buffer.from(message);
      altered[position]! ^= 0x01;
      const sdkRefuses = await rejects(decrypt(materials, altered));
      let oursRefuses: boolean;
      try {
        oursRefuses = await rejects(inMemory(materials, altered));
      } catch {
        oursRefuses = true; // the header no longer parses
      }
      if (!(sdkRefuses && oursRefuses)) throw new Error(`byte ${position}: SDK refuses ${sdkRefuses}, ours refuses ${oursRefuses}`);
    }
  });

  it('refuses frames swapped into another order and a message cut short', async () => {
    const materials = cachingManager();
    const { result: message } = await encrypt(materials, Buffer.alloc(3 * frameLength, 3), { encryptionContext: CONTEXT, suiteId, frameLength });
    const header = parseMessageHeader(message);
    const bodyStart = header.headerLength + header.headerAuth.headerAuthLength;
    const frameSize = 4 + 12 + frameLength + 16; // sequence number, IV, content, tag
    const swapped = Buffer.concat([
      message.subarray(0, bodyStart),
      message.subarray(bodyStart + frameSize, bodyStart + 2 * frameSize),
      message.subarray(bodyStart, bodyStart + frameSize),
      message.subarray(bodyStart + 2 * frameSize),
    ]);
    await expect(inMemory(materials, swapped)).rejects.toThrow(/sequence/i);
    await expect(inMemory(materials, message.subarray(0, bodyStart + frameSize + 10))).rejects.toThrow();
  });
});

describe('AWSEncryptionSDKProvider decrypt (in-memory path for field ciphertexts)', () => {
  it('decrypts field ciphertexts of both suites made by the provider and by the SDK', async () => {
    const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig: kms.clientConfig() }) });
    const data = { a: 'x', b: { c: [1, 2, 3] }, d: 'é€😀'.repeat(50) };
    for (const [, algorithmSuiteId] of SUITES) {
      const masked = await masker.encrypt(data, { fields: ['a', 'b', 'd'], context: CONTEXT, providerOptions: { algorithmSuiteId } });
      await expect(masker.decrypt(masked, { fields: ['a', 'b', 'd'], context: CONTEXT })).resolves.toEqual(data);
      const whole = await masker.encrypt(data, { context: CONTEXT, providerOptions: { algorithmSuiteId } });
      await expect(masker.decrypt(whole, { context: CONTEXT })).resolves.toEqual(data);
    }
  });

  it('decrypts a large whole-payload ciphertext (the stream path) and a small one (in memory) to the same value', async () => {
    const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig: kms.clientConfig() }) });
    const large = { blob: 'z'.repeat(200_000) };
    await expect(masker.decrypt(await masker.encrypt(large))).resolves.toEqual(large);
  });

  it('keeps refusing a wrong context, trailing bytes, too many data keys and a non-committing suite, before any KMS call', async () => {
    const provider = new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig: kms.clientConfig(), maxEncryptedDataKeys: 1 });
    const ciphertext = await provider.encrypt('secret', { context: CONTEXT });
    kms.resetCounters();
    await expect(provider.decrypt(ciphertext, { context: { tenant_id: 't-2', purpose: 'tests' } })).rejects.toThrow(DataMaskingContextMismatchError);
    const trailing = Buffer.concat([Buffer.from(ciphertext, 'base64'), Buffer.from([0])]).toString('base64');
    await expect(provider.decrypt(trailing, { context: CONTEXT })).rejects.toThrow(DataMaskingDecryptValueError);

    const twoKeys = new KmsKeyringNode({ generatorKeyId: keyArn, keyIds: [kms.createKey().arn], clientProvider: () => new KMS(kms.clientConfig()) });
    const { result: twoKeyMessage } = await encrypt(twoKeys, Buffer.from('"x"'), { encryptionContext: CONTEXT });
    const legacy = await encryptLegacy(new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: () => new KMS(kms.clientConfig()) }), Buffer.from('"x"'), {
      encryptionContext: CONTEXT,
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
    });
    kms.resetCounters();
    await expect(provider.decrypt(twoKeyMessage.toString('base64'), { context: CONTEXT })).rejects.toThrow(DataMaskingDecryptValueError);
    await expect(provider.decrypt(legacy.result.toString('base64'), { context: CONTEXT })).rejects.toThrow(DataMaskingDecryptValueError);
    expect(kms.calls.Decrypt).toBe(0);
  });

  it('an altered field ciphertext is refused with a typed error and no plaintext', async () => {
    const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig: kms.clientConfig() }) });
    const masked = await masker.encrypt({ ssn: '123-45-6789' }, { fields: ['ssn'] });
    const bytes = Buffer.from(masked.ssn as string, 'base64');
    bytes[bytes.byteLength - 20]! ^= 0x01;
    const error = await masker.decrypt({ ssn: bytes.toString('base64') }, { fields: ['ssn'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error instanceof DataMaskingDecryptValueError || error instanceof DataMaskingDecryptKeyError).toBe(true);
    expect(String((error as Error).message)).not.toContain('123-45-6789');
  });
});
