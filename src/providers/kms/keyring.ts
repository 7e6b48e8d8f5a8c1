import type { KeyringNode } from '@aws-crypto/material-management-node';
import { kmsClientProvider, type KmsClientSource } from './kms-client';

type KmsKeyringNodeClass = typeof import('@aws-crypto/kms-keyring-node').KmsKeyringNode;

/**
 * Loads `KmsKeyringNode` without the package index, which also loads the hierarchical
 * keyring and with it `@aws-sdk/client-dynamodb` (~50 ms of cold start we never use).
 * Falls back to the index if a future layout moves the file.
 */
const loadKmsKeyringNode = (): KmsKeyringNodeClass => {
  try {
    return (require('@aws-crypto/kms-keyring-node/build/main/src/kms_keyring_node') as { KmsKeyringNode: KmsKeyringNodeClass })
      .KmsKeyringNode;
  } catch {
    return (require('@aws-crypto/kms-keyring-node') as typeof import('@aws-crypto/kms-keyring-node')).KmsKeyringNode;
  }
};

/**
 * The KMS keyring for validated key ARNs: the first generates the data key (GenerateDataKey),
 * each other one wraps it too (Encrypt); on decrypt any of them may unwrap it.
 */
export const buildKmsKeyring = (keys: readonly string[], source: KmsClientSource): KeyringNode => {
  const KmsKeyringNode = loadKmsKeyringNode();
  const [generatorKeyId, ...keyIds] = keys;
  return new KmsKeyringNode({
    generatorKeyId,
    keyIds,
    clientProvider: kmsClientProvider(source) as NonNullable<ConstructorParameters<KmsKeyringNodeClass>[0]>['clientProvider'],
  });
};
