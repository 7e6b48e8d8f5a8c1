process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { NodeCachingMaterialsManager, getLocalCryptographicMaterialsCache } from '@aws-crypto/caching-materials-manager-node';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy } from '@aws-crypto/material-management-node';
import { KMS } from '@aws-sdk/client-kms';
import { DataMasking } from '../src';
import { AWSEncryptionSDKProvider } from '../src/providers/kms';
import { LocalKms } from '../src/testing';
import { type ReportSection, comparisonTable, measureAsync } from './harness';

const { encrypt } = buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

const SUITES = {
  'default (ECDSA P-384 signed)': AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
  'non-signing committing': AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
} as const;

/** About 1 KB of JSON. */
const payload = {
  id: 'c0a8012e-7f3b-4c2d-9a1e-5b6f7d8e9f00',
  name: 'Ann Example',
  email: 'ann@example.com',
  address: { street: '1 Main Street', city: 'Anytown', state: 'CA', zip: '12345' },
  cards: Array.from({ length: 6 }, (_, index) => ({ number: `4111 1111 1111 11${10 + index}`, expiry: '12/29', holder: 'ANN EXAMPLE' })),
  notes: 'x'.repeat(380),
};
const context = { tenant_id: 'tenant-1' };

/** The same keyring and cache settings, used directly through the ESDK (what a caller writes by hand). */
const bareEsdk = (kms: LocalKms, keyArn: string) => {
  const keyring = new KmsKeyringNode({ generatorKeyId: keyArn, clientProvider: () => new KMS(kms.clientConfig()) });
  const cmm = new NodeCachingMaterialsManager({
    backingMaterials: keyring,
    cache: getLocalCryptographicMaterialsCache(100),
    maxAge: 300_000,
    maxMessagesEncrypted: 2 ** 32,
    maxBytesEncrypted: Number.MAX_SAFE_INTEGER,
  });
  return {
    encrypt: async (value: unknown, suiteId: AlgorithmSuiteIdentifier) =>
      (await encrypt(cmm, JSON.stringify(value), { encryptionContext: context, suiteId })).result.toString('base64'),
    decrypt: async (ciphertext: string) => JSON.parse((await decrypt(cmm, Buffer.from(ciphertext, 'base64'))).plaintext.toString('utf8')) as unknown,
  };
};

const countCalls = async (kms: LocalKms, run: () => Promise<unknown>): Promise<number> => {
  kms.resetCounters();
  await run();
  return kms.calls.GenerateDataKey + kms.calls.Decrypt;
};

/** Crypto benchmarks: overhead over the bare ESDK, and KMS calls made, on LocalKms. */
export const runCryptoBench = async (): Promise<ReportSection[]> => {
  const kms = await LocalKms.start();
  try {
    const key = kms.createKey();
    const sections: ReportSection[] = [];
    for (const [suiteName, suiteId] of Object.entries(SUITES)) {
      const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [key.arn], kmsClientConfig: kms.clientConfig() }) });
      const bare = bareEsdk(kms, key.arn);
      const ours = await masker.encrypt(payload, { context, providerOptions: { algorithmSuiteId: suiteId } });
      const theirs = await bare.encrypt(payload, suiteId);
      const encryptRows = await measureAsync([
        { name: 'lambda-data-masking encrypt', run: () => masker.encrypt(payload, { context, providerOptions: { algorithmSuiteId: suiteId } }) },
        { name: 'bare ESDK encrypt (same keyring and cache)', run: () => bare.encrypt(payload, suiteId) },
      ]);
      const decryptRows = await measureAsync([
        { name: 'lambda-data-masking decrypt', run: () => masker.decrypt(ours, { context }) },
        { name: 'bare ESDK decrypt (same keyring and cache)', run: () => bare.decrypt(theirs) },
      ]);
      sections.push({
        title: `Encrypt and decrypt 1 KB, ${suiteName} suite`,
        description: `Whole payload (${JSON.stringify(payload).length} bytes of JSON), cached data key, LocalKms on loopback. The bare ESDK baseline also serializes and base64-encodes; ours adds context validation and the exact-context check on decrypt.`,
        lines: [...comparisonTable(encryptRows), '', ...comparisonTable(decryptRows)],
      });
    }

    const unsigned = { algorithmSuiteId: SUITES['non-signing committing'] };
    const freshMasker = () => new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [key.arn], kmsClientConfig: kms.clientConfig() }) });
    const sequential = 10_000;
    const oursMasker = freshMasker();
    const bare = bareEsdk(kms, key.arn);
    let oursCiphertext = '';
    let bareCiphertext = '';
    const oursSequential = await countCalls(kms, async () => {
      for (let index = 0; index < sequential; index++) oursCiphertext = await oursMasker.encrypt(payload, { context, providerOptions: unsigned });
    });
    const bareSequential = await countCalls(kms, async () => {
      for (let index = 0; index < sequential; index++) bareCiphertext = await bare.encrypt(payload, unsigned.algorithmSuiteId);
    });
    const oursDecrypts = await countCalls(kms, async () => {
      for (let index = 0; index < 1000; index++) await oursMasker.decrypt(oursCiphertext, { context });
    });
    const bareDecrypts = await countCalls(kms, async () => {
      for (let index = 0; index < 1000; index++) await bare.decrypt(bareCiphertext);
    });
    const concurrent = 100;
    const coldMasker = freshMasker();
    const oursConcurrent = await countCalls(kms, () =>
      Promise.all(Array.from({ length: concurrent }, () => coldMasker.encrypt(payload, { context, providerOptions: unsigned }))),
    );
    const coldBare = bareEsdk(kms, key.arn);
    const bareConcurrent = await countCalls(kms, () =>
      Promise.all(Array.from({ length: concurrent }, () => coldBare.encrypt(payload, unsigned.algorithmSuiteId))),
    );
    sections.push({
      title: 'KMS calls made',
      description:
        'GenerateDataKey + Decrypt calls counted by LocalKms, one encryption context, non-signing suite; the bare ESDK uses its caching materials manager with the same limits.',
      lines: [
        '| workload | lambda-data-masking | bare ESDK caching manager |',
        '| --- | ---: | ---: |',
        `| ${sequential.toLocaleString('en-US')} sequential encrypts | ${oursSequential} | ${bareSequential} |`,
        `| 1,000 sequential decrypts of one ciphertext | ${oursDecrypts} | ${bareDecrypts} |`,
        `| ${concurrent} concurrent encrypts, cold cache | ${oursConcurrent} | ${bareConcurrent} |`,
      ],
    });
    return sections;
  } finally {
    await kms.stop();
  }
};
