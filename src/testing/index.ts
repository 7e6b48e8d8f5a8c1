/**
 * `lambda-data-masking/testing`: {@link LocalKms}, an offline AWS KMS for your tests, speaking
 * the real KMS wire protocol on 127.0.0.1 so `@aws-sdk/client-kms`, the AWS Encryption SDK and
 * this library's KMS provider run against it unmodified.
 *
 * @example
 * ```ts
 * import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
 * import { LocalKms } from 'lambda-data-masking/testing';
 *
 * const kms = await LocalKms.start();
 * const { arn } = kms.createKey({ alias: 'alias/app' });
 * const provider = new AWSEncryptionSDKProvider({ keys: [arn], kmsClientConfig: kms.clientConfig() });
 * // ... and in afterAll: await kms.stop();
 * ```
 * @module
 */
export { DynamoDbLocal } from './DynamoDbLocal';
export type { DynamoDbLocalClientConfig, DynamoDbLocalOptions } from './DynamoDbLocal';
export { LocalKms } from './LocalKms';
export type { KmsCallCounts, LocalKmsClientConfig, LocalKmsOptions } from './LocalKms';
export type { FaultHandle, FaultSpec, FaultType } from './faults';
export { KMS_OPERATIONS } from './types';
export type { CreateKeyOptions, KeyState, KmsOperation, LocalKmsKey } from './types';
