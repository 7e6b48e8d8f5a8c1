/**
 * Many tenants, many containers: the AWS KMS Hierarchical keyring. Each tenant has a branch key,
 * stored wrapped in a DynamoDB table; a container unwraps it with KMS once per `cacheTtlSeconds`,
 * then wraps every message's data key locally: no KMS call per message, per field or per
 * container-and-tenant data key. See docs/multi-tenant.md for when to choose it.
 * Needs `@aws-crypto/branch-keystore-node` (with `@aws-sdk/client-dynamodb`). Event: events/tenant-event.json.
 */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider, createBranchKey } from 'lambda-data-masking/kms';
import { buildOnFirstCall, requiredEnv } from './lambda';

/** Where the branch keys live. In Lambda, only the first two (the clients' defaults do the rest). */
export interface KeyStoreSettings {
  /** The DynamoDB table of the branch key store (created once: `createBranchKeyStoreTable`). */
  keyStoreTableName: string;
  /** The KMS key ARN that wraps the branch keys. */
  kmsKeyArn: string;
  kmsClientConfig?: KMSClientConfig;
  dynamoDbClientConfig?: DynamoDBClientConfig;
}

/** Onboarding a tenant (once, from an admin task): its branch key, named by the tenant id. */
export const onboardTenant = (settings: KeyStoreSettings, tenantId: string): Promise<string> =>
  createBranchKey({ ...settings, branchKeyId: tenantId });

/** A masker whose messages are keyed by the `tenant_id` entry of their encryption context. */
export const createMasker = (settings: KeyStoreSettings): DataMasking =>
  new DataMasking({
    provider: new AWSEncryptionSDKProvider({
      hierarchical: {
        ...settings,
        branchKeyIdFromContext: 'tenant_id', // the context entry that names the branch key
        cacheTtlSeconds: 300, // one DynamoDB read and one KMS Decrypt per tenant per 5 minutes
        cacheSize: 1000, // branch keys kept: the tenants active within the TTL
      },
    }),
  });

export const createHandler = (settings: KeyStoreSettings) => {
  const masker = createMasker(settings);

  return async (event: { tenant_id: string; body: Record<string, unknown> }) => ({
    tenant_id: event.tenant_id,
    body: await masker.encrypt(event.body, { fields: ['email', 'address'], context: { tenant_id: event.tenant_id } }),
  });
};

export const handler = buildOnFirstCall(() =>
  createHandler({ keyStoreTableName: requiredEnv('BRANCH_KEY_TABLE'), kmsKeyArn: requiredEnv('BRANCH_KEY_KMS_KEY_ARN') }),
);
