import { DataMaskingInvalidOptionsError } from '../errors';
import type { SetUpEncryption } from './encryption';

let setUp: SetUpEncryption | undefined;

/**
 * Field-level encryption reaches `DataMasking` only when handed over (`enableEncryption`, which
 * `AWSEncryptionSDKProvider` calls when it is built), in the CommonJS and the ES module build
 * alike: a bundler leaves it out of erase-only programs, and a CommonJS test shows what the
 * bundle would do.
 * @internal
 */
export const provideEncryption = (support: SetUpEncryption): void => {
  setUp ??= support;
};

/**
 * @throws DataMaskingInvalidOptionsError naming the fix when nothing has handed the support over.
 * @internal
 */
export const requireEncryption = (): SetUpEncryption => {
  if (setUp === undefined) {
    throw new DataMaskingInvalidOptionsError('provider, context and providerOptions need enableEncryption() first (AWSEncryptionSDKProvider calls it)');
  }
  return setUp;
};
