/**
 * The KMS operations LocalKms implements, from a validated JSON request to a JSON answer,
 * with the checks real KMS makes (key existence, access, key state) in its order.
 * @module
 * @internal
 */
import { randomBytes } from 'node:crypto';
import { openBlob, parseBlob, sealBlob } from './ciphertext-blob';
import type { KeyRecord, KeyStore } from './key-store';
import {
  optionalBoolean,
  optionalContext,
  optionalEnum,
  optionalInteger,
  optionalString,
  optionalStringList,
  requiredBlob,
  requiredString,
  type RequestBody,
} from './request-fields';
import type { KmsOperation } from './types';
import { KmsWireError, validationError } from './wire';

/** The caller every AccessDeniedException names. */
const CALLER = 'user/local-kms';
const SYMMETRIC_DEFAULT = 'SYMMETRIC_DEFAULT';
const ENCRYPTION_ALGORITHMS = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const;
const DATA_KEY_SPECS = ['AES_256', 'AES_128'] as const;
const MAX_GRANT_TOKENS = 10;
const MAX_PLAINTEXT_BYTES = 4096;
const MAX_CIPHERTEXT_BYTES = 6144;
const MAX_DATA_KEY_BYTES = 1024;

type Answer = Record<string, unknown>;

function b64(bytes: Buffer): string {
  return bytes.toString('base64');
}

function invalidCiphertext(): KmsWireError {
  return new KmsWireError('InvalidCiphertextException', 'The ciphertext is invalid or does not match the encryption context.');
}

/** Refuses a denied operation, then an unusable key state. */
function authorise(key: KeyRecord, operation: KmsOperation, crypto: boolean): void {
  if (key.denied.has(operation)) {
    throw new KmsWireError(
      'AccessDeniedException',
      `User: arn:aws:iam::${accountOf(key)}:${CALLER} is not authorized to perform: kms:${operation} on resource: ` +
        `${key.arn} because access was denied by LocalKms.denyAccess`,
    );
  }
  if (!crypto) return;
  if (key.state === 'Disabled') throw new KmsWireError('DisabledException', `${key.arn} is disabled.`);
  if (key.state === 'PendingDeletion') {
    throw new KmsWireError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
  }
}

function accountOf(key: KeyRecord): string {
  return key.arn.split(':')[4] ?? '';
}

function readCommon(body: RequestBody): { dryRun: boolean } {
  optionalStringList(body, 'GrantTokens', MAX_GRANT_TOKENS);
  return { dryRun: optionalBoolean(body, 'DryRun') ?? false };
}

function refuseDryRun(dryRun: boolean): void {
  if (dryRun) {
    throw new KmsWireError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
  }
}

function checkAlgorithm(body: RequestBody, key: KeyRecord): string {
  const algorithm = optionalEnum(body, 'EncryptionAlgorithm', ENCRYPTION_ALGORITHMS) ?? SYMMETRIC_DEFAULT;
  if (algorithm !== SYMMETRIC_DEFAULT) {
    throw new KmsWireError(
      'InvalidKeyUsageException',
      `${key.arn} key usage is ENCRYPT_DECRYPT with key spec SYMMETRIC_DEFAULT, which does not support ${algorithm}.`,
    );
  }
  return algorithm;
}

function generate(store: KeyStore, body: RequestBody, operation: KmsOperation, withPlaintext: boolean): Answer {
  const keyIdentifier = requiredString(body, 'KeyId');
  const keySpec = optionalEnum(body, 'KeySpec', DATA_KEY_SPECS);
  const numberOfBytes = optionalInteger(body, 'NumberOfBytes', 1, MAX_DATA_KEY_BYTES);
  const context = optionalContext(body);
  const { dryRun } = readCommon(body);
  if ((keySpec === undefined) === (numberOfBytes === undefined)) {
    throw validationError('Please specify either number of bytes or key spec.');
  }
  const key = store.resolve(keyIdentifier);
  authorise(key, operation, true);
  refuseDryRun(dryRun);
  const length = numberOfBytes ?? (keySpec === 'AES_128' ? 16 : 32);
  const plaintext = randomBytes(length);
  const answer: Answer = { CiphertextBlob: b64(sealBlob(key.keyId, key.secret, plaintext, context)), KeyId: key.arn };
  if (withPlaintext) answer.Plaintext = b64(plaintext);
  plaintext.fill(0);
  return answer;
}

function encrypt(store: KeyStore, body: RequestBody): Answer {
  const keyIdentifier = requiredString(body, 'KeyId');
  const plaintext = requiredBlob(body, 'Plaintext', 1, MAX_PLAINTEXT_BYTES);
  const context = optionalContext(body);
  const { dryRun } = readCommon(body);
  const key = store.resolve(keyIdentifier);
  authorise(key, 'Encrypt', true);
  const algorithm = checkAlgorithm(body, key);
  refuseDryRun(dryRun);
  const blob = sealBlob(key.keyId, key.secret, plaintext, context);
  plaintext.fill(0);
  return { CiphertextBlob: b64(blob), KeyId: key.arn, EncryptionAlgorithm: algorithm };
}

function decrypt(store: KeyStore, body: RequestBody): Answer {
  const blob = requiredBlob(body, 'CiphertextBlob', 1, MAX_CIPHERTEXT_BYTES);
  const keyIdentifier = optionalString(body, 'KeyId');
  const context = optionalContext(body);
  const { dryRun } = readCommon(body);
  const requested = keyIdentifier === undefined ? undefined : store.resolve(keyIdentifier);
  const parts = parseBlob(blob);
  const key = parts === undefined ? undefined : store.byKeyId(parts.keyId);
  if (parts === undefined || key === undefined) throw invalidCiphertext();
  if (requested !== undefined && requested !== key) {
    throw new KmsWireError('IncorrectKeyException', 'The key ID in the request does not identify a KMS key that can perform this operation.');
  }
  authorise(key, 'Decrypt', true);
  const algorithm = checkAlgorithm(body, key);
  refuseDryRun(dryRun);
  const plaintext = openBlob(parts, key.secret, context);
  if (plaintext === undefined) throw invalidCiphertext();
  const answer = { KeyId: key.arn, Plaintext: b64(plaintext), EncryptionAlgorithm: algorithm };
  plaintext.fill(0);
  return answer;
}

/**
 * ReEncrypt: opens a blob under its key and source context, seals the plaintext for the
 * destination key and context (the branch key store calls it to create and rotate branch keys).
 * Needs `ReEncrypt` on both keys (real KMS: kms:ReEncryptFrom and kms:ReEncryptTo).
 */
function reEncrypt(store: KeyStore, body: RequestBody): Answer {
  const blob = requiredBlob(body, 'CiphertextBlob', 1, MAX_CIPHERTEXT_BYTES);
  const sourceIdentifier = optionalString(body, 'SourceKeyId');
  const sourceContext = optionalContext(body, 'SourceEncryptionContext');
  const destinationIdentifier = requiredString(body, 'DestinationKeyId');
  const destinationContext = optionalContext(body, 'DestinationEncryptionContext');
  optionalEnum(body, 'SourceEncryptionAlgorithm', ENCRYPTION_ALGORITHMS);
  optionalEnum(body, 'DestinationEncryptionAlgorithm', ENCRYPTION_ALGORITHMS);
  const { dryRun } = readCommon(body);
  const requested = sourceIdentifier === undefined ? undefined : store.resolve(sourceIdentifier);
  const destination = store.resolve(destinationIdentifier);
  const parts = parseBlob(blob);
  const source = parts === undefined ? undefined : store.byKeyId(parts.keyId);
  if (parts === undefined || source === undefined) throw invalidCiphertext();
  if (requested !== undefined && requested !== source) {
    throw new KmsWireError('IncorrectKeyException', 'The key ID in the request does not identify a KMS key that can perform this operation.');
  }
  authorise(source, 'ReEncrypt', true);
  authorise(destination, 'ReEncrypt', true);
  refuseDryRun(dryRun);
  const plaintext = openBlob(parts, source.secret, sourceContext);
  if (plaintext === undefined) throw invalidCiphertext();
  const sealed = sealBlob(destination.keyId, destination.secret, plaintext, destinationContext);
  plaintext.fill(0);
  return {
    CiphertextBlob: b64(sealed),
    SourceKeyId: source.arn,
    KeyId: destination.arn,
    SourceEncryptionAlgorithm: SYMMETRIC_DEFAULT,
    DestinationEncryptionAlgorithm: SYMMETRIC_DEFAULT,
  };
}

function describeKey(store: KeyStore, body: RequestBody): Answer {
  const keyIdentifier = requiredString(body, 'KeyId');
  readCommon(body);
  const key = store.resolve(keyIdentifier);
  authorise(key, 'DescribeKey', false);
  const metadata: Answer = {
    AWSAccountId: accountOf(key),
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.creationDate.getTime() / 1000,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: key.state,
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: SYMMETRIC_DEFAULT,
    KeySpec: SYMMETRIC_DEFAULT,
    EncryptionAlgorithms: [SYMMETRIC_DEFAULT],
    MultiRegion: false,
  };
  if (key.deletionDate !== undefined) {
    metadata.DeletionDate = key.deletionDate.getTime() / 1000;
    metadata.PendingDeletionWindowInDays = store.pendingWindowDays;
  }
  return { KeyMetadata: metadata };
}

/**
 * Runs one operation on a request body already parsed as a JSON object.
 * Throws a {@link KmsWireError} for every failure KMS reports.
 */
export function runOperation(store: KeyStore, operation: KmsOperation, body: RequestBody): Answer {
  switch (operation) {
    case 'GenerateDataKey':
      return generate(store, body, operation, true);
    case 'GenerateDataKeyWithoutPlaintext':
      return generate(store, body, operation, false);
    case 'Encrypt':
      return encrypt(store, body);
    case 'Decrypt':
      return decrypt(store, body);
    case 'DescribeKey':
      return describeKey(store, body);
    case 'ReEncrypt':
      return reEncrypt(store, body);
  }
}
