import { type CompiledEraser, compileEraser } from '../operations/compile-eraser';
import { DataMaskingError, DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError } from '../errors';
import type { EraseOptions } from '../types';
import { type ErrorView, toLogJson } from './log-record-json';

/** What the log integrations accept: the erase options (`fields`, `maskingRules`, masks). */
export type LogMaskingOptions = EraseOptions;

/** The member a record gets when it could not be masked and was erased instead. */
export const MASKING_FAILED_KEY = 'data_masking_error';

/** What each logger integration tells the log masker about its records. */
export interface LogRecordShape {
  /** The shape the logger writes an Error in. */
  readonly errorView: ErrorView;
  /**
   * Members the logger itself sets (level, timestamp...) that carry no user data: a record
   * that could not be masked keeps them, when they are strings, numbers or booleans.
   */
  readonly safeKeys: readonly string[];
}

/** Masks one log record and never throws: see {@link createLogMasker}. */
export type LogMasker = (record: Record<string, unknown>) => Record<string, unknown>;

/**
 * Compiles the masking options once (a bad path or option throws here, at setup) and returns
 * a masker for log records that never throws and never drops a record:
 * 1. the record is erased by the compiled eraser (missing paths are normal in logs: no warning;
 *    what no path reaches is shared, not copied, since the logger serializes the record at once);
 * 2. if the engine refused it (an Error, a bigint, a cycle...), it is first turned into the JSON
 *    the logger would write, then erased;
 * 3. if that fails too, the record goes out fully erased: only the logger's own metadata kept,
 *    and a note naming the failure's class, never its message (which could quote the record).
 */
export const createLogMasker = (options: LogMaskingOptions, shape: LogRecordShape): LogMasker => {
  const erase: CompiledEraser = compileEraser({ ...ownEraseOptions(options), onMissingField: 'ignore', shareUnchanged: true });
  return (record) => {
    try {
      return erase(record) as Record<string, unknown>;
    } catch (error) {
      try {
        return erase(toLogJson(record, shape.errorView)) as Record<string, unknown>;
      } catch {
        return erasedRecord(record, error, shape.safeKeys); // the note names the engine's refusal
      }
    }
  };
};

/** Own members only (a spread copies nothing inherited); the engine validates the rest. */
const ownEraseOptions = (options: LogMaskingOptions): LogMaskingOptions => {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new DataMaskingInvalidOptionsError('log masking options must be an object such as { fields: [...] }');
  }
  return { ...options };
};

/** A record that could not be masked: the logger's own scalar metadata and a note, nothing else. */
export const erasedRecord = (record: unknown, error: unknown, safeKeys: readonly string[]): Record<string, unknown> => {
  const erased: Record<string, unknown> = {};
  for (const key of safeKeys) {
    const value = readOwnScalar(record, key);
    if (value !== undefined) erased[key] = value;
  }
  erased[MASKING_FAILED_KEY] = failureNote(error);
  return erased;
};

/** Our error classes, named by literal strings: a thrown object cannot choose what the note says. */
const KNOWN_FAILURES: readonly [abstract new (...args: never[]) => Error, string][] = [
  [DataMaskingUnsupportedTypeError, 'DataMaskingUnsupportedTypeError'],
  [DataMaskingInvalidOptionsError, 'DataMaskingInvalidOptionsError'],
  [DataMaskingError, 'DataMaskingError'],
];

/** The note names the failure by its class, and only when it is one of ours: nothing from the record. */
export const failureNote = (error: unknown): string => {
  let known: (typeof KNOWN_FAILURES)[number] | undefined;
  try {
    known = KNOWN_FAILURES.find(([type]) => error instanceof type);
  } catch {
    known = undefined; // a Proxy's getPrototypeOf trap can throw
  }
  return `lambda-data-masking could not mask this log record (${known?.[1] ?? 'an unexpected error'}); its content was erased`;
};

const readOwnScalar = (record: unknown, key: string): string | number | boolean | undefined => {
  try {
    if (typeof record !== 'object' || record === null) return undefined;
    const descriptor = Object.getOwnPropertyDescriptor(record, key);
    const value: unknown = descriptor !== undefined && 'value' in descriptor ? descriptor.value : undefined;
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
  } catch {
    return undefined; // a Proxy can throw even here
  }
};
