import { type KeyringNode, NodeDefaultCryptographicMaterialsManager, type NodeMaterialsManager } from '@aws-crypto/material-management-node';
import { DataMaskingDecryptKeyError, DataMaskingEncryptKeyError } from '../../../errors';
import { captureKeyFailures, KeyMaterialsFailure } from '../key-failure';
import { BranchKeyCache } from './branch-key-cache';
import { buildBranchKeyStore } from './branch-key-store';
import type { BranchKeyIdFromContext } from './options';
import { resolveHierarchicalOptions } from './validate';
import { requireOptional } from '../../../optional/require-optional';

type HierarchicalKeyringClass = typeof import('@aws-crypto/kms-keyring-node').KmsHierarchicalKeyRingNode;

/** Loads the keyring's own file: the package index would also load the other KMS keyrings. */
const loadHierarchicalKeyring = (): HierarchicalKeyringClass => {
  try {
    return requireOptional<{ KmsHierarchicalKeyRingNode: HierarchicalKeyringClass }>(
      '@aws-crypto/kms-keyring-node/build/main/src/kms_hkeyring_node',
      "'lambda-data-masking/kms' hierarchical keyring",
    ).KmsHierarchicalKeyRingNode;
  } catch {
    return requireOptional<typeof import('@aws-crypto/kms-keyring-node')>('@aws-crypto/kms-keyring-node', "'lambda-data-masking/kms' hierarchical keyring")
      .KmsHierarchicalKeyRingNode;
  }
};

/** Raised inside the keyring when the context does not name a branch key; mapped per direction. */
class BranchKeyIdUnavailable extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'BranchKeyIdUnavailable';
  }
}

const supplierOf = (fromContext: BranchKeyIdFromContext): { getBranchKeyId(context: Record<string, string>): string } => ({
  getBranchKeyId(context) {
    let id: unknown;
    if (typeof fromContext === 'string') {
      id = Object.hasOwn(context, fromContext) ? context[fromContext] : undefined;
      if (id === undefined) {
        throw new BranchKeyIdUnavailable(`The encryption context has no '${fromContext}' entry to name the branch key`);
      }
    } else {
      try {
        id = fromContext(Object.freeze({ ...context }));
      } catch (error) {
        // The function's own message is not kept: it could quote context values.
        throw new BranchKeyIdUnavailable(`branchKeyIdFromContext threw (${error instanceof Error ? error.name : typeof error})`);
      }
    }
    if (typeof id !== 'string' || id.length === 0) {
      throw new BranchKeyIdUnavailable('branchKeyIdFromContext did not return a non-empty string');
    }
    return id;
  },
});

/** Runs one materials request; a context that names no branch key is a typed key error. */
const capture = async <T>(request: () => Promise<T>, KeyError: typeof DataMaskingEncryptKeyError): Promise<T> => {
  try {
    return await captureKeyFailures(request);
  } catch (error) {
    const cause = error instanceof KeyMaterialsFailure ? error.cause : error;
    if (cause instanceof BranchKeyIdUnavailable) throw new KeyError(`No branch key: ${cause.message}`);
    throw error;
  }
};

/**
 * The materials manager of a hierarchical provider.
 *
 * No data-key cache on top: each message gets a fresh data key, wrapped locally (HKDF + AES-GCM,
 * microseconds) with the cached branch key. A data-key cache would save next to nothing and
 * would break the limits that matter here: a cached data key outlives `cacheTtlSeconds`, so a
 * revoked KMS key or a rotated branch key would still be used for up to the data-key age.
 * The one cache is the branch key cache (`cacheSize` versions, `cacheTtlSeconds`); concurrent
 * misses for one branch key version are coalesced (one DynamoDB read, one KMS Decrypt).
 */
export const buildHierarchicalMaterials = (options: unknown): { materials: NodeMaterialsManager; keyring: KeyringNode } => {
  const resolved = resolveHierarchicalOptions(options);
  const KmsHierarchicalKeyRingNode = loadHierarchicalKeyring();
  const keyring = new KmsHierarchicalKeyRingNode({
    keyStore: buildBranchKeyStore(resolved.keyStore),
    ...(resolved.branchKeyId !== undefined ? { branchKeyId: resolved.branchKeyId } : { branchKeyIdSupplier: supplierOf(resolved.branchKeyIdFromContext!) }),
    cacheLimitTtl: resolved.cacheTtlSeconds,
    cache: new BranchKeyCache(resolved.cacheSize),
  });
  const inner = new NodeDefaultCryptographicMaterialsManager(keyring);
  const materials: NodeMaterialsManager = {
    getEncryptionMaterials: (request) => capture(() => inner.getEncryptionMaterials(request), DataMaskingEncryptKeyError),
    decryptMaterials: (request) => capture(() => inner.decryptMaterials(request), DataMaskingDecryptKeyError),
  };
  return { materials, keyring };
};
