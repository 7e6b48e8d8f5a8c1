/**
 * `lambda-data-masking/kms`: the AWS Encryption SDK provider (KMS keys or any ESDK keyring).
 * The only entry that loads the Encryption SDK, and only its narrow `@aws-crypto/*-node`
 * packages; `@aws-sdk/client-kms` is loaded when a provider is built with `keys`.
 * @module
 */
export { AlgorithmSuiteIdentifier } from '@aws-crypto/material-management-node';
export { AWSEncryptionSDKProvider } from './AWSEncryptionSDKProvider';
export { inspectCiphertext, type CiphertextDataKey, type CiphertextInfo } from './inspect-ciphertext';
export { isKmsKeyArn } from './key-arn';
export { rawAesKeyring, type RawAesKeyringOptions } from './raw-aes-keyring';
export {
  AWS_ENCRYPTION_SDK_PROVIDER_DEFAULTS,
  type AWSEncryptionSDKProviderCallOptions,
  type AWSEncryptionSDKProviderCommonOptions,
  type AWSEncryptionSDKProviderKeyringOptions,
  type AWSEncryptionSDKProviderKeysOptions,
  type AWSEncryptionSDKProviderOptions,
} from './options';
