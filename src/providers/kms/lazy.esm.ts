// ES module build (for bundlers): static imports a bundler follows (see lazy.ts for the CommonJS build).
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { enableEncryption } from '../../operations/encryption';
import * as hierarchical from './hierarchical/keyring';

/** @internal */
export const enableEncryptionOnUse = (): void => enableEncryption();

/** @internal */
export const loadHierarchical = (): typeof hierarchical => hierarchical;

/** @internal */
export const loadStreamingSdk = (): { buildEncrypt: typeof buildEncrypt; buildDecrypt: typeof buildDecrypt } => ({ buildEncrypt, buildDecrypt });
