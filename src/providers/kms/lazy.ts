import type { buildDecrypt } from '@aws-crypto/decrypt-node';
import type { buildEncrypt } from '@aws-crypto/encrypt-node';
import type { MaskerEncryption } from '../../operations/encryption';
import { provideEncryption } from '../../operations/encryption-registry';
import { requireOptional } from '../../optional/require-optional';
import { KMS_PEERS } from './peer-list';

type Encryption = typeof import('../../operations/encryption');
type Hierarchical = typeof import('./hierarchical/keyring');

/**
 * What `/kms` loads on first use rather than when it is imported (every function's cold start):
 * each part below is needed by some uses only. (The ES module build for bundlers imports them
 * statically: `lazy.esm.ts`.)
 */

/**
 * Hands field-level encryption over to `DataMasking` (what `enableEncryption` does) with its code
 * loaded when the first `DataMasking` is given a provider: it brings the JSONPath engine.
 * @internal
 */
export const enableEncryptionOnUse = (): void =>
  provideEncryption(
    (masker, provider, providerOptions, context): MaskerEncryption =>
      new (require('../../operations/encryption') as Encryption).MaskerEncryption(masker, provider, providerOptions, context),
  );

/** The hierarchical keyring, loaded when a provider is built with `hierarchical`. @internal */
export const loadHierarchical = (): Hierarchical => require('./hierarchical/keyring') as Hierarchical;

/**
 * The SDK's streaming encrypt and decrypt, for messages over 64 KB only (smaller ones are made and
 * read in memory, encrypt-message.ts and decrypt-message.ts): about a quarter of the SDK's load
 * time. peers.ts checked at import that they are installed.
 * @internal
 */
export const loadStreamingSdk = (): { buildEncrypt: typeof buildEncrypt; buildDecrypt: typeof buildDecrypt } => ({
  buildEncrypt: requireOptional<typeof import('@aws-crypto/encrypt-node')>('@aws-crypto/encrypt-node', "'lambda-data-masking/kms'", KMS_PEERS).buildEncrypt,
  buildDecrypt: requireOptional<typeof import('@aws-crypto/decrypt-node')>('@aws-crypto/decrypt-node', "'lambda-data-masking/kms'", KMS_PEERS).buildDecrypt,
});
