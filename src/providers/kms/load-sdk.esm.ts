// ES module build (for bundlers): static imports a bundler follows. The keyring comes from its own
// file, not the package index, which would also bring the hierarchical keyring and the DynamoDB client.
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node/build/module/src/kms_keyring_node.js';
import type { KmsKeyringNode as KmsKeyringNodeType } from '@aws-crypto/kms-keyring-node';
import { KMS } from '@aws-sdk/client-kms';

/** @internal */
export const loadKmsClass = (): typeof KMS => KMS;

/** @internal */
export const loadKmsKeyringNode = (): typeof KmsKeyringNodeType => KmsKeyringNode as typeof KmsKeyringNodeType;
