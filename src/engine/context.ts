import { DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError } from '../errors';
import type { EncryptionContext } from '../types';

/**
 * The encryption-context key under which a field ciphertext records where it belongs
 * (e.g. `$.cards[*].number`), so a ciphertext moved to another field fails to decrypt.
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
