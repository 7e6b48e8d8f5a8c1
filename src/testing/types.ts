/**
 * Public types of the `lambda-data-masking/testing` subpath.
 * @module
 */

/** The KMS operations {@link LocalKms} implements, in the order of the KMS API reference. */
export const KMS_OPERATIONS = ['Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncrypt'] as const;

/** The name of a KMS operation {@link LocalKms} implements (the `X-Amz-Target` suffix). */
export type KmsOperation = (typeof KMS_OPERATIONS)[number];

/**
 * The state of a {@link LocalKms} key, as `DescribeKey` reports it.
 * - `Enabled`: every operation works.
 * - `Disabled`: cryptographic operations fail with `DisabledException`.
 * - `PendingDeletion`: cryptographic operations fail with `KMSInvalidStateException`.
 *
 * `DescribeKey` works in every state, as in real KMS.
 */
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

/** Options of {@link LocalKms.createKey}. */
export interface CreateKeyOptions {
  /** An alias for the key: `'alias/name'` or just `'name'`. Names under `alias/aws/` are reserved. */
  alias?: string;
  /** A free-text description, reported by `DescribeKey`. */
  description?: string;
}

/** A key created by {@link LocalKms.createKey}: every form by which it can be addressed. */
export interface LocalKmsKey {
  /** The key id, a UUID. */
  keyId: string;
  /** The key ARN, `arn:aws:kms:<region>:<account>:key/<keyId>`: what every answer's `KeyId` holds. */
  arn: string;
  /** The alias name, `alias/<name>`, when an alias was given. */
  alias?: string;
  /** The alias ARN, `arn:aws:kms:<region>:<account>:alias/<name>`, when an alias was given. */
  aliasArn?: string;
}
