import { DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError } from '../errors';
import type { EncryptionContext } from '../types';

/**
 * The encryption-context key under which a field ciphertext records where it belongs, as a shape
 * holding nothing from the data (e.g. `$.cards[*].number`, `$.users.*.ssn`): array indexes and
 * member names the path did not spell out are abstracted.
 *
 * Anti-swap: a ciphertext moved to a field of another shape fails to decrypt
 * (`DataMaskingContextMismatchError`). It does NOT detect a swap between values of the same
 * shape (two elements of a list, two members of a map) nor a replay into the same field of
 * another record encrypted with the same context: bind a record id in the context for that.
 */
export const FIELD_CONTEXT_KEY = 'lambda-data-masking:field';

/**
 * Checks an encryption context before any KMS call: a plain object of string values, without
 * the SDK's `aws-crypto-` prefix or the library's own field key. Messages name keys, never values.
 */
export const validateContext = (context: unknown): EncryptionContext | undefined => {
  if (context === undefined) return undefined;
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new DataMaskingUnsupportedTypeError('The encryption context must be an object of string values');
  }
  for (const [key, value] of Object.entries(context)) {
    if (typeof value !== 'string') {
      throw new DataMaskingUnsupportedTypeError(`The encryption context value of '${key}' must be a string, got ${value === null ? 'null' : typeof value}`);
    }
    if (hasLoneSurrogate(key) || hasLoneSurrogate(value)) {
      throw new DataMaskingUnsupportedTypeError(
        'An encryption context key or value holds a lone surrogate (half of a UTF-16 pair): it has no UTF-8 form, so it could never be matched on decrypt',
      );
    }
    if (key.startsWith('aws-crypto-') || key === FIELD_CONTEXT_KEY) {
      throw new DataMaskingInvalidOptionsError(`The encryption context key '${key}' is reserved`);
    }
  }
  return context as EncryptionContext;
};

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The string cannot be encoded as UTF-8 (the ESDK would write U+FFFD in its place). */
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/** The context of one field's ciphertext: the caller's pairs plus the field's location shape. */
export const fieldContext = (context: EncryptionContext | undefined, shape: string): EncryptionContext => ({
  ...context,
  [FIELD_CONTEXT_KEY]: shape,
});
