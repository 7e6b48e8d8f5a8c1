/**
 * KMS-call and cost model for a fleet of Lambda containers (docs/multi-tenant.md explains it).
 *
 * Steady state, requests arriving at random (Poisson) and spread evenly over containers and
 * tenants; each request encrypts one message per field shape (each shape is its own encryption
 * context, hence its own data key) and is decrypted in a random container of a consumer fleet of
 * the same size. A cache entry lives `age` seconds from its creation; the next request after
 * that makes a new one, so one entry costs one fetch per `age + 1/λ` seconds, λ being the rate
 * of requests that need it in that container.
 */

/** The workload and the cache settings. */
export interface Workload {
  /** Producer containers (and as many consumer containers). */
  readonly containers: number;
  /** Tenants, each its own encryption context (`tenant_id`). */
  readonly tenants: number;
  /** Requests per second over the whole fleet. */
  readonly requestsPerSecond: number;
  /** Field shapes encrypted per request (1 for whole-payload encryption). */
  readonly fieldsPerRequest: number;
  /** `maxCacheAgeSeconds` of the data-key cache (keyrings a and b). */
  readonly dataKeyAgeSeconds: number;
  /** `cacheTtlSeconds` of the branch key cache (hierarchical keyring). */
  readonly branchKeyTtlSeconds: number;
  /**
   * The time a cache miss waits for KMS, seconds: from the miss to the new entry. The window in
   * which concurrent misses pile up without coalescing. It is the KMS round trip as the keyring
   * makes it: with a client provider that builds a client per call (the ESDK's
   * `getClient(KMS, config)` without `cacheClients`), also the client's construction and a new
   * connection, which on a busy container can be several times the round trip itself.
   */
  readonly kmsLatencySeconds: number;
}

/** Calls per second, over the whole fleet. */
export interface CallRates {
  readonly kmsGenerateDataKey: number;
  readonly kmsDecrypt: number;
  readonly dynamoDbGetItem: number;
}

/** Requests per second for one tenant in one container. */
const perContainerTenant = (w: Workload): number => w.requestsPerSecond / (w.containers * w.tenants);

/** Consumer containers that see at least one of `messages` spread at random over `containers`. */
const containersReached = (containers: number, messages: number): number => containers * (1 - (1 - 1 / containers) ** messages);

/**
 * (a) KMS keyring with this library's cache: concurrent misses coalesced. An entry's age starts
 * when KMS answers, so one cycle is: wait for a request (1/λ), the KMS call (L), the age (A).
 */
export const modelOurCache = (w: Workload): CallRates => {
  const lambda = perContainerTenant(w);
  const generate = (w.containers * w.tenants * w.fieldsPerRequest) / (w.dataKeyAgeSeconds + 1 / lambda + w.kmsLatencySeconds);
  // One data key encrypts the first request and those arriving within its age.
  const messagesPerKey = 1 + lambda * w.dataKeyAgeSeconds;
  return { kmsGenerateDataKey: generate, kmsDecrypt: generate * containersReached(w.containers, messagesPerKey), dynamoDbGetItem: 0 };
};

/**
 * (b) The bare ESDK caching materials manager (`NodeCachingMaterialsManager`, @aws-crypto 5.x):
 * the same cache, limits checked on lookup (age from the entry's put, messages, bytes; a stale
 * entry is deleted and the backing keyring called), decryption materials cached too (keyed by
 * the encrypted data keys and the context). No coalescing: every request that misses while the
 * first miss is at KMS makes its own call and its own data key (λ·L more per cycle, each used by
 * about one message, so one consumer Decrypt each; each put replaces the entry). On the consumer
 * side the cached key's messages also miss while its first Decrypt is in flight (λ·L/N more per
 * consumer). L is the miss's own duration (see `kmsLatencySeconds`): with a client per call it
 * is longer than a KMS round trip, and the extra calls grow with it.
 */
export const modelBareEsdkCache = (w: Workload): CallRates => {
  const lambda = perContainerTenant(w);
  const L = w.kmsLatencySeconds;
  const cycles = (w.containers * w.tenants * w.fieldsPerRequest) / (w.dataKeyAgeSeconds + 1 / lambda + L);
  const oneShotKeys = lambda * L;
  const reached = containersReached(w.containers, 1 + lambda * w.dataKeyAgeSeconds);
  return {
    kmsGenerateDataKey: cycles * (1 + oneShotKeys),
    kmsDecrypt: cycles * (oneShotKeys + reached * (1 + (lambda / w.containers) * L)),
    dynamoDbGetItem: 0,
  };
};

/**
 * (c) The hierarchical keyring (this library's provider: fetches coalesced). Per container and
 * tenant, the active branch key (encrypt) and its version record (decrypt, in the consumer) are
 * each fetched once per TTL: one DynamoDB GetItem and one KMS Decrypt each. Field shapes share
 * the tenant's branch key, so they cost nothing more.
 */
export const modelHierarchical = (w: Workload): CallRates => {
  const lambda = perContainerTenant(w);
  // A DynamoDB read and a KMS call per fetch: roughly 2·L before the entry's TTL starts.
  const fetchesPerSide = (w.containers * w.tenants) / (w.branchKeyTtlSeconds + 1 / lambda + 2 * w.kmsLatencySeconds);
  return { kmsGenerateDataKey: 0, kmsDecrypt: 2 * fetchesPerSide, dynamoDbGetItem: 2 * fetchesPerSide };
};

/** KMS requests cost $0.03 per 10,000; DynamoDB on-demand reads $0.25 per million (eventually consistent GetItem of < 4 KB: half a read unit; we count one). */
export const monthlyCostUsd = (rates: CallRates): number => {
  const perMonth = 30 * 24 * 3600;
  return ((rates.kmsGenerateDataKey + rates.kmsDecrypt) * perMonth * 0.03) / 10_000 + (rates.dynamoDbGetItem * perMonth * 0.25) / 1_000_000;
};
