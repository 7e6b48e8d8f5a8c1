import { DataMaskingInvalidOptionsError } from '../errors';
import type { ProviderOptions } from '../types';

/**
 * Checks that `providerOptions` is a plain options object and returns an own copy (so later
 * changes to the caller's object change nothing). What its keys mean is the provider's to check,
 * on each call (`AWSEncryptionSDKProvider` refuses unknown keys and bad values).
 *
 * @throws DataMaskingInvalidOptionsError naming `where` for anything but a plain object.
 */
export const validateProviderOptions = (providerOptions: unknown, where: string): ProviderOptions | undefined => {
  if (providerOptions === undefined) return undefined;
  if (typeof providerOptions !== 'object' || providerOptions === null || Array.isArray(providerOptions)) {
    throw new DataMaskingInvalidOptionsError(`${where}: providerOptions must be an object such as { algorithmSuiteId }`);
  }
  return Object.freeze({ ...(providerOptions as ProviderOptions) });
};

/**
 * Provider options from the most general level to the most specific (masker or module, then the
 * call or route, then the `@Encrypt` property): each level's keys win over the previous ones.
 */
export const mergeProviderOptions = (...levels: readonly (ProviderOptions | undefined)[]): ProviderOptions | undefined => {
  let merged: ProviderOptions | undefined;
  for (const level of levels) {
    if (level === undefined) continue;
    merged = merged === undefined ? level : { ...merged, ...level };
  }
  return merged;
};
