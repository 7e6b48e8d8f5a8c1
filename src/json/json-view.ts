import { DataMaskingUnsupportedTypeError } from '../errors';

/**
 * Deepest nesting the engine walks. Deeper data, or a circular reference (which is
 * infinitely deep), is rejected with a typed error instead of overflowing the stack.
 */
export const MAX_DEPTH = 512;

/** Raised internally where a value cannot be represented as JSON; the front door adds its location. */
export class UnsupportedValueSignal extends Error {
  public constructor(public readonly reason: string) {
    super(reason);
  }
}

const UNSUPPORTED_CLASSES: readonly (abstract new (...args: never[]) => unknown)[] = [
  Map, Set, WeakMap, WeakSet, Promise, RegExp, ArrayBuffer, Error,
];

/**
 * Returns the JSON view of a value: itself for JSON scalars, arrays, plain objects and class
 * instances (their own enumerable data); `toJSON()`'s result where the object has one (a Date
 * becomes its ISO string). Anything JSON cannot represent faithfully is rejected rather than
 * silently dropped: functions, symbols, bigints, Maps, Sets, typed arrays and the like.
 */
export const jsonView = (value: unknown): unknown => {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      return value === null ? null : objectView(value);
    default:
      throw new UnsupportedValueSignal(`a ${typeof value} value is not supported`);
  }
};

const objectView = (value: object): object | unknown => {
  if (Array.isArray(value)) return value;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === Object.prototype || prototype === null) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const converted = (value as { toJSON: () => unknown }).toJSON();
    if (typeof converted === 'object' && converted !== null && !Array.isArray(converted)
      && typeof (converted as { toJSON?: unknown }).toJSON === 'function') {
      throw new UnsupportedValueSignal('a toJSON() that returns another object with toJSON() is not supported');
    }
    return jsonView(converted);
  }
  if (ArrayBuffer.isView(value) || UNSUPPORTED_CLASSES.some((type) => value instanceof type)) {
    throw new UnsupportedValueSignal(`a ${value.constructor.name} is not supported (only JSON data)`);
  }
  return value;
};

/** The error for data nested deeper than {@link MAX_DEPTH}, telling a cycle from plain depth. */
export const tooDeepSignal = (ancestors: readonly unknown[]): UnsupportedValueSignal =>
  new UnsupportedValueSignal(
    new Set(ancestors).size < ancestors.length
      ? 'a circular reference is not supported'
      : `data nested deeper than ${MAX_DEPTH} levels is not supported`,
  );

/** Turns an internal signal into the public error; other errors pass through. */
export const toPublicError = (error: unknown, where: string): unknown =>
  error instanceof UnsupportedValueSignal
    ? new DataMaskingUnsupportedTypeError(`Cannot process the data: ${error.reason} (${where})`)
    : error;
