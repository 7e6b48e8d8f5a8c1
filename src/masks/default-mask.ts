/** The placeholder an erased value becomes (Python Powertools' `DATA_MASKING_STRING`). */
export const DATA_MASKING_STRING = '*****';

/**
 * The default erase: any value becomes `'*****'`; an array becomes as many `'*****'` as it has
 * elements (its elements are not inspected), keeping the collection's shape.
 */
export const defaultMask = (value: unknown): string | string[] =>
  Array.isArray(value) ? new Array<string>(value.length).fill(DATA_MASKING_STRING) : DATA_MASKING_STRING;
