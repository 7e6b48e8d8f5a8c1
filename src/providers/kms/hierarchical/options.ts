import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { KMSClient, KMSClientConfig } from '@aws-sdk/client-kms';

/**
 * The defaults of {@link HierarchicalKeyringOptions}.
 * - `cacheTtlSeconds`: how long an unwrapped branch key is used before it is read again from
 *   DynamoDB and unwrapped again by KMS.
 * - `cacheSize`: branch key versions kept per provider (the active version of each tenant used
 *   to encrypt, and each version met when decrypting, count one each).
 */
export const HIERARCHICAL_KEYRING_DEFAULTS = Object.freeze({
  cacheTtlSeconds: 300,
  cacheSize: 1000,
});

/**
 * Names the branch key of each message from its encryption context: the name of a context key
 * whose value IS the branch key id (e.g. `'tenant_id'` when branch keys are created with the
 * tenant ids as their ids), or a function from the context to the branch key id.
 *
 * The function receives the message's whole encryption context, including the library's
 * reserved field-location entry and the SDK's `aws-crypto-public-key`: read only the keys you need.
 */
export type BranchKeyIdFromContext = string | ((context: Readonly<Record<string, string>>) => string);

/** Where the branch keys live and how they are wrapped. Shared by the provider and the helpers. */
export interface BranchKeyStoreOptions {
  /** The DynamoDB table of the branch key store (see `createBranchKeyStoreTable`). */
  keyStoreTableName: string;
  /**
   * The logical name of the key store, bound into every branch key's KMS encryption context.
   * It must stay the same for the life of the table (changing it makes every branch key unreadable).
   * @default keyStoreTableName
   */
  logicalKeyStoreName?: string;
  /** The KMS key ARN that wraps the branch keys (GenerateDataKeyWithoutPlaintext, ReEncrypt, Decrypt). */
  kmsKeyArn: string;
  /**
   * Configuration of the `KMSClient` the key store creates: credentials, endpoint, retries...
   * The region comes from `kmsKeyArn`.
   */
  kmsClientConfig?: KMSClientConfig;
  /**
   * Your own `KMSClient` (or aggregated `KMS`) instead of `kmsClientConfig`, e.g. one shared with
   * the rest of your function or instrumented by you. It must be in the region of `kmsKeyArn`
   * and come from the `@aws-sdk/client-kms` this library loads (the branch key store checks
   * `instanceof KMSClient`). It is used as it is: never modified, never destroyed.
   */
  kmsClient?: KMSClient;
  /** Configuration of the `DynamoDBClient` the key store creates. The region defaults to the KMS key's. */
  dynamoDbClientConfig?: DynamoDBClientConfig;
  /**
   * Your own `DynamoDBClient` (or aggregated `DynamoDB`) instead of `dynamoDbClientConfig`, from
   * the `@aws-sdk/client-dynamodb` this library loads. Used as it is: never modified, never destroyed.
   */
  dynamoDbClient?: DynamoDBClient;
}

/**
 * The AWS KMS Hierarchical keyring: one branch key per tenant, stored wrapped in DynamoDB,
 * unwrapped by KMS once per `cacheTtlSeconds` and cached; each message's data key is then
 * wrapped locally with a key derived from the branch key (no KMS call per message).
 *
 * Give exactly one of `branchKeyId` (a single branch key) and `branchKeyIdFromContext`.
 */
export interface HierarchicalKeyringOptions extends BranchKeyStoreOptions {
  /** One branch key for every message. */
  branchKeyId?: string;
  /** The branch key of each message, named by its encryption context (multi-tenant). */
  branchKeyIdFromContext?: BranchKeyIdFromContext;
  /**
   * Seconds an unwrapped branch key is used before being fetched and unwrapped again.
   * Fractions allowed. This, not a data-key cache, bounds how long a revoked KMS key still works.
   * @default 300
   */
  cacheTtlSeconds?: number;
  /**
   * Branch key versions kept in the provider's cache (least recently used evicted first).
   * Size it to the tenants active within `cacheTtlSeconds`, plus old versions still decrypted.
   * @default 1000
   */
  cacheSize?: number;
}
