/**
 * Log masking for pino: full JSONPath (`..`, filters, slices) on every log object and on the
 * bindings of every logger and child, where pino's own `redact` takes only static paths and `*`.
 * @module
 */
import pino, { type LoggerOptions, stdSerializers } from 'pino';
import { type LogMasker, type LogMaskingOptions, type LogRecordShape, createLogMasker, erasedRecord } from './log-masker';

export { MASKING_FAILED_KEY, type LogMaskingOptions } from './log-masker';

/** pino writes an Error through its standard `err` serializer: `{ type, message, stack, ... }`. */
const PINO_RECORD: LogRecordShape = { errorView: (error) => stdSerializers.err(error), safeKeys: [] };
/** Bindings: pino's own pid and hostname carry no user data. */
const PINO_BINDINGS: LogRecordShape = { errorView: PINO_RECORD.errorView, safeKeys: ['pid', 'hostname'] };

type Serializer = (value: unknown) => unknown;

/**
 * Returns `pinoOptions` with masking added. The paths are written from the log line's root
 * (`$.user.email`, `$..password`) and apply to:
 * - every log object (what the log call passed, `mixin` merged in), after your own
 *   `formatters.log`, before pino's serializers;
 * - the bindings of the logger and of every child (`child()`, `setBindings()`), masked once
 *   per distinct set of bindings, before the first line that carries them.
 * The message string (`msg`) is not an object member there and is not masked (as with pino's
 * `redact`): keep data out of messages.
 *
 * A masking failure never throws from a log call and never drops the line: the object goes out
 * erased, with a `data_masking_error` note. A path that a line lacks is simply skipped.
 *
 * @example
 * ```ts
 * const logger = pino(withMasking({ level: 'info' }, { fields: ['$..password', '$.card.number'] }));
 * ```
 * @throws DataMaskingInvalidPathError, DataMaskingInvalidOptionsError when called (never per line).
 */
export const withMasking = <Options extends LoggerOptions>(pinoOptions: Options, masking: LogMaskingOptions): Options => {
  const maskRecord = createLogMasker(masking, PINO_RECORD);
  const bindings = new BindingsMasker(createLogMasker(masking, PINO_BINDINGS));
  const errorKey = pinoOptions.errorKey ?? 'err';
  const ownLog = pinoOptions.formatters?.log;
  const ownMixin = pinoOptions.mixin;
  // Errors reach the log formatter before pino's serializers; the masker writes them in the
  // serializer's shape already, so the serializer must pass those on untouched.
  const serializedErrors = new WeakSet<object>();

  const log = (object: Record<string, unknown>): Record<string, unknown> => {
    const masked = maskRecord(ownLog === undefined ? object : ownLog(object));
    const error = masked[errorKey];
    if (typeof error === 'object' && error !== null && holdsError(object, errorKey)) serializedErrors.add(error);
    return masked;
  };
  const serializers: Record<string, Serializer> = { ...(pinoOptions.serializers as Record<string, Serializer> | undefined) };
  for (const key of new Set(['err', errorKey])) {
    const serialize = serializers[key] ?? (key === 'err' ? (stdSerializers.err as Serializer) : undefined);
    if (serialize !== undefined)
      serializers[key] = (value) => (typeof value === 'object' && value !== null && serializedErrors.has(value) ? value : serialize(value));
  }
  const mixin: NonNullable<LoggerOptions['mixin']> = (mergeObject, level, logger) => {
    bindings.maskIn(logger);
    return ownMixin === undefined ? {} : ownMixin(mergeObject, level, logger);
  };
  // pino merges the mixin's object into the logged one before the formatter runs; with no mixin
  // of yours the logged object is passed on untouched, so only the masker ever reads it.
  const ownMerge = pinoOptions.mixinMergeStrategy ?? ((mergeObject: object, mixinObject: object) => Object.assign(mixinObject, mergeObject));
  const mixinMergeStrategy: NonNullable<LoggerOptions['mixinMergeStrategy']> = (mergeObject, mixinObject) => {
    if (ownMixin === undefined) return mergeObject;
    try {
      return ownMerge(mergeObject, mixinObject);
    } catch {
      return mergeObject; // unreadable: the masker erases it
    }
  };
  return { ...pinoOptions, formatters: { ...pinoOptions.formatters, log }, serializers, mixin, mixinMergeStrategy };
};

const holdsError = (object: Record<string, unknown>, key: string): boolean => {
  try {
    return Object.hasOwn(object, key) && object[key] instanceof Error;
  } catch {
    return false;
  }
};

/** How many masked bindings strings are remembered; past it they are masked again (correct, slower). */
const BINDINGS_CACHE_CAPACITY = 1024;

/**
 * pino keeps a logger's bindings as a ready JSON fragment (`,"key":value...`) that it puts in
 * every line; `child()` and `setBindings()` build it without any hook for children. Before a
 * line is built (pino calls `mixin` first), the fragment is masked once and swapped in.
 */
class BindingsMasker {
  readonly #masked = new Set<string>();

  public constructor(private readonly mask: LogMasker) {}

  public maskIn(logger: unknown): void {
    const holder = logger as Record<symbol, unknown>;
    const fragment = holder[pino.symbols.chindingsSym];
    if (typeof fragment !== 'string' || fragment === '' || this.#masked.has(fragment)) return;
    const masked = this.#maskFragment(fragment);
    if (this.#masked.size >= BINDINGS_CACHE_CAPACITY) this.#masked.clear();
    this.#masked.add(masked);
    holder[pino.symbols.chindingsSym] = masked;
  }

  #maskFragment(fragment: string): string {
    let bindings: Record<string, unknown>;
    try {
      bindings = JSON.parse(`{${fragment.slice(1)}}`) as Record<string, unknown>;
    } catch (error) {
      bindings = erasedRecord(undefined, error, []); // unreadable: keep nothing of it
    }
    const masked = this.mask(bindings);
    let text = '';
    for (const key of Object.keys(masked)) {
      const value = JSON.stringify(masked[key]);
      if (value !== undefined) text += `,${JSON.stringify(key)}:${value}`;
    }
    return text;
  }
}
