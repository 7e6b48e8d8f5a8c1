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
  /**
   * The fields of a request handled one after the other, each encrypted and then decrypted
   * before the next (as the measured run drives them), rather than all at once. Only the bare
   * ESDK cache (b) is sensitive to it: see {@link modelBareEsdkCache}.
   */
  readonly fieldsInSequence?: boolean;
  /**
   * Measured durations of the misses, seconds (their mean is `kmsLatencySeconds`): the bare ESDK
   * cache (b) draws each miss's duration from them. It matters there because, without
   * coalescing, the window in which new requests miss closes at the first put among the misses
   * in flight, which comes sooner than the mean when durations vary.
   */
  readonly kmsLatencySamples?: readonly number[];
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
 * (b) The bare ESDK caching materials manager (`NodeCachingMaterialsManager` over
 * `getLocalCryptographicMaterialsCache`, @aws-crypto 5.x), computed by simulating its cache rules
 * for one (container, tenant) stream and scaled by N·T (streams do not share entries):
 * - encrypt: an entry per context (field shape), its age counted from its put, which happens when
 *   KMS answered; a lookup past `maxAge` deletes it and calls KMS. No coalescing: every request
 *   that misses calls GenerateDataKey and puts its own data key, replacing the entry.
 * - decrypt: an entry per (data key, context) in each consumer container, with the same rules: a
 *   consumer calls Decrypt for each data key it meets, and again for each message that arrives
 *   while its first Decrypt is in flight.
 * - a miss makes its request wait L; a hit costs nothing.
 * Why a simulation and not a formula: with the fields of a request handled one after the other
 * (`fieldsInSequence`), a miss on one field holds back the request and every request that
 * arrives during it, so they reach the next field together, whose entry expires at that very
 * moment (it was made by the request that was held back in the previous cycle): the next field
 * sees up to three times the concurrent misses that random arrivals would give (λ·L), and a
 * formula in λ·L under-counts it (by 18 % in the measured run).
 */
export const modelBareEsdkCache = (w: Workload): CallRates => {
  const { generateDataKey, decrypt } = simulateBareEsdkStream(w);
  return { kmsGenerateDataKey: w.containers * w.tenants * generateDataKey, kmsDecrypt: w.containers * w.tenants * decrypt, dynamoDbGetItem: 0 };
};

/** A seeded generator (mulberry32), so the model gives the same figures on every run. */
const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** One step of a request: encrypt field `field` in the producer, or decrypt it in consumer `consumer`. */
interface Chain {
  readonly steps: ReadonlyArray<{ readonly field: number; readonly decrypt: boolean }>;
  readonly consumer: number;
  readonly keys: number[];
  next: number;
}

/** A binary min-heap of (time, chain) events, ties in insertion order. */
class EventQueue {
  readonly #items: Array<{ at: number; order: number; run: () => void }> = [];
  #order = 0;

  public get size(): number {
    return this.#items.length;
  }

  /** The time of the earliest event (the queue must not be empty). */
  public peekAt(): number {
    return this.#items[0]!.at;
  }

  public push(at: number, run: () => void): void {
    const items = this.#items;
    items.push({ at, order: this.#order++, run });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  public pop(): { at: number; run: () => void } {
    const items = this.#items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < items.length && this.#before(items[left]!, items[least]!)) least = left;
        if (right < items.length && this.#before(items[right]!, items[least]!)) least = right;
        if (least === i) break;
        [items[i], items[least]] = [items[least]!, items[i]!];
        i = least;
      }
    }
    return top;
  }

  #before(a: { at: number; order: number }, b: { at: number; order: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.order < b.order);
  }
}

/**
 * KMS calls per second of one (producer container, tenant) stream under the bare ESDK cache, its
 * consumers included: Poisson arrivals at λ for long enough to see thousands of cache cycles
 * (steady state: calls counted after the first few cycles).
 */
export const simulateBareEsdkStream = (w: Workload, seed = 15): { generateDataKey: number; decrypt: number } => {
  const lambda = perContainerTenant(w);
  const age = w.dataKeyAgeSeconds;
  const L = w.kmsLatencySeconds;
  const samples = w.kmsLatencySamples ?? [];
  const cycle = age + 1 / lambda + 2 * w.fieldsPerRequest * L;
  const warmUp = 5 * cycle;
  const horizon = warmUp + Math.min(4000 * cycle, 200_000 / lambda);
  const random = seededRandom(seed);
  const missSeconds = (): number => (samples.length === 0 ? L : samples[Math.floor(random() * samples.length)]!);
  const queue = new EventQueue();
  // Producer entries per field, consumer entries per (consumer, data key): the time of the put.
  const produced: Array<{ key: number; put: number } | undefined> = Array.from({ length: w.fieldsPerRequest }, () => undefined);
  const consumed = new Map<string, number>();
  let nextKey = 0;
  let generateDataKey = 0;
  let decrypt = 0;
  const fresh = (put: number | undefined, now: number): boolean => put !== undefined && now - put <= age;
  const advance = (chain: Chain, now: number): void => {
    while (chain.next < chain.steps.length) {
      const { field, decrypt: isDecrypt } = chain.steps[chain.next]!;
      chain.next++;
      if (!isDecrypt) {
        const entry = produced[field];
        if (entry !== undefined && fresh(entry.put, now)) {
          chain.keys[field] = entry.key;
          continue;
        }
        produced[field] = undefined;
        if (now >= warmUp && now < horizon) generateDataKey++;
        const key = nextKey++;
        chain.keys[field] = key;
        const done = now + missSeconds();
        queue.push(done, () => {
          produced[field] = { key, put: done };
          advance(chain, done);
        });
        return;
      }
      const slot = `${chain.consumer}|${chain.keys[field]}`;
      if (fresh(consumed.get(slot), now)) continue;
      consumed.delete(slot);
      if (now >= warmUp && now < horizon) decrypt++;
      const done = now + missSeconds();
      queue.push(done, () => {
        consumed.set(slot, done);
        advance(chain, done);
      });
      return;
    }
  };
  const fields = Array.from({ length: w.fieldsPerRequest }, (_, field) => field);
  const request = (now: number): void => {
    const consumer = Math.floor(random() * w.containers);
    const chains = w.fieldsInSequence
      ? [
          fields.flatMap((field) => [
            { field, decrypt: false },
            { field, decrypt: true },
          ]),
        ]
      : fields.map((field) => [
          { field, decrypt: false },
          { field, decrypt: true },
        ]);
    for (const steps of chains) advance({ steps, consumer, keys: [], next: 0 }, now);
  };
  let arrival = -Math.log(1 - random()) / lambda;
  let pruned = 0;
  while (arrival < horizon || queue.size > 0) {
    if (queue.size > 0 && (arrival >= horizon || queue.peekAt() <= arrival)) {
      const event = queue.pop();
      event.run();
      continue;
    }
    request(arrival);
    arrival += -Math.log(1 - random()) / lambda;
    // Expired consumer entries act as absent ones: drop them now and then to bound the map.
    if (arrival - pruned > 10 * cycle) {
      pruned = arrival;
      for (const [slot, put] of consumed) if (!fresh(put, arrival)) consumed.delete(slot);
    }
  }
  const seconds = horizon - warmUp;
  return { generateDataKey: generateDataKey / seconds, decrypt: decrypt / seconds };
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
