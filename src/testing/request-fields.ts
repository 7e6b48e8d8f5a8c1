/**
 * Validating readers for the members of a KMS JSON request. A member of the wrong JSON type
 * is a `SerializationException` (as the AWS JSON protocol answers); a member that breaks a
 * constraint (missing, too long, out of range) is a `ValidationException`.
 * @module
 * @internal
 */
import { serializationError, validationError } from './wire';

/** A request body, already known to be a JSON object. */
export type RequestBody = Record<string, unknown>;

/** An encryption context as a list of `[key, value]` pairs (never a prototype-bearing object). */
export type ContextPairs = ReadonlyArray<readonly [string, string]>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function member(body: RequestBody, name: string): unknown {
  return Object.hasOwn(body, name) ? body[name] : undefined;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function missing(name: string): Error {
  return validationError(`1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`);
}

function lengthError(name: string, min: number, max: number): Error {
  return validationError(
    `1 validation error detected: Value at '${lowerFirst(name)}' failed to satisfy constraint: ` +
      `Member must have length between ${min} and ${max}, inclusive`,
  );
}

/** Reads an optional string member of length `min..max`. */
export function optionalString(body: RequestBody, name: string, min = 1, max = 2048): string | undefined {
  const value = member(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serializationError(`${name} must be a string`);
  if (value.length < min || value.length > max) throw lengthError(name, min, max);
  return value;
}

/** Reads a required string member of length `min..max`. */
export function requiredString(body: RequestBody, name: string, min = 1, max = 2048): string {
  const value = optionalString(body, name, min, max);
  if (value === undefined) throw missing(name);
  return value;
}

/** Reads an optional integer member in `min..max`. */
export function optionalInteger(body: RequestBody, name: string, min: number, max: number): number | undefined {
  const value = member(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw serializationError(`${name} must be an integer`);
  if (value < min || value > max) {
    throw validationError(
      `1 validation error detected: Value '${value}' at '${lowerFirst(name)}' failed to satisfy constraint: ` +
        `Member must have value between ${min} and ${max}, inclusive`,
    );
  }
  return value;
}

/** Reads an optional boolean member. */
export function optionalBoolean(body: RequestBody, name: string): boolean | undefined {
  const value = member(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw serializationError(`${name} must be a boolean`);
  return value;
}

/** Reads an optional string member restricted to `allowed` values. */
export function optionalEnum<T extends string>(body: RequestBody, name: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(body, name, 1, 256);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw validationError(
      `1 validation error detected: Value '${value}' at '${lowerFirst(name)}' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }
  return value as T;
}

/** Reads an optional list of strings (e.g. `GrantTokens`), at most `maxItems` long. */
export function optionalStringList(body: RequestBody, name: string, maxItems: number): string[] | undefined {
  const value = member(body, name);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw serializationError(`${name} must be a list of strings`);
  }
  if (value.length > maxItems) throw lengthError(name, 0, maxItems);
  return value as string[];
}

/** Reads a required blob member: a standard base64 string decoding to `min..max` bytes. */
export function requiredBlob(body: RequestBody, name: string, min: number, max: number): Buffer {
  const value = member(body, name);
  if (value === undefined || value === null) throw missing(name);
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw serializationError(`${name} must be a base64-encoded blob`);
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length < min || bytes.length > max) throw lengthError(name, min, max);
  return bytes;
}

/**
 * Reads the optional `EncryptionContext`: a JSON object whose values are all strings.
 * Absent, `null` and `{}` all mean the empty context.
 */
export function optionalContext(body: RequestBody, name = 'EncryptionContext'): ContextPairs {
  const value = member(body, name);
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw serializationError(`${name} must be a map of strings`);
  }
  const pairs: Array<readonly [string, string]> = [];
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'string') throw serializationError(`${name} values must be strings`);
    pairs.push([key, entry]);
  }
  return pairs;
}
