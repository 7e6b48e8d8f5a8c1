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

  public constructor(cause: unknown, kmsFailures: readonly KmsCallFailure[]) {
    super('Could not obtain key material', { cause });
    this.name = 'KeyMaterialsFailure';
    this.kmsFailures = kmsFailures;
  }
}

/** Collects the KMS failures of one materials request, across the awaits of the keyring. */
const failures = new AsyncLocalStorage<KmsCallFailure[]>();

/** Called by the KMS client wrapper for every failed call. */
export const recordKmsFailure = (failure: KmsCallFailure): void => {
  failures.getStore()?.push(failure);
};

/**
 * Runs one materials request, recording the KMS failures it meets; a rejection comes out as
 * a {@link KeyMaterialsFailure} holding them. Only misses reach this (cache hits never do).
 */
export const captureKeyFailures = async <T>(request: () => Promise<T>): Promise<T> => {
  const seen: KmsCallFailure[] = [];
  try {
    return await failures.run(seen, request);
  } catch (error) {
    throw error instanceof KeyMaterialsFailure ? error : new KeyMaterialsFailure(error, seen);
  }
};
