import { DataMaskingDecryptValueError } from '../errors';
import { compileFields, parseIfJsonString } from './input';
import { fieldContext } from './context';
import { runFairly } from './fair-run';
import { type MissingFieldPolicy, reportMissingFields } from './missing-fields';
import { type Location, formatLocation, locationShape } from '../paths/location';
import { transformPaths } from '../paths/walk';
import type { EncryptionContext, EncryptionProvider, ProviderOptions } from '../types';

/** What one field-level operation needs. */
export interface FieldCryptoRequest {
  readonly data: unknown;
  readonly fields: readonly string[];
  readonly context: EncryptionContext | undefined;
  readonly providerOptions: ProviderOptions | undefined;
  readonly provider: EncryptionProvider;
  readonly policy: MissingFieldPolicy;
}

type FieldOperation = (value: unknown, shape: string, location: Location) => Promise<unknown>;

/**
 * Encrypts each selected value as its own message, in place. Each message's context also
 * names the field's location shape (anti-swap); the shape generalises array indexes, so every
 * record of a list shares one context and the data-key cache keeps serving them.
 */
export const encryptFields = (request: FieldCryptoRequest): Promise<unknown> =>
  processFields(request, (value, shape) =>
    request.provider.encrypt(value, { context: fieldContext(request.context, shape), providerOptions: request.providerOptions }));

/** Decrypts each selected field ciphertext in place; see {@link encryptFields}. */
export const decryptFields = (request: FieldCryptoRequest): Promise<unknown> =>
  processFields(request, (value, shape, location) => {
    if (typeof value !== 'string') {
      throw new DataMaskingDecryptValueError(`The value at ${formatLocation(location)} is not a ciphertext string`);
    }
    return request.provider.decrypt(value, { context: fieldContext(request.context, shape), providerOptions: request.providerOptions });
  });

/**
 * Selects every location first (one walk over a fresh copy), then runs the operation on all of
 * them (a few concurrently, yielding between slices) and writes the results into the copy. Any failure rejects the whole call:
 * the caller never sees a partially processed document.
 */
const processFields = async (request: FieldCryptoRequest, operation: FieldOperation): Promise<unknown> => {
  const paths = compileFields(request.fields);
  const selected: { location: Location; value: unknown }[] = [];
  const { result, matched } = transformPaths(parseIfJsonString(request.data), paths, (value, _path, location) => {
    selected.push({ location: [...location], value });
    return null;
  });
  reportMissingFields(paths, matched, request.policy);
  // A few at a time, in slices (see runFairly): a large response never holds the event loop
  // for long. The call settles only once everything it started has, so a failed call leaves
  // nothing in flight that a later call could join (or inherit the failure of).
  const outputs = await runFairly(
    selected.map(({ location, value }) => async () => operation(value, locationShape(location), location)),
  );
  let document = result;
  selected.forEach(({ location }, index) => {
    document = writeAt(document, location, outputs[index]);
  });
  return document;
};

/** Writes into the engine's own fresh copy (never the caller's data) at a known-good location. */
const writeAt = (document: unknown, location: Location, value: unknown): unknown => {
  if (location.length === 0) return value;
  let container = document as Record<string | number, unknown>;
  for (let index = 0; index < location.length - 1; index++) {
    container = container[location[index]!] as Record<string | number, unknown>;
  }
  const last = location[location.length - 1]!;
  Object.defineProperty(container, last, { value, enumerable: true, writable: true, configurable: true });
  return document;
};
