import { assertInstalled, missingPackages } from '../../optional/require-optional';
import { KMS_PEERS } from './peer-list';

const FEATURE = "'lambda-data-masking/kms'";

/**
 * A missing peer is named at import with the npm install line (every missing peer at once)
 * instead of a bare "Cannot find module". The packages the entry loads at once are loaded here,
 * first, and looked up only when one fails (a lookup of all seven costs a few ms of every cold
 * start); the ones loaded on first use (the KMS client and keyring for `keys`, the streaming
 * encrypt and decrypt for messages over 64 KB) are looked up now, so a function does not fail
 * on its first large message.
 */
try {
  require('@aws-crypto/material-management-node');
  require('@aws-crypto/serialize');
  require('@aws-crypto/caching-materials-manager-node');
} catch (error) {
  if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') assertInstalled(FEATURE, KMS_PEERS);
  throw error;
}
if (missingPackages(['@aws-crypto/encrypt-node', '@aws-crypto/decrypt-node', '@aws-crypto/kms-keyring-node', '@aws-sdk/client-kms']).length > 0) {
  assertInstalled(FEATURE, KMS_PEERS);
}
