// ES module build (for bundlers): static imports a bundler follows (see lazy.ts for the CommonJS build).
import { enableEncryption } from '../../operations/encryption';
import * as hierarchical from './hierarchical/keyring';

/** @internal */
export const enableEncryptionOnUse = (): void => enableEncryption();

/** @internal */
export const loadHierarchical = (): typeof hierarchical => hierarchical;
