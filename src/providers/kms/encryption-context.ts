import { DataMaskingContextMismatchError, DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError } from '../../errors';
import { FIELD_CONTEXT_KEY, hasLoneSurrogate } from '../../operations/context';
import { quoteForMessage } from '../../errors-format';
import type { EncryptionContext } from '../../types';

/** The pair the ESDK adds to the context of signing suites; never part of the caller's context. */
export const PUBLIC_KEY_CONTEXT_KEY = 'aws-crypto-public-key';

/** Prefix the ESDK reserves for its own context keys. */
const RESERVED_PREFIX = 'aws-crypto-';

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Checks a caller's encryption context before any KMS call and returns a fresh plain copy.
 * Values must be strings (Python parity); keys must not use the ESDK's reserved `aws-crypto-`
 * prefix. Messages name keys and types, never values.
 *
 * @throws DataMaskingUnsupportedTypeError for a non-object context or a non-string value.
 * @throws DataMaskingInvalidOptionsError for a reserved key.
 */
export const validateEncryptionContext = (context: unknown): EncryptionContext => {
  if (context === undefined) return {};
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new DataMaskingUnsupportedTypeError(`The encryption context must be an object of string values, got ${describe(context)}`);
  }
  const copy: EncryptionContext = {};
  for (const [key, value] of Object.entries(context)) {
    if (typeof value !== 'string') {
      throw new DataMaskingUnsupportedTypeError(
        `The encryption context value of ${quoteForMessage(key, 80)} must be a string, got ${describe(value)}`,
      );
    }
    if (hasLoneSurrogate(key) || hasLoneSurrogate(value)) {
      throw new DataMaskingUnsupportedTypeError(
        'An encryption context key or value holds a lone surrogate (half of a UTF-16 pair): it has no UTF-8 form, so it could never be matched on decrypt',
      );
    }
    if (key.startsWith(RESERVED_PREFIX)) {
      throw new DataMaskingInvalidOptionsError(`The encryption context key ${quoteForMessage(key, 80)} is reserved by the AWS Encryption SDK`);
    }
    copy[key] = value;
  }
  return copy;
};

/** Most keys one message lists: a hostile header may hold thousands. */
const MAX_KEYS_LISTED = 5;

/** Keys, from a header or a caller, quoted one line each (escaped, cut), and at most a few of them. */
export const quoteKeys = (keys: readonly string[]): string => {
  const shown = keys.slice(0, MAX_KEYS_LISTED).map((key) => quoteForMessage(key, 80)).join(', ');
  return keys.length > MAX_KEYS_LISTED ? `${shown} and ${keys.length - MAX_KEYS_LISTED} more` : shown;
};

/**
 * Requires the context stored in a message to equal the expected one exactly (order
 * irrelevant), ignoring the ESDK's own `aws-crypto-public-key`. The error names the keys
 * that differ, never a value.
 *
 * @throws DataMaskingContextMismatchError when a pair is missing, extra or different.
 */
export const assertContextMatches = (stored: Readonly<Record<string, string>>, expected: EncryptionContext): void => {
  const missing: string[] = [];
  const unexpected: string[] = [];
  const different: string[] = [];
  for (const key of Object.keys(stored)) {
    if (key === PUBLIC_KEY_CONTEXT_KEY) continue;
    if (!Object.prototype.hasOwnProperty.call(expected, key)) unexpected.push(key);
    else if (expected[key] !== stored[key]) different.push(key);
  }
  for (const key of Object.keys(expected)) {
    if (!Object.prototype.hasOwnProperty.call(stored, key)) missing.push(key);
  }
  if (missing.length === 0 && unexpected.length === 0 && different.length === 0) return;
  const parts: string[] = [];
  const list = (keys: string[]): string => quoteKeys(keys);
  if (missing.length > 0) parts.push(`missing from the ciphertext: ${list(missing)}`);
  if (unexpected.length > 0) parts.push(`not given to decrypt: ${list(unexpected)}`);
  if (different.length > 0) parts.push(`different value for: ${list(different)}`);
  if (different.includes(FIELD_CONTEXT_KEY)) {
    parts.push('the field was encrypted at another location, or with a fields list that spells its steps differently: decrypt with the same fields list');
  }
  throw new DataMaskingContextMismatchError(
    `The encryption context does not match the one the ciphertext was made with (${parts.join('; ')})`,
  );
};
