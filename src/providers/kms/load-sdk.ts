import type { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import type { KMS } from '@aws-sdk/client-kms';
import { requireOptional } from '../../optional/require-optional';
import { KMS_PEERS } from './peer-list';

/**
 * `@aws-sdk/client-kms`, loaded only when a provider is built with `keys`.
 * (The ES module build for bundlers imports it statically: `load-sdk.esm.ts`.)
 * @internal
 */
export const loadKmsClass = (): typeof KMS =>
  requireOptional<typeof import('@aws-sdk/client-kms')>('@aws-sdk/client-kms', "'lambda-data-masking/kms'", KMS_PEERS).KMS;

/**
 * `KmsKeyringNode` without the package index, which also loads the hierarchical keyring and with
 * it `@aws-sdk/client-dynamodb` (~50 ms of cold start we never use). Falls back to the index if a
 * future layout moves the file.
 * @internal
 */
export const loadKmsKeyringNode = (): typeof KmsKeyringNode => {
  try {
    return (require('@aws-crypto/kms-keyring-node/build/main/src/kms_keyring_node') as { KmsKeyringNode: typeof KmsKeyringNode }).KmsKeyringNode;
  } catch {
    return requireOptional<typeof import('@aws-crypto/kms-keyring-node')>('@aws-crypto/kms-keyring-node', "'lambda-data-masking/kms'", KMS_PEERS)
      .KmsKeyringNode;
  }
};
