import type { AlgorithmSuiteIdentifier, KeyringNode } from '@aws-crypto/material-management-node';
import type { KMS, KMSClientConfig } from '@aws-sdk/client-kms';
import type { HierarchicalKeyringOptions } from './hierarchical/options';

/**
 * The defaults of {@link AWSEncryptionSDKProviderOptions}, the same as Python Powertools'
 * (`max_bytes_encrypted` being capped at what the JavaScript ESDK accepts, 2^53 - 1), plus
 * `maxEncryptedDataKeys`, which Powertools does not bound.
 */
export const AWS_ENCRYPTION_SDK_PROVIDER_DEFAULTS = Object.freeze({
  localCacheCapacity: 100,
  maxCacheAgeSeconds: 300,
  maxMessagesEncrypted: 2 ** 32,
  maxBytesEncrypted: Number.MAX_SAFE_INTEGER,
  maxEncryptedDataKeys: 10,
});

/** Options shared by both ways of naming the keys. */
export interface AWSEncryptionSDKProviderCommonOptions {
  /**
   * The maximum number of data keys kept in the local cache (encrypt and decrypt entries together).
   * @default 100
   */
  localCacheCapacity?: number;
  /**
   * The maximum time, in seconds, a cached data key is used. Fractions are allowed (`0.5`).
   * @default 300
   */
  maxCacheAgeSeconds?: number;
  /**
   * The maximum number of messages encrypted under one cached data key; the next one gets a new key.
   * At most 2^32.
   * @default 4294967296 (2 ** 32)
   */
  maxMessagesEncrypted?: number;
  /**
   * The maximum number of plaintext bytes encrypted under one cached data key.
   * @default Number.MAX_SAFE_INTEGER (2 ** 53 - 1, the ESDK's own limit)
   */
  maxBytesEncrypted?: number;
  /**
   * The most encrypted data keys a message may list. Decrypt refuses a message with more
   * (`DataMaskingDecryptValueError`) before any KMS call: each listed key the keyring can try
   * costs a KMS request, so a crafted message could otherwise cause thousands of them. Encrypt
   * never writes more (a provider with more `keys` than this is refused when built).
   * The ESDK option of the same name; Python Powertools leaves it unlimited.
   * @default 10
   */
  maxEncryptedDataKeys?: number;
  /**
   * The most encrypt and decrypt operations (one message each: a whole payload, or one field)
   * this provider runs at once; the others wait their turn, first in first out, before any
   * buffer, SDK state or KMS request is made for them. Bounds the memory of the SDK's work when
   * many requests are in flight (see docs/memory.md for the sizing rule); a few are enough to
   * keep the CPU busy with cached data keys. KMS calls of cache misses count within the limit.
   * @default unlimited
   */
  maxConcurrentOperations?: number;
  /**
   * Turns a value into the plaintext string that is encrypted. The default refuses, with
   * `DataMaskingUnsupportedTypeError`, what JSON cannot hold (Map, Set, BigInt, functions,
   * typed arrays, also nested) rather than encrypt `{}` in their place.
   * @default JSON.stringify
   */
  jsonSerializer?: (value: unknown) => string;
  /**
   * Turns the decrypted plaintext string back into a value.
   * @default JSON.parse
   */
  jsonDeserializer?: (text: string) => unknown;
}

/** Encrypt and decrypt with KMS keys. */
export interface AWSEncryptionSDKProviderKeysOptions extends AWSEncryptionSDKProviderCommonOptions {
  /**
   * KMS key ARNs (`arn:aws:kms:<region>:<account>:key/<key id>`). The first generates each data
   * key (GenerateDataKey); every other one also wraps it (Encrypt), so any of them can decrypt.
   * Aliases and bare key ids are refused: a message records key ARNs, so a keyring built from
   * an alias encrypts but can never decrypt its own messages.
   */
  keys: readonly string[];
  keyring?: never;
  hierarchical?: never;
  /**
   * Configuration of the `KMS` clients (`@aws-sdk/client-kms`) the provider creates, one per
   * key region: credentials, endpoint, retries, ... The region of each key ARN overrides `region`.
   * @default the SDK's defaults (credential chain, retries)
   */
  kmsClientConfig?: KMSClientConfig;
  /** A ready aggregated `KMS` client used for every key, instead of `kmsClientConfig`. */
  kmsClient?: KMS;
}

/** Encrypt and decrypt with any ESDK keyring (a `RawAesKeyringNode`, a multi-keyring, ...). */
export interface AWSEncryptionSDKProviderKeyringOptions extends AWSEncryptionSDKProviderCommonOptions {
  keys?: never;
  hierarchical?: never;
  /** The keyring that generates, wraps and unwraps the data keys. */
  keyring: KeyringNode;
  kmsClientConfig?: never;
  kmsClient?: never;
}

/**
 * Encrypt and decrypt with the AWS KMS Hierarchical keyring: a branch key per tenant in a
 * DynamoDB table, unwrapped by KMS once per cache period; no KMS call per message.
 * The data-key cache options do not apply (see `HierarchicalKeyringOptions`).
 */
export interface AWSEncryptionSDKProviderHierarchicalOptions
  extends Pick<AWSEncryptionSDKProviderCommonOptions, 'jsonSerializer' | 'jsonDeserializer' | 'maxEncryptedDataKeys' | 'maxConcurrentOperations'> {
  /** The branch key store, the KMS key that wraps it, how each message names its branch key, and the branch key cache. */
  hierarchical: HierarchicalKeyringOptions;
  keys?: never;
  keyring?: never;
  kmsClientConfig?: never;
  kmsClient?: never;
  localCacheCapacity?: never;
  maxCacheAgeSeconds?: never;
  maxMessagesEncrypted?: never;
  maxBytesEncrypted?: never;
}

/** Options of {@link AWSEncryptionSDKProvider}: `keys` (KMS key ARNs), a `keyring` or `hierarchical`, plus cache and serializer options. */
export type AWSEncryptionSDKProviderOptions =
  | AWSEncryptionSDKProviderKeysOptions
  | AWSEncryptionSDKProviderKeyringOptions
  | AWSEncryptionSDKProviderHierarchicalOptions;

/**
 * Per-call options, passed as `providerOptions` to `encrypt`. `decrypt` validates but ignores
 * them (it reads everything from the message), so one options object can serve both. Unknown
 * keys are refused with `DataMaskingInvalidOptionsError`.
 *
 * @example
 * ```ts
 * await masker.encrypt(data, {
 *   providerOptions: { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY },
 * });
 * ```
 */
export type AWSEncryptionSDKProviderCallOptions = {
  /**
   * The algorithm suite. The commitment policy (`REQUIRE_ENCRYPT_REQUIRE_DECRYPT`) allows the
   * two committing suites: `ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384`
   * (signed) and `ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY` (unsigned, several times faster).
   * @default ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384 (the ESDK default)
   */
  algorithmSuiteId?: AlgorithmSuiteIdentifier;
  /**
   * Bytes of plaintext per frame, 1 to 2^32 - 1.
   * @default 4096
   */
  frameLength?: number;
};
