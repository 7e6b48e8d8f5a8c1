import { DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError } from '../errors';
import { type CompiledPath, compilePath } from '../jsonpath/compile';

/** Validates a `fields` option: a non-empty list of path strings, compiled (through the cache). */
export const compileFields = (fields: unknown): CompiledPath[] => {
  if (!Array.isArray(fields)) throw new DataMaskingInvalidOptionsError('fields must be an array of JSONPath strings');
  if (fields.length === 0) {
    throw new DataMaskingInvalidOptionsError('fields is empty: omit it (whole payload) or give at least one path');
  }
  const compiled: CompiledPath[] = [];
  for (let index = 0; index < fields.length; index++) {
    // Own elements only: a hole must not be filled from a polluted Array.prototype.
    const field: unknown = Object.hasOwn(fields, index) ? fields[index] : undefined;
    if (typeof field !== 'string') throw new DataMaskingInvalidOptionsError(`fields[${index}] must be a string`);
    compiled.push(compilePath(field));
  }
  return compiled;
};

/** A JSON string is parsed (and the result returned parsed, as Python Powertools does); anything else passes. */
export const parseIfJsonString = (data: unknown): unknown => {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    // The parser's message quotes the input, so it is not kept as the cause.
    throw new DataMaskingUnsupportedTypeError('The data is a string but not valid JSON; field paths need a JSON document');
  }
};

/** The data is undefined, a function, a symbol or a bigint: nothing JSON can hold. */
export const assertJsonRoot = (data: unknown): void => {
  const type = typeof data;
  if (type === 'undefined' || type === 'function' || type === 'symbol' || type === 'bigint') {
    throw new DataMaskingUnsupportedTypeError(`Cannot process the data: a ${type} value is not supported`);
  }
};
