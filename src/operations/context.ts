import { DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError } from '../errors';
import { quoteForMessage } from '../errors-format';
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

/** Prefix the AWS Encryption SDK reserves for its own context keys. */
const SDK_PREFIX = 'aws-crypto-';

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Checks an encryption context before any KMS call and returns a fresh plain copy of its pairs:
 * a plain object of string values, without keys the AWS Encryption SDK reserves (`aws-crypto-`)
 * and, from a caller, without the library's own {@link FIELD_CONTEXT_KEY} (the provider, which
 * receives that key from the library, passes `allowFieldKey`). Messages name keys (escaped,
 * cut) and types, never values. The one check for the core and the KMS provider alike.
 *
 * @throws DataMaskingUnsupportedTypeError for a non-object context, a non-string value or a lone surrogate.
 * @throws DataMaskingInvalidOptionsError for a reserved key.
 */
export function validateContext(context: undefined, options?: { allowFieldKey?: boolean }): undefined;
export function validateContext(context: unknown, options?: { allowFieldKey?: boolean }): EncryptionContext | undefined;
export function validateContext(context: unknown, { allowFieldKey = false }: { allowFieldKey?: boolean } = {}): EncryptionContext | undefined {
  if (context === undefined) return undefined;
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new DataMaskingUnsupportedTypeError(`The encryption context must be an object of string values, got ${describe(context)}`);
  }
  const pairs = Object.entries(context);
  for (const [key, value] of pairs) {
    if (typeof value !== 'string') {
      throw new DataMaskingUnsupportedTypeError(`The encryption context value of ${quoteForMessage(key, 80)} must be a string, got ${describe(value)}`);
    }
    if (hasLoneSurrogate(key) || hasLoneSurrogate(value)) {
      throw new DataMaskingUnsupportedTypeError(
        'An encryption context key or value holds a lone surrogate (half of a UTF-16 pair): it has no UTF-8 form, so it could never be matched on decrypt',
      );
    }
    if (key.startsWith(SDK_PREFIX)) {
      throw new DataMaskingInvalidOptionsError(`The encryption context key ${quoteForMessage(key, 80)} is reserved by the AWS Encryption SDK`);
    }
    if (key === FIELD_CONTEXT_KEY && !allowFieldKey) {
      throw new DataMaskingInvalidOptionsError(`The encryption context key ${quoteForMessage(key, 80)} is reserved: it records each field's location`);
    }
  }
  // fromEntries defines each pair as an own member, so a key named `__proto__` stays a pair.
  return Object.fromEntries(pairs) as EncryptionContext;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The string cannot be encoded as UTF-8 (the ESDK would write U+FFFD in its place). */
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/** The context of one field's ciphertext: the caller's pairs plus the field's location shape. */
export const fieldContext = (context: EncryptionContext | undefined, shape: string): EncryptionContext => ({
  ...context,
  [FIELD_CONTEXT_KEY]: shape,
});

/**
 * A default context (a masker's, so a NestJS module's or a Middy app's) extended by a call's,
 * route's or `@Encrypt` property's pairs. A key both give with different values is refused
 * (fail closed): what the default binds cannot be re-bound by a more specific level, silently
 * or by mistake. The same value twice is accepted. Checked before any KMS call; the message
 * names the key, never a value.
 * @throws DataMaskingInvalidOptionsError on a conflicting key.
 */
export const extendContext = (fixed: EncryptionContext | undefined, extra: EncryptionContext | undefined, where: string): EncryptionContext | undefined => {
  if (fixed === undefined) return extra;
  if (extra === undefined) return fixed;
  for (const key of Object.keys(extra)) {
    if (Object.hasOwn(fixed, key) && fixed[key] !== extra[key]) {
      throw new DataMaskingInvalidOptionsError(
        `${where}: the encryption context key ${quoteForMessage(key)} is set by the masker's default context to another value; a default context key cannot be overridden`,
      );
    }
  }
  return { ...fixed, ...extra };
};

/** A default context, checked like any context and kept as a frozen own copy (later changes to the caller's object change nothing). */
export const defaultContextOf = (context: unknown): Readonly<EncryptionContext> | undefined => {
  if (typeof context === 'function') {
    throw new DataMaskingInvalidOptionsError(
      'The default encryption context must be a fixed object of string values, not a function: nothing derived from data belongs in it',
    );
  }
  const valid = validateContext(context);
  return valid === undefined ? undefined : Object.freeze({ ...valid });
};
