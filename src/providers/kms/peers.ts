import { assertInstalled } from '../../optional/require-optional';
import { KMS_PEERS } from './peer-list';

/**
 * Loads the peers the entry itself needs, first, so that a missing one is named with the npm
 * install line (every missing peer at once) instead of a bare "Cannot find module". Looking them
 * up only when one fails keeps `require.resolve` of seven packages (a few ms) out of every cold
 * start. The KMS client and `KmsKeyringNode` load when a provider is built with `keys`, through
 * the same named error (load-sdk.ts).
 */
try {
  require('@aws-crypto/material-management-node');
  require('@aws-crypto/serialize');
  require('@aws-crypto/caching-materials-manager-node');
  require('@aws-crypto/encrypt-node');
  require('@aws-crypto/decrypt-node');
} catch (error) {
  if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND') assertInstalled("'lambda-data-masking/kms'", KMS_PEERS);
  throw error;
}
