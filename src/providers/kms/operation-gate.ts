import { DataMaskingInvalidOptionsError } from '../../errors';

/**
 * At most `limit` operations at once; the others wait, first in first out, before they start.
 * Written here (a dozen lines) because p-limit, the usual library, is ES-module-only in its
 * maintained versions and this must load from CommonJS Lambda code without a bundler.
 */
export class OperationGate {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  public constructor(limit: number) {
    this.#limit = limit;
  }

  /** Waits for a place; call the returned function once, when the operation is over. */
  public async acquire(): Promise<() => void> {
    if (this.#active < this.#limit) this.#active++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The place passes straight to the next waiter, so a newcomer cannot jump the queue.
      const next = this.#waiting.shift();
      if (next !== undefined) next();
      else this.#active--;
    };
  }
}

/**
 * The gate of `maxConcurrentOperations` (own member only), or `undefined` when unlimited.
 * @throws DataMaskingInvalidOptionsError when it is not an integer from 1 to 100000.
 */
export const resolveOperationGate = (options: object): OperationGate | undefined => {
  const value = Object.hasOwn(options, 'maxConcurrentOperations') ? (options as { maxConcurrentOperations?: unknown }).maxConcurrentOperations : undefined;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100_000) {
    throw new DataMaskingInvalidOptionsError('maxConcurrentOperations must be an integer from 1 to 100000');
  }
  return new OperationGate(value);
};
