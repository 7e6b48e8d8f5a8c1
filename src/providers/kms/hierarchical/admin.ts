import { DataMaskingEncryptKeyError, DataMaskingInvalidOptionsError } from '../../../errors';
import { captureKeyFailures, KeyMaterialsFailure } from '../key-failure';
import { buildBranchKeyStore } from './branch-key-store';
import { buildDynamoDbClient } from './clients';
import type { BranchKeyStoreOptions } from './options';
import { resolveKeyStoreOptions } from './validate';
import { requireOptional } from '../../../optional/require-optional';

const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

/** Runs one admin call; any failure is a typed error naming the failed AWS call, never data. */
const run = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await captureKeyFailures(call);
  } catch (error) {
    const failure = error instanceof KeyMaterialsFailure ? error : undefined;
    const first = failure?.kmsFailures[0];
    const detail =
      first !== undefined ? `${first.operation} with ${first.keyId ?? 'an unnamed resource'}: ${errorName(first.error)}` : errorName(failure?.cause ?? error);
    throw new DataMaskingEncryptKeyError(`Could not ${what}: ${detail}`, { cause: first?.error ?? failure?.cause ?? error });
  }
};

/** Options of {@link createBranchKey}. */
export interface CreateBranchKeyOptions extends BranchKeyStoreOptions {
  /**
   * The branch key id, e.g. the tenant id (so `branchKeyIdFromContext: 'tenant_id'` finds it).
   * @default a random UUID
   */
  branchKeyId?: string;
  /**
   * Extra encryption context bound to the branch key in KMS (visible in CloudTrail: no secrets).
   * @default { 'created-by': 'lambda-data-masking' } when branchKeyId is given (the SDK requires one then)
   */
  encryptionContext?: Readonly<Record<string, string>>;
}

/** Behind the public `createBranchKey` of branch-key-admin.ts (documented there), which loads this file on its first call. @internal */
export const createBranchKey = async (options: CreateBranchKeyOptions): Promise<string> => {
  const store = resolveKeyStoreOptions(options);
  const branchKeyId = Object.hasOwn(options, 'branchKeyId') ? options.branchKeyId : undefined;
  if (branchKeyId !== undefined && (typeof branchKeyId !== 'string' || branchKeyId.length === 0 || branchKeyId.length > 1024)) {
    throw new DataMaskingInvalidOptionsError('branchKeyId must be a non-empty string of at most 1024 characters');
  }
  const given = Object.hasOwn(options, 'encryptionContext') ? options.encryptionContext : undefined;
  if (given !== undefined && (typeof given !== 'object' || given === null || Object.values(given).some((value) => typeof value !== 'string'))) {
    throw new DataMaskingInvalidOptionsError('encryptionContext must be an object of strings');
  }
  const encryptionContext = given ?? (branchKeyId === undefined ? undefined : { 'created-by': 'lambda-data-masking' });
  const keyStore = buildBranchKeyStore(store, false);
  const { branchKeyIdentifier } = await run('create the branch key', () =>
    keyStore.createKey({
      ...(branchKeyId === undefined ? {} : { branchKeyIdentifier: branchKeyId }),
      ...(encryptionContext === undefined ? {} : { encryptionContext: { ...encryptionContext } }),
    }),
  );
  return branchKeyIdentifier;
};

/** Options of {@link rotateBranchKey}. */
export interface RotateBranchKeyOptions extends BranchKeyStoreOptions {
  /** The branch key to give a new active version. */
  branchKeyId: string;
}

/** Behind the public `rotateBranchKey` of branch-key-admin.ts (documented there), which loads this file on its first call. @internal */
export const rotateBranchKey = async (options: RotateBranchKeyOptions): Promise<void> => {
  const store = resolveKeyStoreOptions(options);
  const branchKeyId = Object.hasOwn(options, 'branchKeyId') ? options.branchKeyId : undefined;
  if (typeof branchKeyId !== 'string' || branchKeyId.length === 0) {
    throw new DataMaskingInvalidOptionsError('branchKeyId must be a non-empty string');
  }
  const keyStore = buildBranchKeyStore(store, false);
  await run('rotate the branch key', () => keyStore.versionKey({ branchKeyIdentifier: branchKeyId }));
};

/** Behind the public `createBranchKeyStoreTable` of branch-key-admin.ts (documented there), which loads this file on its first call. @internal */
export const createBranchKeyStoreTable = async (options: BranchKeyStoreOptions): Promise<void> => {
  const store = resolveKeyStoreOptions(options);
  const ddb = requireOptional<typeof import('@aws-sdk/client-dynamodb')>('@aws-sdk/client-dynamodb', "'lambda-data-masking/kms' hierarchical keyring");
  const client = buildDynamoDbClient(store.kmsKeyArn, store.tableName, store.dynamoDbClientConfig, store.dynamoDbClient);
  try {
    await run('create the key store table', async () => {
      await client.send(
        new ddb.CreateTableCommand({
          TableName: store.tableName,
          KeySchema: [
            { AttributeName: 'branch-key-id', KeyType: 'HASH' },
            { AttributeName: 'type', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'branch-key-id', AttributeType: 'S' },
            { AttributeName: 'type', AttributeType: 'S' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      await ddb.waitUntilTableExists({ client, maxWaitTime: 300, minDelay: 1, maxDelay: 5 }, { TableName: store.tableName });
    });
  } finally {
    // The caller's own client stays theirs.
    if (store.dynamoDbClient === undefined) client.destroy();
  }
};
