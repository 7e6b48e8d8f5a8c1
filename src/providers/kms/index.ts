/**
 * `lambda-data-masking/kms`: the AWS Encryption SDK provider (KMS keys or any ESDK keyring).
 * The only entry that loads the Encryption SDK, and only its narrow `@aws-crypto/*-node`
 * packages; `@aws-sdk/client-kms` is loaded when a provider is built with `keys`, and the
 * hierarchical keyring with `@aws-sdk/client-dynamodb` only when a provider is built with
 * `hierarchical` or a branch key helper is called.
 * @module
 */
// First: names any missing peer before loading them (see peers.ts; peers.esm.ts for bundles).
import './peers';
export { AlgorithmSuiteIdentifier } from '@aws-crypto/material-management-node';
export { AWSEncryptionSDKProvider } from './AWSEncryptionSDKProvider';
export { inspectCiphertext, type CiphertextDataKey, type CiphertextInfo } from './inspect-ciphertext';
export { isKmsKeyArn } from './key-arn';
export { rawAesKeyring, type RawAesKeyringOptions } from './raw-aes-keyring';
export { createBranchKey, createBranchKeyStoreTable, rotateBranchKey } from './hierarchical/branch-key-admin';
export type { CreateBranchKeyOptions, RotateBranchKeyOptions } from './hierarchical/admin';
export {
  HIERARCHICAL_KEYRING_DEFAULTS,
  type BranchKeyIdFromContext,
  type BranchKeyStoreOptions,
  type HierarchicalKeyringOptions,
} from './hierarchical/options';
export {
  AWS_ENCRYPTION_SDK_PROVIDER_DEFAULTS,
  type AWSEncryptionSDKProviderCallOptions,
  type AWSEncryptionSDKProviderCommonOptions,
  type AWSEncryptionSDKProviderHierarchicalOptions,
  type AWSEncryptionSDKProviderKeyringOptions,
  type AWSEncryptionSDKProviderKeysOptions,
  type AWSEncryptionSDKProviderOptions,
} from './options';
