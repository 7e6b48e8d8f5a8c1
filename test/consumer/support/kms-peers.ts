/** The packages a `lambda-data-masking/kms` user installs (the README's install line). */
export const KMS_PEERS = [
  '@aws-crypto/caching-materials-manager-node',
  '@aws-crypto/decrypt-node',
  '@aws-crypto/encrypt-node',
  '@aws-crypto/kms-keyring-node',
  '@aws-crypto/material-management-node',
  '@aws-crypto/serialize',
  '@aws-sdk/client-kms',
] as const;
