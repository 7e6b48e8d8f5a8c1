import type { CreateBranchKeyOptions, RotateBranchKeyOptions } from './admin';
import type { BranchKeyStoreOptions } from './options';

type Admin = typeof import('./admin');

/**
 * The branch key helpers of `lambda-data-masking/kms`, each loading the admin code (key store,
 * clients, validation) on its first call: importing `/kms` costs every function's cold start,
 * and most never administer branch keys. (The ES module build re-exports `admin.ts` directly.)
 */
const admin = (): Admin => require('./admin') as Admin;

/**
 * Creates a branch key (its first version) in the key store: KMS `GenerateDataKeyWithoutPlaintext`
 * (twice: the branch key and its beacon key) and `ReEncrypt`, then one DynamoDB `TransactWriteItems`
 * that fails if the id exists.
 * @returns the branch key id.
 * @throws DataMaskingInvalidOptionsError for bad options; DataMaskingEncryptKeyError when KMS or
 * DynamoDB refuses (the typed AWS exception is the `cause`), e.g. an id that already exists.
 */
export const createBranchKey = async (options: CreateBranchKeyOptions): Promise<string> => admin().createBranchKey(options);

/**
 * Rotates a branch key: a new version becomes active for encryption; older versions stay in the
 * table, so every message made with them still decrypts. Providers pick up the new version when
 * their cached one expires (`cacheTtlSeconds`).
 * @throws DataMaskingEncryptKeyError when KMS or DynamoDB refuses (typed AWS exception as `cause`).
 */
export const rotateBranchKey = async (options: RotateBranchKeyOptions): Promise<void> => admin().rotateBranchKey(options);

/**
 * Creates the key store's DynamoDB table (partition key `branch-key-id`, sort key `type`, both
 * strings; on-demand billing) and waits until it is active. Once per key store, e.g. at deploy.
 * @throws DataMaskingEncryptKeyError when DynamoDB refuses (e.g. `ResourceInUseException`: it exists).
 */
export const createBranchKeyStoreTable = async (options: BranchKeyStoreOptions): Promise<void> => admin().createBranchKeyStoreTable(options);
