import { AlgorithmSuiteIdentifier } from '@aws-crypto/material-management-node';
import { DataMaskingInvalidOptionsError } from '../../errors';
import type { ProviderOptions } from '../../types';
import type { MaterialsCacheLimits } from './coalescing-materials-manager';
import { AWS_ENCRYPTION_SDK_PROVIDER_DEFAULTS, type AWSEncryptionSDKProviderCommonOptions } from './options';

const positiveInteger = (name: string, value: unknown, fallback: number, max: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new DataMaskingInvalidOptionsError(`${name} must be an integer from 1 to ${max}`);
  }
  return value;
};

/**
 * Validates the cache options and applies the defaults.
 *
 * @throws DataMaskingInvalidOptionsError naming the bad option.
 */
export const resolveCacheLimits = (options: AWSEncryptionSDKProviderCommonOptions): MaterialsCacheLimits => {
  const defaults = AWS_ENCRYPTION_SDK_PROVIDER_DEFAULTS;
  const maxAge = options.maxCacheAgeSeconds ?? defaults.maxCacheAgeSeconds;
  if (typeof maxAge !== 'number' || !Number.isFinite(maxAge) || maxAge <= 0) {
    throw new DataMaskingInvalidOptionsError('maxCacheAgeSeconds must be a positive number of seconds');
  }
  return {
    capacity: positiveInteger('localCacheCapacity', options.localCacheCapacity, defaults.localCacheCapacity, 2 ** 31 - 1),
    maxAgeMs: Math.max(1, Math.round(maxAge * 1000)),
    maxMessagesEncrypted: positiveInteger('maxMessagesEncrypted', options.maxMessagesEncrypted, defaults.maxMessagesEncrypted, 2 ** 32),
    maxBytesEncrypted: positiveInteger('maxBytesEncrypted', options.maxBytesEncrypted, defaults.maxBytesEncrypted, Number.MAX_SAFE_INTEGER),
  };
};

/**
 * Validates `maxEncryptedDataKeys` (default {@link AWS_ENCRYPTION_SDK_PROVIDER_DEFAULTS}).
 *
 * @throws DataMaskingInvalidOptionsError when it is not an integer from 1 to 65535.
 */
export const resolveMaxEncryptedDataKeys = (options: AWSEncryptionSDKProviderCommonOptions): number =>
  positiveInteger('maxEncryptedDataKeys', options.maxEncryptedDataKeys, AWS_ENCRYPTION_SDK_PROVIDER_DEFAULTS.maxEncryptedDataKeys, 0xffff);

/** The suites `REQUIRE_ENCRYPT_REQUIRE_DECRYPT` lets us encrypt with. */
const COMMITTING_SUITES: ReadonlySet<number> = new Set([
  AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
  AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
]);

const KNOWN_CALL_OPTIONS: ReadonlySet<string> = new Set(['algorithmSuiteId', 'frameLength']);

/** What one encrypt call passes to the ESDK. */
export interface EsdkCallOptions {
  suiteId?: AlgorithmSuiteIdentifier;
  frameLength?: number;
}

/**
 * Validates `providerOptions` (see `AWSEncryptionSDKProviderCallOptions`). Unknown keys are
 * refused, so a misspelt option cannot silently fall back to a default.
 *
 * @throws DataMaskingInvalidOptionsError naming the bad option.
 */
export const resolveCallOptions = (providerOptions: ProviderOptions | undefined): EsdkCallOptions => {
  if (providerOptions === undefined) return {};
  if (typeof providerOptions !== 'object' || providerOptions === null || Array.isArray(providerOptions)) {
    throw new DataMaskingInvalidOptionsError('providerOptions must be an object');
  }
  for (const key of Object.keys(providerOptions)) {
    if (!KNOWN_CALL_OPTIONS.has(key)) {
      throw new DataMaskingInvalidOptionsError(`Unknown providerOptions key '${key}': AWSEncryptionSDKProvider accepts algorithmSuiteId and frameLength`);
    }
  }
  const { algorithmSuiteId, frameLength } = providerOptions;
  const resolved: EsdkCallOptions = {};
  if (algorithmSuiteId !== undefined) {
    if (typeof algorithmSuiteId !== 'number' || !COMMITTING_SUITES.has(algorithmSuiteId)) {
      throw new DataMaskingInvalidOptionsError(
        `algorithmSuiteId ${String(algorithmSuiteId)} is not allowed: the commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT ` +
          'only encrypts with ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY (0x0478) or ' +
          'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384 (0x0578)',
      );
    }
    resolved.suiteId = algorithmSuiteId as AlgorithmSuiteIdentifier;
  }
  if (frameLength !== undefined) {
    resolved.frameLength = positiveInteger('frameLength', frameLength, 0, 2 ** 32 - 1);
  }
  return resolved;
};
