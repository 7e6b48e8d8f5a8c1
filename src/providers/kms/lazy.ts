import type { MaskerEncryption } from '../../operations/encryption';
import { provideEncryption } from '../../operations/encryption-registry';

type Encryption = typeof import('../../operations/encryption');
type Hierarchical = typeof import('./hierarchical/keyring');

/**
 * Hands field-level encryption over to `DataMasking` (what `enableEncryption` does) with its code
 * loaded when the first `DataMasking` is given a provider, not when `/kms` is imported: it brings
 * the JSONPath engine, which an erase-only function never needs from this entry.
 * (The ES module build for bundlers imports it statically: `lazy.esm.ts`.)
 * @internal
 */
export const enableEncryptionOnUse = (): void =>
  provideEncryption(
    (masker, provider, providerOptions, context): MaskerEncryption =>
      new (require('../../operations/encryption') as Encryption).MaskerEncryption(masker, provider, providerOptions, context),
  );

/** The hierarchical keyring, loaded when a provider is built with `hierarchical`. @internal */
export const loadHierarchical = (): Hierarchical => require('./hierarchical/keyring') as Hierarchical;
