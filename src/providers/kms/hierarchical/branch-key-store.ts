import type { BranchKeyStoreNode } from '@aws-crypto/branch-keystore-node';
import type { NodeBranchKeyMaterial } from '@aws-crypto/material-management';
import { shareKmsCall } from '../key-failure';
import { buildDynamoDbClient, buildKmsClient } from './clients';
import type { ResolvedKeyStore } from './validate';
import { requireOptional } from '../../../optional/require-optional';

type BranchKeyStoreClass = typeof BranchKeyStoreNode;

/**
 * `@aws-crypto/branch-keystore-node` loads `@aws-sdk/client-dynamodb`: required here, on first
 * use of the hierarchical keyring, never by `lambda-data-masking/kms` itself.
 */
const loadBranchKeyStore = (): BranchKeyStoreClass =>
  requireOptional<typeof import('@aws-crypto/branch-keystore-node')>('@aws-crypto/branch-keystore-node', "'lambda-data-masking/kms' hierarchical keyring")
    .BranchKeyStoreNode;

let coalescingClass: BranchKeyStoreClass | undefined;

/**
 * The SDK's branch key store, with concurrent fetches of one branch key version coalesced:
 * the hierarchical keyring has no single-flight of its own, so 200 requests of a tenant whose
 * branch key is not cached would make 200 DynamoDB reads and 200 KMS Decrypt calls. Here the
 * first fetches and the others wait for it (and share its outcome, failures included).
 * A subclass, because the keyring accepts nothing but a `BranchKeyStoreNode`.
 */
const coalescingBranchKeyStore = (): BranchKeyStoreClass => {
  if (coalescingClass !== undefined) return coalescingClass;
  const Base = loadBranchKeyStore();
  // The base constructor freezes the instance, so the in-flight fetches live beside it.
  const inFlight = new WeakMap<object, Map<string, () => Promise<NodeBranchKeyMaterial>>>();
  const once = (store: object, key: string, fetch: () => Promise<NodeBranchKeyMaterial>): Promise<NodeBranchKeyMaterial> => {
    let flights = inFlight.get(store);
    if (flights === undefined) {
      flights = new Map();
      inFlight.set(store, flights);
    }
    let join = flights.get(key);
    if (join === undefined) {
      const shared = shareKmsCall(fetch);
      join = shared;
      flights.set(key, shared);
      const forget = (): void => {
        if (flights.get(key) === shared) flights.delete(key);
      };
      shared().then(forget, forget);
    }
    return join();
  };
  class CoalescingBranchKeyStore extends Base {
    public override getActiveBranchKey(branchKeyId: string): Promise<NodeBranchKeyMaterial> {
      return once(this, JSON.stringify(['active', branchKeyId]), () => super.getActiveBranchKey(branchKeyId));
    }

    public override getBranchKeyVersion(branchKeyId: string, branchKeyVersion: string): Promise<NodeBranchKeyMaterial> {
      return once(this, JSON.stringify(['version', branchKeyId, branchKeyVersion]), () => super.getBranchKeyVersion(branchKeyId, branchKeyVersion));
    }
  }
  coalescingClass = CoalescingBranchKeyStore;
  return coalescingClass;
};

/**
 * A branch key store on the table, with watched KMS and DynamoDB clients (the caller's, or its own).
 * `coalesce: false` gives the SDK's store as it is (for the admin helpers, which only create
 * and version keys).
 */
export const buildBranchKeyStore = (options: ResolvedKeyStore, coalesce = true): BranchKeyStoreNode => {
  const Store = coalesce ? coalescingBranchKeyStore() : loadBranchKeyStore();
  return new Store({
    logicalKeyStoreName: options.logicalName,
    storage: {
      ddbTableName: options.tableName,
      ddbClient: buildDynamoDbClient(options.kmsKeyArn, options.tableName, options.dynamoDbClientConfig, options.dynamoDbClient),
    },
    keyManagement: { kmsClient: buildKmsClient(options.kmsKeyArn, options.kmsClientConfig, options.kmsClient) },
    kmsConfiguration: { identifier: options.kmsKeyArn },
  });
};
