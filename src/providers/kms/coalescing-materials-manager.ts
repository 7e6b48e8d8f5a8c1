import { NodeCachingMaterialsManager, getLocalCryptographicMaterialsCache } from '@aws-crypto/caching-materials-manager-node';
import { type KeyringNode, NodeDefaultCryptographicMaterialsManager, type NodeMaterialsManager } from '@aws-crypto/material-management-node';
import { captureKeyFailures } from './key-failure';

type EncryptionRequest = Parameters<NodeMaterialsManager['getEncryptionMaterials']>[0];
type DecryptionRequest = Parameters<NodeMaterialsManager['decryptMaterials']>[0];
type EncryptionMaterial = Awaited<ReturnType<NodeMaterialsManager['getEncryptionMaterials']>>;
type DecryptionMaterial = Awaited<ReturnType<NodeMaterialsManager['decryptMaterials']>>;

/**
 * How the layers fit (top to bottom):
 *
 * 1. {@link CoalescingMaterialsManager}: what the ESDK is given. Sends each request through
 *    the caching manager and, when told to, sends it again.
 * 2. `NodeCachingMaterialsManager` (ESDK): the cache and its limits (age, messages, bytes).
 *    Every material it hands out is counted against those limits, here and only here.
 * 3. {@link SingleFlightMaterialsManager}: the cache-miss path. The first miss for a request
 *    shape goes on to KMS; a miss for the same shape while that one is in flight waits for it,
 *    then fails with {@link RetryThroughCache} instead of reusing its material.
 * 4. {@link CapturingMaterialsManager} over the ESDK's default manager and the keyring: KMS.
 *
 * So a waiting request never receives material from the coalescing layer: it goes back
 * through the cache (layer 1 retries it), where it is counted like any cache hit. That keeps
 * `maxMessagesEncrypted` / `maxBytesEncrypted` exact under concurrency, and never puts one
 * material object into the cache twice (a second `put` would dispose, i.e. zero, the data key
 * of the first while other messages still use it).
 */

/** Internal signal from layer 3 to layer 1: "the material you need is now cached, ask again". */
class RetryThroughCache extends Error {
  public constructor() {
    super('Coalesced with a concurrent request: retry through the cache');
    this.name = 'RetryThroughCache';
  }
}

/** After this many rounds of waiting, a request skips the cache and coalescing (fresh material). */
const MAX_ROUNDS = 16;

const contextKey = (context: Readonly<Record<string, string>>): [string, string][] =>
  Object.keys(context)
    .sort()
    .map((key) => [key, context[key]!]);

/** Two encryption requests with equal keys can be served by the same cache entry. */
const encryptionKey = ({ suite, encryptionContext, commitmentPolicy }: EncryptionRequest): string =>
  JSON.stringify(['encrypt', suite?.id ?? null, commitmentPolicy ?? null, contextKey(encryptionContext)]);

/** Two decryption requests with equal keys unwrap the same data key under the same context. */
const decryptionKey = ({ suite, encryptionContext, encryptedDataKeys }: DecryptionRequest): string =>
  JSON.stringify([
    'decrypt',
    suite.id,
    contextKey(encryptionContext),
    encryptedDataKeys.map((edk) => [edk.providerId, edk.providerInfo, Buffer.from(edk.encryptedDataKey).toString('base64')]),
  ]);

/** Layer 4: runs each miss while recording typed KMS failures (see `captureKeyFailures`). */
class CapturingMaterialsManager implements NodeMaterialsManager {
  readonly #inner: NodeMaterialsManager;

  public constructor(inner: NodeMaterialsManager) {
    this.#inner = inner;
  }

  public getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterial> {
    return captureKeyFailures(() => this.#inner.getEncryptionMaterials(request));
  }

  public decryptMaterials(request: DecryptionRequest): Promise<DecryptionMaterial> {
    return captureKeyFailures(() => this.#inner.decryptMaterials(request));
  }
}

/** Layer 3: one in-flight miss per request shape; the others wait for it and then retry. */
class SingleFlightMaterialsManager implements NodeMaterialsManager {
  readonly #inner: NodeMaterialsManager;
  readonly #inFlight = new Map<string, Promise<unknown>>();

  public constructor(inner: NodeMaterialsManager) {
    this.#inner = inner;
  }

  public getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterial> {
    return this.#once(encryptionKey(request), () => this.#inner.getEncryptionMaterials(request));
  }

  public decryptMaterials(request: DecryptionRequest): Promise<DecryptionMaterial> {
    return this.#once(decryptionKey(request), () => this.#inner.decryptMaterials(request));
  }

  #once<T>(key: string, miss: () => Promise<T>): Promise<T> {
    const leader = this.#inFlight.get(key);
    if (leader !== undefined) {
      // Share the leader's failure (no secret in it, and no point hammering a failing KMS);
      // on success, go back through the cache where the leader's material now is.
      return leader.then(
        () => {
          throw new RetryThroughCache();
        },
        (error: unknown) => {
          throw error;
        },
      );
    }
    const flight = miss();
    this.#inFlight.set(key, flight);
    // Forget the flight as soon as it settles: this reaction is registered before the
    // caching manager's `await` on the same promise, so the two run back to back and the
    // material is cached before any waiting request retries. A miss after that is a real
    // miss (an exhausted or expired entry) and must lead a new flight, not follow this one.
    const forget = (): void => {
      if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key);
    };
    flight.then(forget, forget);
    return flight;
  }
}

const isCacheableEncryption = ({ suite, plaintextLength }: EncryptionRequest): boolean =>
  (suite === undefined || suite.cacheSafe) && typeof plaintextLength === 'number' && plaintextLength >= 0;

/** Layer 1: the materials manager the ESDK calls. */
class CoalescingMaterialsManager implements NodeMaterialsManager {
  readonly #cached: NodeMaterialsManager;
  readonly #direct: NodeMaterialsManager;

  public constructor(cached: NodeMaterialsManager, direct: NodeMaterialsManager) {
    this.#cached = cached;
    this.#direct = direct;
  }

  public async getEncryptionMaterials(request: EncryptionRequest): Promise<EncryptionMaterial> {
    // What the caching manager would not cache goes straight to the keyring, as it would.
    if (!isCacheableEncryption(request)) return this.#direct.getEncryptionMaterials(request);
    return this.#retrying(
      () => this.#cached.getEncryptionMaterials(request),
      () => this.#direct.getEncryptionMaterials(request),
    );
  }

  public async decryptMaterials(request: DecryptionRequest): Promise<DecryptionMaterial> {
    if (!request.suite.cacheSafe) return this.#direct.decryptMaterials(request);
    return this.#retrying(
      () => this.#cached.decryptMaterials(request),
      () => this.#direct.decryptMaterials(request),
    );
  }

  async #retrying<T>(throughCache: () => Promise<T>, uncached: () => Promise<T>): Promise<T> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      try {
        return await throughCache();
      } catch (error) {
        if (!(error instanceof RetryThroughCache)) throw error;
      }
    }
    return uncached();
  }
}

/** Limits of the data-key cache, already validated. */
export interface MaterialsCacheLimits {
  readonly capacity: number;
  readonly maxAgeMs: number;
  readonly maxMessagesEncrypted: number;
  readonly maxBytesEncrypted: number;
}

/**
 * The materials manager of one provider: a local LRU cache of `capacity` data keys used on
 * encrypt and decrypt, concurrent misses coalesced into one KMS call, KMS failures captured.
 */
export const buildMaterialsManager = (keyring: KeyringNode, limits: MaterialsCacheLimits): NodeMaterialsManager => {
  const direct = new CapturingMaterialsManager(new NodeDefaultCryptographicMaterialsManager(keyring));
  const cached = new NodeCachingMaterialsManager({
    backingMaterials: new SingleFlightMaterialsManager(direct),
    cache: getLocalCryptographicMaterialsCache(limits.capacity),
    maxAge: limits.maxAgeMs,
    maxMessagesEncrypted: limits.maxMessagesEncrypted,
    maxBytesEncrypted: limits.maxBytesEncrypted,
  });
  return new CoalescingMaterialsManager(cached, direct);
};
