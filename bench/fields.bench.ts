process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { createPrivateKey, createSign } from 'node:crypto';
import { NodeCachingMaterialsManager, getLocalCryptographicMaterialsCache } from '@aws-crypto/caching-materials-manager-node';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { AlgorithmSuiteIdentifier, CommitmentPolicy, NodeAlgorithmSuite } from '@aws-crypto/material-management-node';
import { KMS } from '@aws-sdk/client-kms';
import { DataMasking } from '../src';
import { AWSEncryptionSDKProvider } from '../src/providers/kms';
import { FIELD_CONTEXT_KEY } from '../src/operations/context';
import { decryptMessage } from '../src/providers/kms/decrypt-message';
import { encryptMessage } from '../src/providers/kms/encrypt-message';
import { parseMessageHeader } from '../src/providers/kms/message-header';
import { LocalKms } from '../src/testing';
import { type ReportSection, measureAsync } from './harness';

/**
 * Field-level encryption at response scale: a response of 50 records with one encrypted field
 * each (the shape of 50 response DTOs with one `@Encrypt()` property), against the erase route and
 * the bare ESDK encrypting the same 50 values; then where the time of one field goes.
 */

const POLICY = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;
const { encrypt } = buildEncrypt(POLICY);
const { decrypt } = buildDecrypt({ commitmentPolicy: POLICY, maxEncryptedDataKeys: 10 });

const SUITES = [
  ['default, ECDSA P-384 signed (0x0578)', AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384],
  ['unsigned committing (0x0478)', AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY],
] as const;

const RECORDS = 50;
const records = Array.from({ length: RECORDS }, (_, id) => ({
  id,
  name: `User Number ${id}`,
  email: `user${id}@example.com`,
  ssn: `123-45-${String(1000 + id)}`,
}));
const FIELDS = ['[*].ssn'];
const context = { tenant_id: 'tenant-1' };
/** What our field-level encrypt binds each of these values to. */
const fieldContext = { ...context, [FIELD_CONTEXT_KEY]: '$[*].ssn' };

const perField = (opsPerSecond: number): string => `${(1000 / opsPerSecond / RECORDS).toFixed(3)} ms`;

export const runFieldsBench = async (): Promise<ReportSection[]> => {
  const kms = await LocalKms.start();
  try {
    const key = kms.createKey();
    const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [key.arn], kmsClientConfig: kms.clientConfig() }) });
    const cmm = new NodeCachingMaterialsManager({
      backingMaterials: new KmsKeyringNode({ generatorKeyId: key.arn, clientProvider: () => new KMS(kms.clientConfig()) }),
      cache: getLocalCryptographicMaterialsCache(100),
      maxAge: 300_000,
      maxMessagesEncrypted: 2 ** 32,
      maxBytesEncrypted: Number.MAX_SAFE_INTEGER,
    });
    const plaintexts = records.map((record) => Buffer.from(JSON.stringify(record.ssn), 'utf8'));

    const candidates: { name: string; run: () => Promise<unknown> }[] = [
      { name: `erase ${RECORDS} fields (the erase route)`, run: async () => masker.erase(records, { fields: FIELDS }) },
    ];
    for (const [suiteName, algorithmSuiteId] of SUITES) {
      candidates.push(
        {
          name: `lambda-data-masking encrypt ${RECORDS} fields, ${suiteName}`,
          run: () => masker.encrypt(records, { fields: FIELDS, context, providerOptions: { algorithmSuiteId } }),
        },
        {
          name: `bare ESDK encrypt() of the same ${RECORDS} values, ${suiteName}`,
          run: () =>
            Promise.all(
              plaintexts.map(async (plaintext) =>
                (await encrypt(cmm, plaintext, { encryptionContext: fieldContext, suiteId: algorithmSuiteId })).result.toString('base64'),
              ),
            ),
        },
      );
    }
    const responses = await measureAsync(candidates, { rounds: 7, roundMs: 300 });
    const erase = responses[0]!.opsPerSecond;

    // Where one field's time goes: each step run 50 times in a row, cumulative where it says so.
    const breakdown: { name: string; run: () => Promise<unknown> }[] = [];
    for (const [suiteName, algorithmSuiteId] of SUITES) {
      const suite = new NodeAlgorithmSuite(algorithmSuiteId);
      const material = await cmm.getEncryptionMaterials({ suite, encryptionContext: fieldContext, plaintextLength: 16, commitmentPolicy: POLICY });
      breakdown.push(
        {
          name: `${suiteName}: data key from the cache (materials manager)`,
          run: async () => {
            for (const plaintext of plaintexts) {
              await cmm.getEncryptionMaterials({ suite, encryptionContext: fieldContext, plaintextLength: plaintext.byteLength, commitmentPolicy: POLICY });
            }
          },
        },
        {
          name: `${suiteName}: whole message in memory (cache, key derivation, header, frame, signature) + base64`,
          run: async () => {
            for (const plaintext of plaintexts) {
              (await encryptMessage(cmm, plaintext, { encryptionContext: fieldContext, suiteId: algorithmSuiteId, commitmentPolicy: POLICY })).toString(
                'base64',
              );
            }
          },
        },
        {
          name: `${suiteName}: whole message through the SDK's stream encrypt() + base64`,
          run: async () => {
            for (const plaintext of plaintexts) {
              (await encrypt(cmm, plaintext, { encryptionContext: fieldContext, suiteId: algorithmSuiteId })).result.toString('base64');
            }
          },
        },
      );
      const privateKey = material.signatureKey?.privateKey;
      if (typeof privateKey === 'string') {
        const parsed = createPrivateKey(privateKey);
        const body = Buffer.alloc(400, 1);
        breakdown.push(
          {
            name: `${suiteName}: ECDSA signature, PEM key parsed per message (as the SDK's signer does)`,
            run: async () => {
              for (let index = 0; index < RECORDS; index++) createSign('sha384').update(body).sign(privateKey);
            },
          },
          {
            name: `${suiteName}: ECDSA signature, key parsed once per cached data key (ours)`,
            run: async () => {
              for (let index = 0; index < RECORDS; index++) createSign('sha384').update(body).sign(parsed);
            },
          },
        );
      }
    }
    const steps = await measureAsync(breakdown, { rounds: 5, roundMs: 250 });

    // Decrypt of the same 50 fields: our field-level decrypt, and the two ways one message can be
    // decrypted (the SDK's stream decrypt(), the in-memory path), each 50 times in a row.
    const decrypts: { name: string; run: () => Promise<unknown> }[] = [];
    for (const [suiteName, algorithmSuiteId] of SUITES) {
      const encrypted = await masker.encrypt(records, { fields: FIELDS, context, providerOptions: { algorithmSuiteId } });
      const messages = encrypted.map((record) => Buffer.from((record as { ssn: string }).ssn, 'base64'));
      decrypts.push(
        { name: `lambda-data-masking decrypt ${RECORDS} fields, ${suiteName}`, run: () => masker.decrypt(encrypted, { fields: FIELDS, context }) },
        {
          name: `${suiteName}: one message through the SDK's stream decrypt() (base64 decoded)`,
          run: async () => {
            for (const message of messages) await decrypt(cmm, message);
          },
        },
        {
          name: `${suiteName}: one message in memory (header parsed, cache, key commitment, header auth, frame, signature)`,
          run: async () => {
            for (const message of messages) await decryptMessage(cmm, message, parseMessageHeader(message), POLICY);
          },
        },
      );
    }
    const decryptSteps = await measureAsync(decrypts, { rounds: 7, roundMs: 300, clock: 'cpu' });

    return [
      {
        title: `Field-level encryption: ${RECORDS} encrypted fields per response`,
        description:
          `${RECORDS} records with one encrypted field each (\`[*].ssn\`, the shape of ${RECORDS} response DTOs with one \`@Encrypt()\` property), ` +
          "cached data key, LocalKms on loopback. The bare ESDK row encrypts the same 50 values with the same context through the SDK's `encrypt()` " +
          '(its stream pipeline), concurrently, and base64-encodes them: what field-level encryption cost before the in-memory path.',
        lines: [
          '| candidate | responses/s | time per field | time vs erase route |',
          '| --- | ---: | ---: | ---: |',
          ...responses.map(
            ({ name, opsPerSecond }) => `| ${name} | ${opsPerSecond.toFixed(1)} | ${perField(opsPerSecond)} | ${(erase / opsPerSecond).toFixed(0)}× |`,
          ),
        ],
      },
      {
        title: 'Field-level encryption: where the time of one field goes',
        description: `Each step run ${RECORDS} times in a row (one value of about 13 bytes each), per field.`,
        lines: ['| step | time per field |', '| --- | ---: |', ...steps.map(({ name, opsPerSecond }) => `| ${name} | ${perField(opsPerSecond)} |`)],
      },
      {
        title: `Field-level decryption: ${RECORDS} encrypted fields per response`,
        description:
          `The ${RECORDS} field ciphertexts made above (same context, cached data key), decrypted by \`masker.decrypt(records, { fields })\`, ` +
          "and one message after another through the SDK's stream `decrypt()` and through the in-memory path. CPU time of the process per field (waiting for a core on a crowded machine left out; LocalKms runs in the same process, but the data key is cached).",
        lines: [
          "| candidate | time per field | vs the SDK's stream decrypt(), same suite |",
          '| --- | ---: | ---: |',
          ...decryptSteps.map(({ name, opsPerSecond }, index) => {
            const stream = decryptSteps[index - (index % 3) + 1]!.opsPerSecond;
            return `| ${name} | ${perField(opsPerSecond)} | ${(opsPerSecond / stream).toFixed(2)}× faster |`;
          }),
        ],
      },
    ];
  } finally {
    await kms.stop();
  }
};
