import { DataMaskingInvalidOptionsError } from '../../../errors';
import { isKmsKeyArn } from '../key-arn';
import { HIERARCHICAL_KEYRING_DEFAULTS, type BranchKeyIdFromContext, type BranchKeyStoreOptions, type HierarchicalKeyringOptions } from './options';

/** A DynamoDB table name: 3 to 255 of `[a-zA-Z0-9_.-]`. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

const own = <T extends object>(object: T, key: string): unknown => (Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined);

/** The region of a validated KMS key ARN. */
export const kmsKeyRegion = (arn: string): string => arn.split(':')[3]!;

/** The validated key store settings, own members only. */
export interface ResolvedKeyStore {
  readonly tableName: string;
  readonly logicalName: string;
  readonly kmsKeyArn: string;
  readonly kmsClientConfig: BranchKeyStoreOptions['kmsClientConfig'];
  readonly dynamoDbClientConfig: BranchKeyStoreOptions['dynamoDbClientConfig'];
  /** The caller's clients, not yet checked against the SDK classes (see clients.ts). */
  readonly kmsClient: object | undefined;
  readonly dynamoDbClient: object | undefined;
}

/** @throws DataMaskingInvalidOptionsError naming the bad option. */
export const resolveKeyStoreOptions = (options: unknown): ResolvedKeyStore => {
  if (typeof options !== 'object' || options === null) {
    throw new DataMaskingInvalidOptionsError('The branch key store needs options: { keyStoreTableName, kmsKeyArn }');
  }
  const tableName = own(options, 'keyStoreTableName');
  if (typeof tableName !== 'string' || !TABLE_NAME.test(tableName)) {
    throw new DataMaskingInvalidOptionsError('keyStoreTableName must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)');
  }
  const logicalName = own(options, 'logicalKeyStoreName') ?? tableName;
  if (typeof logicalName !== 'string' || logicalName.length === 0 || logicalName.length > 255) {
    throw new DataMaskingInvalidOptionsError('logicalKeyStoreName must be a non-empty string of at most 255 characters');
  }
  const kmsKeyArn = own(options, 'kmsKeyArn');
  if (!isKmsKeyArn(kmsKeyArn)) {
    throw new DataMaskingInvalidOptionsError('kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), not an alias');
  }
  const kmsClientConfig = own(options, 'kmsClientConfig');
  const dynamoDbClientConfig = own(options, 'dynamoDbClientConfig');
  for (const [name, value] of [
    ['kmsClientConfig', kmsClientConfig],
    ['dynamoDbClientConfig', dynamoDbClientConfig],
  ] as const) {
    if (value !== undefined && (typeof value !== 'object' || value === null)) {
      throw new DataMaskingInvalidOptionsError(`${name} must be an object`);
    }
  }
  const kmsClient = own(options, 'kmsClient');
  const dynamoDbClient = own(options, 'dynamoDbClient');
  for (const [name, client, config] of [
    ['kmsClient', kmsClient, kmsClientConfig],
    ['dynamoDbClient', dynamoDbClient, dynamoDbClientConfig],
  ] as const) {
    if (client === undefined) continue;
    if (config !== undefined) throw new DataMaskingInvalidOptionsError(`Give either ${name} or ${name}Config, not both`);
    if (typeof client !== 'object' || client === null || typeof (client as { send?: unknown }).send !== 'function') {
      throw new DataMaskingInvalidOptionsError(`${name} must be an AWS SDK v3 client instance`);
    }
  }
  return {
    tableName,
    logicalName,
    kmsKeyArn,
    kmsClientConfig: kmsClientConfig as ResolvedKeyStore['kmsClientConfig'],
    dynamoDbClientConfig: dynamoDbClientConfig as ResolvedKeyStore['dynamoDbClientConfig'],
    kmsClient: kmsClient as object | undefined,
    dynamoDbClient: dynamoDbClient as object | undefined,
  };
};

/** The validated keyring settings. */
export interface ResolvedHierarchical {
  readonly keyStore: ResolvedKeyStore;
  readonly branchKeyId: string | undefined;
  readonly branchKeyIdFromContext: BranchKeyIdFromContext | undefined;
  readonly cacheTtlSeconds: number;
  readonly cacheSize: number;
}

/** @throws DataMaskingInvalidOptionsError naming the bad option. */
export const resolveHierarchicalOptions = (options: unknown): ResolvedHierarchical => {
  const keyStore = resolveKeyStoreOptions(options);
  const source = options as HierarchicalKeyringOptions;
  const branchKeyId = own(source, 'branchKeyId');
  const fromContext = own(source, 'branchKeyIdFromContext');
  if ((branchKeyId === undefined) === (fromContext === undefined)) {
    throw new DataMaskingInvalidOptionsError('hierarchical needs exactly one of branchKeyId and branchKeyIdFromContext');
  }
  if (branchKeyId !== undefined && (typeof branchKeyId !== 'string' || branchKeyId.length === 0)) {
    throw new DataMaskingInvalidOptionsError('branchKeyId must be a non-empty string');
  }
  if (fromContext !== undefined && typeof fromContext !== 'function' && (typeof fromContext !== 'string' || fromContext.length === 0)) {
    throw new DataMaskingInvalidOptionsError('branchKeyIdFromContext must be an encryption context key or a function of the context');
  }
  const ttl = own(source, 'cacheTtlSeconds') ?? HIERARCHICAL_KEYRING_DEFAULTS.cacheTtlSeconds;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0 || ttl > 86_400 * 365) {
    throw new DataMaskingInvalidOptionsError('cacheTtlSeconds must be a positive number of seconds');
  }
  const size = own(source, 'cacheSize') ?? HIERARCHICAL_KEYRING_DEFAULTS.cacheSize;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 1_000_000) {
    throw new DataMaskingInvalidOptionsError('cacheSize must be an integer from 1 to 1000000');
  }
  return {
    keyStore,
    branchKeyId: branchKeyId as string | undefined,
    branchKeyIdFromContext: fromContext as BranchKeyIdFromContext | undefined,
    cacheTtlSeconds: ttl,
    cacheSize: size,
  };
};
