import { DataMaskingDecryptValueError, DataMaskingInvalidOptionsError } from '../errors';
import { excerptForMessage, quoteForMessage } from '../errors-format';
import { compileFields, parseIfJsonString } from './input';
import { fieldContext } from './context';
import { runFairly } from './fair-run';
import { fieldShape } from './field-shape';
import { type MissingFieldPolicy, reportMissingFields } from './missing-fields';
import type { CompiledPath } from '../jsonpath/compile';
import { type Location, formatLocation } from '../jsonpath/location';
import { selectLocations, transformPaths } from '../jsonpath/walk';
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

/** One selected location: where it is, the shape its context binds, and the value found there. */
interface Selected {
  readonly location: Location;
  readonly shape: string;
  readonly value: unknown;
}

/**
 * Encrypts each selected value as its own message, in place (a few at a time, yielding between
 * slices, see runFairly; any failure rejects the whole call, never a partial document). Each message's context also
 * binds the field's location shape (anti-swap, see {@link fieldShape}): data-derived steps are
 * abstracted, so no string from the data enters the context and every record of a list shares
 * one context (the data-key cache keeps serving them).
 *
 * Whatever this accepts, {@link decryptFields} with the same `fields` reverses: when a filter
 * would select differently in the encrypted document (it reads a value the list encrypts), the
 * call is refused instead of returning what could not be decrypted.
 */
export const encryptFields = async (request: FieldCryptoRequest): Promise<unknown> => {
  const paths = compileFields(request.fields);
  const { document, selected, matched } = select(parseIfJsonString(request.data), paths);
  reportMissingFields(paths, matched, request.policy);
  const outputs = await runFairly(
    selected.map(
      ({ value, shape }) =>
        () =>
          request.provider.encrypt(value, { context: fieldContext(request.context, shape), providerOptions: request.providerOptions }),
    ),
  );
  const result = writeAll(document, selected, outputs);
  if (paths.some(hasFilter)) assertDecryptSelectsTheSame(result, paths, selected);
  return result;
};

/**
 * Decrypts each selected field ciphertext in place; see {@link encryptFields}. A path that
 * selects nothing in the encrypted document but something inside a value it decrypted (the
 * `'a.b'` of `['a', 'a.b']`, encrypted with `'a'`) counts as found. A string that is not JSON
 * is the ciphertext of the root (what `fields: ['$']` produces).
 */
export const decryptFields = async (request: FieldCryptoRequest): Promise<unknown> => {
  const paths = compileFields(request.fields);
  const { document, selected, matched } = select(parseDecryptInput(request.data), paths);
  for (const { location, value } of selected) {
    if (typeof value !== 'string') {
      throw new DataMaskingDecryptValueError(`The value at ${excerptForMessage(formatLocation(location))} is not a ciphertext string`);
    }
  }
  const outputs = await runFairly(
    selected.map(
      ({ value, shape }) =>
        () =>
          request.provider.decrypt(value as string, { context: fieldContext(request.context, shape), providerOptions: request.providerOptions }),
    ),
  );
  const result = writeAll(document, selected, outputs);
  reportMissingFields(paths, foundWithinDecrypted(result, paths, matched, selected), request.policy);
  return result;
};

/** Selects every location first (one walk over a fresh copy); the values are written back later. */
const select = (root: unknown, paths: readonly CompiledPath[]): { document: unknown; selected: Selected[]; matched: ReadonlySet<CompiledPath> } => {
  const selected: Selected[] = [];
  const { result, matched } = transformPaths(root, paths, (value, path, location) => {
    selected.push({ location: [...location], shape: fieldShape(path, location), value });
    return null;
  });
  return { document: result, selected, matched };
};

const writeAll = (document: unknown, selected: readonly Selected[], outputs: readonly unknown[]): unknown => {
  let result = document;
  selected.forEach(({ location }, index) => {
    result = writeAt(result, location, outputs[index]);
  });
  return result;
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

/** A JSON string is parsed; any other string is taken as the ciphertext of the whole document. */
const parseDecryptInput = (data: unknown): unknown => {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
};

const hasFilter = (path: CompiledPath): boolean => path.parsed.segments.some((segment) => segment.selectors.some((selector) => selector.kind === 'filter'));

const sameLocation = (a: Location, b: Location): boolean => a.length === b.length && a.every((key, index) => key === b[index]);

/** `inner` is `outer` or lies inside it. */
const within = (inner: Location, outer: Location): boolean => inner.length >= outer.length && outer.every((key, index) => key === inner[index]);

/**
 * A filter runs on the document it is given: on decrypt, that is the encrypted one. When it
 * reads a value the same list encrypts, decrypt would select other locations than encrypt did
 * and leave ciphertexts behind (or fail); refused here, where nothing has been returned yet.
 */
const assertDecryptSelectsTheSame = (encrypted: unknown, paths: readonly CompiledPath[], selected: readonly Selected[]): void => {
  const again = select(encrypted, paths).selected;
  const same =
    again.length === selected.length &&
    again.every((entry, index) => sameLocation(entry.location, selected[index]!.location) && entry.shape === selected[index]!.shape);
  if (same) return;
  const filters = paths
    .filter(hasFilter)
    .slice(0, 3)
    .map((path) => quoteForMessage(path.source))
    .join(', ');
  throw new DataMaskingInvalidOptionsError(
    `These fields could not be decrypted with the same list: the filter of ${filters} reads a value the list encrypts. ` +
      'Filter on fields that stay in clear.',
  );
};

/**
 * The paths that matched in the encrypted document, plus those that select something inside a
 * value decrypted as a whole (they were encrypted with it).
 */
const foundWithinDecrypted = (
  result: unknown,
  paths: readonly CompiledPath[],
  matched: ReadonlySet<CompiledPath>,
  selected: readonly Selected[],
): ReadonlySet<CompiledPath> => {
  if (paths.every((path) => matched.has(path)) || selected.length === 0) return matched;
  const found = new Set(matched);
  for (const path of paths) {
    if (found.has(path)) continue;
    const locations = selectLocations(result, path);
    if (locations.some((location) => selected.some((entry) => within(location, entry.location)))) found.add(path);
  }
  return found;
};
