import { AsyncLocalStorage } from 'node:async_hooks';

/** One failed KMS call, as the KMS client threw it (typed: `AccessDeniedException`, ...). */
export interface KmsCallFailure {
  /** The KMS operation: `GenerateDataKey`, `Encrypt` or `Decrypt`. */
  readonly operation: string;
  /** The key the call named (a key ARN from the options or from the message). */
  readonly keyId: string | undefined;
  /** The error the KMS client threw, untouched. */
  readonly error: unknown;
}

/**
 * Thrown (internally) when obtaining key material failed: the keyring, KMS or the materials
 * manager refused. It carries the ESDK's error and every typed KMS error seen on the way,
 * because on decrypt the ESDK flattens KMS errors into a plain `Error` whose message only
 * quotes their stacks. The provider turns it into a `DataMasking*KeyError`; it never escapes.
 */
export class KeyMaterialsFailure extends Error {
  public readonly kmsFailures: readonly KmsCallFailure[];
  /** KMS calls of this request that succeeded: a data key was unwrapped, yet the request failed. */
  public readonly kmsSuccesses: number;

  public constructor(cause: unknown, log: KmsCallLog) {
    super('Could not obtain key material', { cause });
    this.name = 'KeyMaterialsFailure';
    this.kmsFailures = log.failures;
    this.kmsSuccesses = log.successes;
  }
}

/** What the KMS calls of one materials request did. */
export interface KmsCallLog {
  readonly failures: KmsCallFailure[];
  successes: number;
}

/** Collects the KMS failures of one materials request, across the awaits of the keyring. */
const calls = new AsyncLocalStorage<KmsCallLog>();

/** Called by the KMS client wrapper for every failed call. */
export const recordKmsFailure = (failure: KmsCallFailure): void => {
  calls.getStore()?.failures.push(failure);
};

/** Called by the KMS client wrapper for every successful call. */
export const recordKmsSuccess = (): void => {
  const log = calls.getStore();
  if (log !== undefined) log.successes++;
};

/**
 * Runs one materials request, recording the KMS failures it meets; a rejection comes out as
 * a {@link KeyMaterialsFailure} holding them. Only misses reach this (cache hits never do).
 */
export const captureKeyFailures = async <T>(request: () => Promise<T>): Promise<T> => {
  const log: KmsCallLog = { failures: [], successes: 0 };
  try {
    return await calls.run(log, request);
  } catch (error) {
    throw error instanceof KeyMaterialsFailure ? error : new KeyMaterialsFailure(error, log);
  }
};

/**
 * Runs one call that several materials requests share (a coalesced branch key fetch) with its
 * own log, and returns how each of them awaits it: the call's outcome, with its KMS failures
 * and successes added to that request's own log, so every waiter's error keeps the typed cause.
 * Added once per request however often it awaits the call (the request that starts the call
 * also awaits it to forget it when it settles): one KMS call is one failure in its message.
 */
export const shareKmsCall = <T>(call: () => Promise<T>): (() => Promise<T>) => {
  const log: KmsCallLog = { failures: [], successes: 0 };
  const flight = calls.run(log, call);
  flight.catch(() => undefined); // a flight nobody awaits any more must not be an unhandled rejection
  const replayedInto = new WeakSet<KmsCallLog>();
  const replay = (): void => {
    const own = calls.getStore();
    if (own === undefined || own === log || replayedInto.has(own)) return;
    replayedInto.add(own);
    own.failures.push(...log.failures);
    own.successes += log.successes;
  };
  return () =>
    flight.then(
      (result) => {
        replay();
        return result;
      },
      (error: unknown) => {
        replay();
        throw error;
      },
    );
};
