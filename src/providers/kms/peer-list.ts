/**
 * The optional peers `lambda-data-masking/kms` needs: the narrow Encryption SDK packages (not
 * `@aws-crypto/client-node`, whose index also loads the DynamoDB client and costs about 150 ms
 * of cold start) and the KMS client.
 */
export const KMS_PEERS = [
  '@aws-crypto/caching-materials-manager-node',
  '@aws-crypto/decrypt-node',
  '@aws-crypto/encrypt-node',
  '@aws-crypto/kms-keyring-node',
  '@aws-crypto/material-management-node',
  '@aws-crypto/serialize',
  '@aws-sdk/client-kms',
] as const;
