import type { KeyringNode } from '@aws-crypto/material-management-node';
import { kmsClientProvider, type KmsClientSource } from './kms-client';
import { loadKmsKeyringNode } from './load-sdk';

type KmsKeyringNodeClass = typeof import('@aws-crypto/kms-keyring-node').KmsKeyringNode;

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
