import type { BranchKeyMaterialEntry, CryptographicMaterialsCache } from '@aws-crypto/cache-material';
import type { BranchKeyMaterial, NodeAlgorithmSuite } from '@aws-crypto/material-management';

/** Whether a branch key's bytes are all zero: what `zeroUnencryptedDataKey()` leaves. */
const isZeroed = (material: BranchKeyMaterial): boolean => material.branchKey().every((byte) => byte === 0);

/**
 * The branch key cache given to `KmsHierarchicalKeyRingNode`: at most `capacity` branch key
 * versions, least recently used evicted first; the keyring itself expires entries after its TTL.
 *
 * Written by hand because the SDK's own cache (`getLocalCryptographicMaterialsCache`) zeroes a
 * branch key the moment its entry is replaced or evicted, while a request that has just read it
 * may not have used it yet: when concurrent misses for one tenant (which we coalesce into a
 * single fetch) put the same material back, or when more tenants are active than the cache
 * holds, a message's data key would be wrapped with an all-zero key and be lost. Here an
 * evicted branch key is only dropped; it is garbage once no request holds it.
 *
 * Fail closed all the same: a branch key found all zero (zeroed by anything else holding the
 * same material) is never handed out: a put of one throws (the request fails with a typed key
 * error) and a cached one is dropped, so the next request fetches the key again.
 */
export class BranchKeyCache implements CryptographicMaterialsCache<NodeAlgorithmSuite> {
  readonly #capacity: number;
  readonly #entries = new Map<string, BranchKeyMaterialEntry>();

  public constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Branch key versions held now. */
  public get size(): number {
    return this.#entries.size;
  }

  public putBranchKeyMaterial(key: string, response: BranchKeyMaterial): void {
    if (isZeroed(response)) throw new Error('The branch key material is all zero (zeroed elsewhere): refused');
    this.#entries.delete(key);
    this.#entries.set(key, Object.freeze({ response, now: Date.now() }));
    while (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  public getBranchKeyMaterial(key: string): BranchKeyMaterialEntry | false {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#entries.delete(key);
    if (isZeroed(entry.response)) return false;
    this.#entries.set(key, entry);
    return entry;
  }

  public del(key: string): void {
    this.#entries.delete(key);
  }

  // The hierarchical keyring only caches branch keys; data-key materials never come here.
  public putEncryptionMaterial(): void {
    throw new Error('BranchKeyCache holds branch keys only');
  }

  public putDecryptionMaterial(): void {
    throw new Error('BranchKeyCache holds branch keys only');
  }

  public getEncryptionMaterial(): false {
    return false;
  }

  public getDecryptionMaterial(): false {
    return false;
  }
}
