import { DataMaskingError, DataMaskingUnsupportedTypeError } from '../errors';
import { excerptForMessage } from '../errors-format';
import { dateJson, isBuiltInDate } from './date-view';

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

const UNSUPPORTED_CLASSES: readonly (abstract new (...args: never[]) => unknown)[] = [Map, Set, WeakMap, WeakSet, Promise, RegExp, ArrayBuffer, Error];

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

/** How many walks under {@link countClassInstances} are running (one inside another), and the innermost one's count so far. */
let countingWalks = 0;
let counted = 0;

/**
 * Starts counting the class instances (objects that are neither arrays nor plain, Dates aside)
 * whose JSON view is taken, until {@link stopCountingClassInstances}: `@MaskHandler` runs an erase
 * this way to learn, without scanning the result first, whether it met an instance that could be
 * a decorated DTO. A walk inside the walk (a `toJSON()` that erases) counts for both. Counted on
 * the rare paths only (never for plain data). Returns what the enclosing count had reached.
 */
export const startCountingClassInstances = (): number => {
  const outer = counted;
  counted = 0;
  countingWalks++;
  return outer;
};

/** Ends the innermost count (call it in a `finally`) and returns it; the enclosing count, if any, gets it added. */
export const stopCountingClassInstances = (outer: number): number => {
  const own = counted;
  countingWalks--;
  counted = countingWalks > 0 ? outer + own : 0;
  return own;
};

/** Runs `walk` (synchronous) and returns how many class instances it took the JSON view of (see {@link startCountingClassInstances}). */
export const countClassInstances = (walk: () => void): number => {
  const outer = startCountingClassInstances();
  let own = 0;
  try {
    walk();
  } finally {
    own = stopCountingClassInstances(outer);
  }
  return own;
};

const objectView = (value: object): object | unknown => {
  if (Array.isArray(value)) return value;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === Object.prototype || prototype === null) return plainObjectView(value, (value as { toJSON?: unknown }).toJSON);
  if (isBuiltInDate(value, prototype)) return dateJson(value);
  // Binary data is refused, Buffer included (its toJSON() would spell out every byte as a number).
  if (ArrayBuffer.isView(value))
    throw new UnsupportedValueSignal(`a ${binaryName(value)} is not supported (only JSON data; encode binary data as a string first)`);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    if (prototype !== Date.prototype && countingWalks > 0) counted++;
    return converted(value, toJSON);
  }
  const unsupported = UNSUPPORTED_CLASSES.find((type) => value instanceof type);
  if (unsupported !== undefined) throw new UnsupportedValueSignal(`a ${unsupported.name} is not supported (only JSON data)`);
  if (countingWalks > 0) counted++;
  return value;
};

/**
 * The JSON view of a plain object, given its `toJSON` member read once (a getter runs once). Only
 * an own `toJSON()` counts, as for JSON.stringify; an inherited one (a polluted prototype) does not.
 * Ownership is tested only when there is one: a missing member, the common case, is a cheap read.
 */
export const plainObjectView = (value: object, toJSON: unknown): unknown =>
  typeof toJSON === 'function' && Object.hasOwn(value, 'toJSON') ? converted(value, toJSON) : value;

/** The built-in class of a typed array, DataView or Buffer (never a user-controlled name). */
const binaryName = (value: ArrayBufferView): string => {
  if (typeof Buffer !== 'undefined' && Buffer.isBuffer(value)) return 'Buffer';
  return value instanceof DataView ? 'DataView' : 'typed array';
};

/** The JSON view of `toJSON()`'s result. */
const converted = (value: object, toJSON: Function): unknown => {
  const result: unknown = Reflect.apply(toJSON, value, []);
  if (typeof result === 'object' && result !== null && !Array.isArray(result) && typeof (result as { toJSON?: unknown }).toJSON === 'function') {
    throw new UnsupportedValueSignal('a toJSON() that returns another object with toJSON() is not supported');
  }
  return jsonView(result);
};

/** Raised where data is nested deeper than {@link MAX_DEPTH}; the front door tells a cycle from plain depth. */
export class TooDeepSignal extends UnsupportedValueSignal {
  public constructor() {
    super(`data nested deeper than ${MAX_DEPTH} levels is not supported`);
  }
}

export const tooDeepSignal = (): TooDeepSignal => new TooDeepSignal();

/**
 * Where the first value JSON cannot hold sits, as concrete keys from the root (undefined when
 * none is found), and whether it is a circular reference: an object met again below itself. Only
 * run after a failure, so the hot paths track no locations and no ancestors.
 */
export const locateUnsupported = (root: unknown): { location: (string | number)[]; circular: boolean } | undefined => {
  const location: (string | number)[] = [];
  const ancestors: unknown[] = [];
  let circular = false;
  const visit = (value: unknown): boolean => {
    let view: unknown;
    let entries: [string | number, unknown][];
    try {
      view = jsonView(value);
      if (typeof view !== 'object' || view === null) return false;
      if (location.length >= MAX_DEPTH) {
        circular = ancestors.includes(view);
        return true;
      }
      // Reading the members runs the data's getters: one that throws is located here.
      entries = Array.isArray(view) ? view.map((element, index) => [index, element]) : Object.entries(view);
    } catch {
      return true;
    }
    ancestors.push(view);
    for (const [key, child] of entries) {
      if (child === undefined) continue;
      location.push(key);
      if (visit(child)) return true;
      location.pop();
    }
    ancestors.pop();
    return false;
  };
  return visit(root) ? { location, circular } : undefined;
};

/**
 * Turns an internal signal into the public error, naming where it happened. An error the data
 * itself threw (a getter, a `toJSON()`, a Proxy trap) becomes a `DataMaskingUnsupportedTypeError`
 * with the original as `cause` (its message is not repeated: it may quote the data). The
 * library's own errors pass through.
 */
export const toPublicError = (error: unknown, root: unknown, describe?: (location: (string | number)[]) => string): unknown => {
  if (error instanceof DataMaskingError) return error;
  const foreign = !(error instanceof UnsupportedValueSignal);
  const found = locateUnsupported(root);
  let reason: string;
  if (foreign) reason = 'a getter, toJSON() or Proxy in the data threw (see cause)';
  else reason = error instanceof TooDeepSignal && found?.circular ? 'a circular reference is not supported' : error.reason;
  const where = found === undefined || describe === undefined ? '' : ` (at ${excerptForMessage(describe(found.location))})`;
  return new DataMaskingUnsupportedTypeError(`Cannot process the data: ${reason}${where}`, foreign ? { cause: error } : undefined);
};
