/**
 * The DynamoDB Local of this test run (spawned by test/support/global-setup.ts), and a fresh
 * branch key store table on it per caller, so test files never share key stores.
 */
import { randomUUID } from 'node:crypto';
import { createBranchKeyStoreTable, type BranchKeyStoreOptions } from 'lambda-data-masking/kms';
import { DynamoDbLocal, type LocalKms } from 'lambda-data-masking/testing';

/** The endpoint, once DynamoDB Local answers (its JVM may still be starting). */
export const dynamoDbEndpoint = async (): Promise<string> => {
  const endpoint = process.env.LDM_DYNAMODB_ENDPOINT;
  if (endpoint === undefined) {
    throw new Error('DynamoDB Local was not started: name the test file *hierarchical*.test.ts or list it in test/support/global-setup.ts');
  }
  await DynamoDbLocal.waitFor(endpoint, 180_000);
  return endpoint;
};

/** Dynamo DB client settings for the local endpoint (dummy credentials, no retries unless asked). */
export const dynamoDbClientConfig = (endpoint: string, maxAttempts = 3) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'LOCALDDBACCESSKEYID', secretAccessKey: 'local-dynamodb-dummy-secret' },
  maxAttempts,
});

/** A new key store table, wrapped by a new LocalKms key: the options every helper and provider takes. */
export const newKeyStore = async (kms: LocalKms, endpoint: string, maxAttempts = 3): Promise<BranchKeyStoreOptions> => {
  const options: BranchKeyStoreOptions = {
    keyStoreTableName: `branch-keys-${randomUUID().slice(0, 8)}`,
    kmsKeyArn: kms.createKey().arn,
    kmsClientConfig: { ...kms.clientConfig(), maxAttempts },
    dynamoDbClientConfig: dynamoDbClientConfig(endpoint, maxAttempts),
  };
  await createBranchKeyStoreTable(options);
  return options;
};
