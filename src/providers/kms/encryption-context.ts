import { DataMaskingContextMismatchError } from '../../errors';
import { FIELD_CONTEXT_KEY } from '../../operations/context';
import { quoteForMessage } from '../../errors-format';
import type { EncryptionContext } from '../../types';

/** The pair the ESDK adds to the context of signing suites; never part of the caller's context. */
export const PUBLIC_KEY_CONTEXT_KEY = 'aws-crypto-public-key';

/** Most keys one message lists: a hostile header may hold thousands. */
const MAX_KEYS_LISTED = 5;

/** Keys, from a header or a caller, quoted one line each (escaped, cut), and at most a few of them. */
export const quoteKeys = (keys: readonly string[]): string => {
  const shown = keys
    .slice(0, MAX_KEYS_LISTED)
    .map((key) => quoteForMessage(key, 80))
    .join(', ');
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
    if (!Object.hasOwn(expected, key)) unexpected.push(key);
    else if (expected[key] !== stored[key]) different.push(key);
  }
  for (const key of Object.keys(expected)) {
    if (!Object.hasOwn(stored, key)) missing.push(key);
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
  throw new DataMaskingContextMismatchError(`The encryption context does not match the one the ciphertext was made with (${parts.join('; ')})`);
};
