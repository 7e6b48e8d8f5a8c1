/**
 * The in-memory encrypt path (src/providers/kms/encrypt-message.ts) against the REAL AWS
 * Encryption SDK and the real KMS client over HTTP to LocalKms: every message it writes is a
 * standard ESDK message that the SDK's own decrypt accepts (both committing suites, around frame
 * boundaries), laid out exactly as the SDK's stream writes it, and counted by the caching
 * materials manager exactly as the SDK's encrypt is counted.
 */
import { NodeCachingMaterialsManager, getLocalCryptographicMaterialsCache } from '@aws-crypto/caching-materials-manager-node';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy, NodeAlgorithmSuite } from '@aws-crypto/material-management-node';
import { deserializeFactory } from '@aws-crypto/serialize';
import { KMS } from '@aws-sdk/client-kms';
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { MAX_IN_MEMORY_PLAINTEXT, encryptMessage } from '../../src/providers/kms/encrypt-message';

const POLICY = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;
const { decrypt } = buildDecrypt(POLICY);
const { encrypt } = buildEncrypt(POLICY);
const { deserializeMessageHeader } = deserializeFactory((bytes) => Buffer.from(bytes).toString('utf8'), NodeAlgorithmSuite);

const SUITES = [
  ['unsigned committing (0x0478)', AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY],
  ['signed committing (0x0578)', AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384],
] as const;

const CONTEXT = { tenant_id: 't-1', purpose: 'tests' };

let kms: LocalKms;
let keyArn: string;

const cachingManager = (maxMessagesEncrypted = 2 ** 32) =>
  new NodeCachingMaterialsManager({
    backingMaterials: new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: () => new KMS(kms.clientConfig()) }),
    cache: getLocalCryptographicMaterialsCache(10),
    maxAge: 60_000,
    maxMessagesEncrypted,
  });

beforeAll(async () => {
  kms = await LocalKms.start();
  keyArn = kms.createKey().arn;
});
afterAll(() => kms.stop());

describe.each(SUITES)('encryptMessage, %s suite', (_name, suiteId) => {
  const frameLength = 16;
  // Empty, inside one frame, exactly one frame (full frame + empty final frame), just over,
  // several frames, several frames exactly.
  const sizes = [0, 1, frameLength - 1, frameLength, frameLength + 1, 3 * frameLength + 5, 4 * frameLength];

  test.each(sizes)('a %i-byte plaintext decrypts with the SDK to the same bytes, with its suite, frame length and context', async (size) => {
    const materials = cachingManager();
    const plaintext = Buffer.from(Array.from({ length: size }, (_, index) => index % 251));
    const message = await encryptMessage(materials, plaintext, { encryptionContext: CONTEXT, suiteId, frameLength, commitmentPolicy: POLICY });
    const { plaintext: decrypted, messageHeader } = await decrypt(materials, message);
    expect(Buffer.from(decrypted).equals(plaintext)).toBe(true);
    expect(messageHeader.suiteId).toBe(suiteId);
    expect(messageHeader.frameLength).toBe(frameLength);
    expect(messageHeader.encryptionContext).toMatchObject(CONTEXT);
  });

  test.each(sizes)('a %i-byte message has the layout and length of the SDK stream message for the same input', async (size) => {
    const materials = cachingManager();
    const plaintext = Buffer.alloc(size, 7);
    const ours = await encryptMessage(materials, plaintext, { encryptionContext: CONTEXT, suiteId, frameLength, commitmentPolicy: POLICY });
    const { result: theirs } = await encrypt(materials, plaintext, { encryptionContext: CONTEXT, suiteId, frameLength });
    // Only the message id, key commitment, IVs, tags, ciphertext and signature are random;
    // an ECDSA DER signature varies in length by a byte or two.
    const slack = suiteId === AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY ? 0 : 3;
    expect(Math.abs(ours.byteLength - theirs.byteLength)).toBeLessThanOrEqual(slack);
    const oursHeader = deserializeMessageHeader(ours);
    const theirsHeader = deserializeMessageHeader(theirs);
    if (oursHeader === false || theirsHeader === false) throw new Error('expected complete headers');
    expect(oursHeader.headerLength).toBe(theirsHeader.headerLength);
    const { messageId: _a, suiteData: _b, ...oursFields } = oursHeader.messageHeader as unknown as Record<string, unknown>;
    const { messageId: _c, suiteData: _d, ...theirsFields } = theirsHeader.messageHeader as unknown as Record<string, unknown>;
    expect(oursFields).toEqual(theirsFields);
  });

  test('a flipped bit anywhere after the header is refused by the SDK', async () => {
    const materials = cachingManager();
    const message = await encryptMessage(materials, Buffer.from('"4111 1111 1111 1111"'), {
      encryptionContext: CONTEXT,
      suiteId,
      commitmentPolicy: POLICY,
    });
    const headerInfo = deserializeMessageHeader(message);
    if (headerInfo === false) throw new Error('expected a complete header');
    const start = headerInfo.headerLength + headerInfo.headerAuth.headerAuthLength;
    for (let index = start; index < message.byteLength; index += 7) {
      const tampered = Buffer.from(message);
      tampered[index]! ^= 0x01;
      await expect(decrypt(materials, tampered)).rejects.toThrow();
    }
  });
});

describe('encryptMessage and the data-key cache', () => {
  test('each message counts against maxMessagesEncrypted, as the SDK encrypt counts it', async () => {
    const materials = cachingManager(2);
    kms.resetCounters();
    for (let index = 0; index < 5; index++) {
      await encryptMessage(materials, Buffer.from('"x"'), { encryptionContext: CONTEXT, commitmentPolicy: POLICY });
    }
    // 2 messages per data key: messages 1-2, 3-4, 5.
    expect(kms.calls.GenerateDataKey).toBe(3);
  });

  test('a non-committing suite is refused before any KMS call', async () => {
    const materials = cachingManager();
    kms.resetCounters();
    await expect(
      encryptMessage(materials, Buffer.from('"x"'), {
        encryptionContext: CONTEXT,
        suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
        commitmentPolicy: POLICY,
      }),
    ).rejects.toThrow();
    expect(kms.calls.GenerateDataKey).toBe(0);
  });

  test('a material with more wrapped data keys than maxEncryptedDataKeys is refused, as the SDK client refuses it', async () => {
    const twoKeys = new NodeCachingMaterialsManager({
      backingMaterials: new KmsKeyringNode({ generatorKeyId: keyArn, keyIds: [kms.createKey().arn], clientProvider: () => new KMS(kms.clientConfig()) }),
      cache: getLocalCryptographicMaterialsCache(10),
      maxAge: 60_000,
    });
    const options = { encryptionContext: CONTEXT, commitmentPolicy: POLICY };
    await expect(encryptMessage(twoKeys, Buffer.from('"x"'), { ...options, maxEncryptedDataKeys: 1 })).rejects.toThrow('maxEncryptedDataKeys exceeded');
    const message = await encryptMessage(twoKeys, Buffer.from('"x"'), { ...options, maxEncryptedDataKeys: 2 });
    expect((await decrypt(twoKeys, message)).plaintext.toString('utf8')).toBe('"x"');
  });

  test('a frame length out of range is refused', async () => {
    await expect(
      encryptMessage(cachingManager(), Buffer.from('"x"'), { encryptionContext: CONTEXT, frameLength: 0, commitmentPolicy: POLICY }),
    ).rejects.toThrow(/frameLength/);
  });
});

describe('AWSEncryptionSDKProvider on both paths', () => {
  test.each([
    ['in memory', 100],
    ['in memory, at the limit', MAX_IN_MEMORY_PLAINTEXT - 2],
    ['through the SDK stream', MAX_IN_MEMORY_PLAINTEXT + 10],
  ])('a payload encrypted %s round-trips, and the bare SDK decrypts it', async (_name, length) => {
    const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig: kms.clientConfig() }) });
    for (const [, algorithmSuiteId] of SUITES) {
      const value = 'v'.repeat(length);
      const ciphertext = await masker.encrypt(value, { context: CONTEXT, providerOptions: { algorithmSuiteId } });
      expect(await masker.decrypt(ciphertext, { context: CONTEXT })).toBe(value);
      const bare = await decrypt(cachingManager(), Buffer.from(ciphertext, 'base64'));
      expect(JSON.parse(bare.plaintext.toString('utf8'))).toBe(value);
      expect(bare.messageHeader.suiteId).toBe(algorithmSuiteId);
    }
  });
});
