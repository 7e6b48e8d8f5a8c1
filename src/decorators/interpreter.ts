import { DataMaskingError } from '../errors';
import type { EncryptionContext, EncryptionProvider, ProviderOptions } from '../types';

/** Options of {@link DataMasking.mask} and {@link DataMasking.unmask}. */
export interface MaskOptions {
  /** Encryption context added to every `@Encrypt` property's own context. */
  context?: EncryptionContext;
  /** Provider-specific per-call options. */
  providerOptions?: ProviderOptions;
}

/** @internal */
export const maskDecorated = async (_value: unknown, _provider: EncryptionProvider | undefined, _options: MaskOptions | undefined): Promise<unknown> => {
  throw new DataMaskingError('mask is not implemented yet');
};

/** @internal */
export const unmaskDecorated = async (_type: abstract new (...args: never[]) => unknown, _masked: unknown, _provider: EncryptionProvider | undefined, _options: MaskOptions | undefined): Promise<unknown> => {
  throw new DataMaskingError('unmask is not implemented yet');
};
