import { DataMasking } from '../DataMasking';
import type { CompiledEraser } from '../operations/compile-eraser';
import { extendContext, validateContext } from '../operations/context';
import { maskerDefaults } from '../operations/masker-defaults';
import { compileFields } from '../operations/input';
import { DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError } from '../errors';
import { ownOptions } from '../json/own-options';
import { validateProviderOptions } from '../operations/provider-options';
import type { EncryptionContext, EraseOptions, ProviderOptions } from '../types';
import { startCountingClassInstances, stopCountingClassInstances } from '../json/json-view';
import { enableDtoSupport } from '../dto/dto-support';
import { EncryptionRequiredError } from '../dto/encryption-required';
import { hasAnnotatedClasses } from '../metadata/metadata';
import { holdsDto } from './scan';

/**
 * What to mask in a handler's result: the options of `@MaskHandler`, of the Middy middleware
 * `maskResponse` and of the NestJS `@MaskResponse`. A decorated DTO in the result is always
 * masked by its own `@Erase` / `@Encrypt` metadata first; these options then apply on top.
 *
 * @example
 * ```ts
 * const options: MaskResultOptions = { erase: ['email'], encrypt: ['card.number'], context: { tenant: 't-1' } };
 * ```
 */
export interface MaskResultOptions {
  /** JSONPath fields to erase (`'*****'`), or full {@link EraseOptions} (rules, masks, `maskingRules`). */
  erase?: readonly string[] | EraseOptions;
  /** JSONPath fields to encrypt in place (needs a `masker` with a provider). */
  encrypt?: readonly string[];
  /**
   * Encryption context bound to every ciphertext made for `encrypt` and for `@Encrypt`
   * properties: extends the masker's default `context`; a key of that default given another
   * value is refused (when the middleware or decorator is set up, if `masker` is given here).
   */
  context?: EncryptionContext;
  /**
   * Provider options (e.g. `{ algorithmSuiteId }`) for the `encrypt` fields and the `@Encrypt`
   * properties: merged over the masker's own `providerOptions`; an `@Encrypt({ providerOptions })`
   * property's own win over these.
   */
  providerOptions?: ProviderOptions;
  /** The {@link DataMasking} to use; default: a shared `new DataMasking()` (erase only, no provider). */
  masker?: DataMasking;
  /** Mask inside an API Gateway-style result's JSON `body` string (`{ statusCode, body }`) and re-serialize it. */
  body?: boolean;
}

/** `Array.isArray` does not narrow a `readonly string[] | EraseOptions` union. */
const isFieldList = (value: unknown): value is readonly string[] => Array.isArray(value);

const OPTION_NAMES = ['erase', 'encrypt', 'context', 'providerOptions', 'masker', 'body'] as const;
const OPTION_KEYS: ReadonlySet<string> = new Set(OPTION_NAMES);

/**
 * The options' own members in a record without a prototype: a polluted `Object.prototype`
 * (`masker`, `body`, `erase`...) can neither switch masking off nor change what is masked.
 */
const ownMaskOptions = (options: unknown): MaskResultOptions =>
  erasers.has(options as MaskResultOptions) ? (options as MaskResultOptions) : (ownOptions(options, OPTION_NAMES, 'Mask options') as MaskResultOptions);

let defaultMasker: DataMasking | undefined;

/** The shared default masker, created on first use (so importing the library creates nothing). */
const getDefaultMasker = (): DataMasking => {
  defaultMasker ??= new DataMasking();
  return defaultMasker;
};

/**
 * Validates `@MaskHandler`-style options once, at decoration time, and returns them in object
 * form: a list of fields is shorthand for `{ erase: fields }`. Paths are compiled (so a bad path
 * fails when the class is defined, not at the first request), unknown keys are rejected (a typo
 * such as `fields:` would otherwise mask nothing).
 *
 * @example
 * ```ts
 * normalizeMaskOptions(['email']);               // { erase: ['email'] }
 * normalizeMaskOptions({ encrypt: ['ssn'], masker });
 * ```
 * @throws DataMaskingInvalidOptionsError, DataMaskingInvalidPathError
 */
export function normalizeMaskOptions(fieldsOrOptions: readonly string[] | MaskResultOptions): MaskResultOptions {
  enableDtoSupport();
  if (isFieldList(fieldsOrOptions)) {
    compileFields(fieldsOrOptions);
    return markNormalized({ erase: [...fieldsOrOptions] });
  }
  if (typeof fieldsOrOptions !== 'object' || fieldsOrOptions === null) {
    throw new DataMaskingInvalidOptionsError('Mask options must be a list of JSONPath fields or an options object');
  }
  for (const key of Object.keys(fieldsOrOptions)) {
    if (!OPTION_KEYS.has(key)) {
      throw new DataMaskingInvalidOptionsError(`Unknown mask option '${key}' (expected erase, encrypt, context, providerOptions, masker or body)`);
    }
  }
  const options = ownMaskOptions(fieldsOrOptions);
  const { erase, encrypt, context, providerOptions, masker, body } = options;
  if (erase !== undefined) {
    if (isFieldList(erase)) compileFields(erase);
    else if (typeof erase !== 'object' || erase === null) {
      throw new DataMaskingInvalidOptionsError('erase must be a list of JSONPath fields or erase options');
    } else if (Object.hasOwn(erase, 'fields') && erase.fields !== undefined) compileFields(erase.fields);
  }
  if (encrypt !== undefined) compileFields(encrypt);
  if (context !== undefined) validateContext(context);
  const ownProviderOptions = validateProviderOptions(providerOptions, 'Mask options');
  if (masker !== undefined && (typeof masker !== 'object' || masker === null || typeof masker.erase !== 'function')) {
    throw new DataMaskingInvalidOptionsError('masker must be a DataMasking instance');
  }
  if (body !== undefined && typeof body !== 'boolean') throw new DataMaskingInvalidOptionsError('body must be a boolean');
  // A conflict with the masker's default context fails at setup (cold start), not at the first request.
  if (masker !== undefined && context !== undefined) extendContext(maskerDefaults.get(masker)?.context, context, 'Mask options');
  return markNormalized({
    ...options,
    ...(erase === undefined ? {} : { erase: copyErase(erase) }),
    ...(encrypt === undefined ? {} : { encrypt: [...encrypt] }),
    ...(ownProviderOptions === undefined ? {} : { providerOptions: ownProviderOptions }),
  });
}

/** Own copies of the lists, so what is compiled from normalized options cannot change under it. */
const copyErase = (erase: readonly string[] | EraseOptions): readonly string[] | EraseOptions => {
  if (isFieldList(erase)) return [...erase];
  return !Object.hasOwn(erase, 'fields') || erase.fields === undefined ? { ...erase } : { ...erase, fields: [...erase.fields] };
};

/**
 * The `erase` option compiled once per options object made by {@link normalizeMaskOptions}
 * (validated and copied there, never handed back to the caller, so it cannot change): a
 * decorator or middleware plans its paths on the first call only. `copying` makes a result
 * sharing nothing with its input; `sharing` may share the subtrees no path reaches (only for a
 * tree that is ours alone, such as a body we just parsed).
 */
interface CompiledErase {
  masker?: DataMasking;
  copying?: CompiledEraser;
  sharing?: CompiledEraser;
}
/** Keyed by the options {@link normalizeMaskOptions} made (own members only, no prototype): a key here is read as it is. */
const erasers = new WeakMap<MaskResultOptions, CompiledErase>();

/**
 * Options for a compiled eraser: only erase options reach it, so its own keys stay the masker's
 * (missing fields throw or warn as the masker says), whatever an untyped `erase` object holds.
 */
const compileOptions = (erase: readonly string[] | EraseOptions, shareUnchanged: boolean) => ({
  ...(isFieldList(erase) ? { fields: erase } : erase),
  onMissingField: undefined,
  logger: undefined,
  shareUnchanged,
});

/**
 * The eraser for `options.erase` on `masker`: compiled once per normalized options and masker, so
 * every later call is a lookup that allocates nothing; without compiled state (options not
 * normalized), erase call by call.
 */
const eraserFor = (options: MaskResultOptions, masker: DataMasking, share: boolean): ((value: unknown) => unknown) => {
  const erase = options.erase!;
  const compiled = erasers.get(options);
  const canCompile = typeof masker.compile === 'function';
  if (compiled === undefined || !canCompile) {
    return share && canCompile ? masker.compile(compileOptions(erase, true)) : (value) => masker.erase(value, isFieldList(erase) ? { fields: erase } : erase);
  }
  if (compiled.masker !== masker) {
    compiled.masker = masker;
    compiled.copying = undefined;
    compiled.sharing = undefined;
  }
  return share ? (compiled.sharing ??= masker.compile(compileOptions(erase, true))) : (compiled.copying ??= masker.compile(compileOptions(erase, false)));
};

/**
 * The options as a frozen record holding every option as an own member (`undefined` when not
 * given), remembered as normalized (so each call reads them as they are). Own members only, so
 * no read reaches a prototype, polluted or not; and one fixed shape, unlike a record without a
 * prototype (a dictionary for V8), so reading an option on every call is a plain field load.
 */
const markNormalized = (options: MaskResultOptions): MaskResultOptions => {
  const own = (key: (typeof OPTION_NAMES)[number]): unknown => (Object.hasOwn(options, key) ? options[key] : undefined);
  const record = Object.freeze({
    erase: own('erase'),
    encrypt: own('encrypt'),
    context: own('context'),
    providerOptions: own('providerOptions'),
    masker: own('masker'),
    body: own('body'),
  }) as MaskResultOptions;
  erasers.set(record, {});
  return record;
};

/**
 * Options made by {@link normalizeMaskOptions} with the masker an integration supplies, or a
 * context computed per request, filled in: nothing is validated or copied again, and the new
 * record keeps the compiled erase of `options` while its masker is the same, so a NestJS route
 * compiles its paths once, not on every request. Options not normalized yet are normalized first.
 * @internal
 */
export const fillMaskOptions = (
  options: MaskResultOptions,
  filled: { readonly masker?: DataMasking; readonly context?: EncryptionContext },
): MaskResultOptions => {
  const base = erasers.has(options) ? options : normalizeMaskOptions(options);
  const masker = Object.hasOwn(filled, 'masker') ? filled.masker : base.masker;
  const record = Object.freeze({
    erase: base.erase,
    encrypt: base.encrypt,
    context: Object.hasOwn(filled, 'context') ? filled.context : base.context,
    providerOptions: base.providerOptions,
    masker,
    body: base.body,
  }) as MaskResultOptions;
  erasers.set(record, masker === base.masker ? erasers.get(base)! : {});
  return record;
};

/**
 * Masks a handler's result: decorated DTOs (anywhere in it) by their `@Erase` / `@Encrypt`
 * metadata, then the `erase` fields, then the `encrypt` fields. With `body: true` the result
 * is an API Gateway-style `{ statusCode, body }` whose JSON `body` is masked and re-serialized
 * (other members are kept). `undefined` passes through. The result is never mutated; when there
 * is nothing to mask (no DTO in it, no `erase` / `encrypt`), it is returned as it is.
 *
 * @example
 * ```ts
 * await maskResult({ email: 'a@b.c', id: 1 }, { erase: ['email'] }); // { email: '*****', id: 1 }
 * await maskResult({ statusCode: 200, body: '{"email":"a@b.c"}' }, { erase: ['email'], body: true });
 * // { statusCode: 200, body: '{"email":"*****"}' }
 * ```
 */
export async function maskResult(result: unknown, options: MaskResultOptions): Promise<unknown> {
  return maskResultNow(result, options);
}

/**
 * {@link maskResult}, synchronous when nothing needs encrypting (the result, or a promise of it):
 * what `@MaskHandler` calls, so that erase-only masking adds no promise to the handler's.
 * @internal
 */
export const maskResultNow = (result: unknown, callOptions: MaskResultOptions): unknown => {
  enableDtoSupport();
  const options = ownMaskOptions(callOptions);
  const masker = options.masker ?? getDefaultMasker();
  if (options.body === true) return maskBody(result, options, masker);
  return maskValue(result, options, masker);
};

/**
 * {@link maskResultNow} for options {@link normalizeMaskOptions} made, read once here rather than
 * on every call: what `@MaskHandler` calls on each result. With neither `erase`, `encrypt` nor
 * `body`, only decorated DTOs are masked: a result the scan finds none in is returned as it is.
 * @internal
 */
export const resultMasker = (callOptions: MaskResultOptions): ((result: unknown) => unknown) => {
  const options = ownMaskOptions(callOptions);
  const { masker } = options;
  if (options.body !== true && options.erase !== undefined && options.encrypt === undefined) {
    // Erase only, the usual handler: straight to the erase-first path, options read here once.
    return (result) => {
      if (typeof result !== 'object' || result === null) return result === undefined ? result : maskValue(result, options, masker ?? getDefaultMasker());
      return eraseFirst(result, options, masker ?? getDefaultMasker());
    };
  }
  if (options.body === true || options.erase !== undefined || options.encrypt !== undefined) return (result) => maskResultNow(result, options);
  return (result) => {
    if (result === undefined || !holdsDto(result)) return result;
    return maskDecoratedThenFields(result, options, masker ?? getDefaultMasker());
  };
};

/** `then`, without a promise when the value is not one. */
const andThen = (value: unknown, next: (resolved: unknown) => unknown): unknown => (value instanceof Promise ? value.then(next) : next(value));

const maskValue = (value: unknown, options: MaskResultOptions, masker: DataMasking): unknown => {
  if (value === undefined) return value;
  if (options.erase !== undefined && options.encrypt === undefined && typeof value === 'object' && value !== null) {
    return eraseFirst(value, options, masker);
  }
  if (!holdsDto(value)) return maskFields(value, options, masker);
  return maskDecoratedThenFields(value, options, masker);
};

/**
 * Erase-only options: erase at once, without scanning the result for DTOs first. Erase takes the
 * JSON view of every class instance it copies or masks the leaves of (counted by
 * `startCountingClassInstances`); when it met none, or no class was ever decorated, its result
 * (or error) is the answer, as the scan would have found no DTO. Otherwise the instance may be a
 * decorated DTO: the result (or error) is discarded and the whole value masked again, by the
 * DTOs' metadata first. Erase is synchronous, so nothing interleaves; what runs twice for such a
 * result is the erase itself (and any `toJSON` of its instances), and a missing-field warning
 * (`throwOnMissingField: false`) is then logged by both erases. A DTO that a field erases whole
 * with the default mask is never inspected: it becomes `'*****'` (or as many as an array holds),
 * as after its metadata, and a DTO that could not be masked there (e.g. `@Encrypt` without a
 * provider) is not reported. No `encrypt` fields here, so nothing is ever encrypted twice.
 */
const eraseFirst = (value: object, options: MaskResultOptions, masker: DataMasking): unknown => {
  let erased: unknown;
  let failure: unknown;
  let failed = false;
  let metClassInstances = 0;
  // Counted without a closure around the erase: this runs on every result of an erase-only handler.
  const outer = startCountingClassInstances();
  try {
    erased = maskFields(value, options, masker);
  } catch (error) {
    failed = true;
    failure = error;
  } finally {
    metClassInstances = stopCountingClassInstances(outer);
  }
  if (metClassInstances > 0 && hasAnnotatedClasses()) return maskDecoratedThenFields(value, options, masker);
  if (failed) throw failure;
  return erased;
};

const maskDecoratedThenFields = (value: unknown, options: MaskResultOptions, masker: DataMasking): unknown => {
  let plain: unknown;
  try {
    plain = masker.maskSync(value);
  } catch (error) {
    if (!(error instanceof EncryptionRequiredError)) throw error;
    return masker.mask(value, { context: options.context, providerOptions: options.providerOptions }).then((masked) => maskFields(masked, options, masker));
  }
  return maskFields(plain, options, masker);
};

/** The `erase` fields, then the `encrypt` fields. `share`: the value is ours alone (see {@link maskParsedBody}). */
const maskFields = (value: unknown, options: MaskResultOptions, masker: DataMasking, share = false): unknown => {
  const { erase, encrypt } = options;
  const erased = erase === undefined ? value : eraserFor(options, masker, share)(value);
  return encrypt === undefined ? erased : masker.encrypt(erased, { fields: encrypt, context: options.context, providerOptions: options.providerOptions });
};

const maskBody = (result: unknown, options: MaskResultOptions, masker: DataMasking): unknown => {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw new DataMaskingUnsupportedTypeError('body: true expects a result object such as { statusCode, body }');
  }
  const response = result as Record<string, unknown>;
  const { body } = response;
  if (body === undefined || body === null || body === '') return { ...response };
  if (response.isBase64Encoded === true) {
    throw new DataMaskingUnsupportedTypeError('body: true cannot mask a base64-encoded body');
  }
  if (typeof body !== 'string') return andThen(maskValue(body, options, masker), (masked) => ({ ...response, body: masked }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch {
    // The parser's message quotes the body, so it is not kept as the cause.
    throw new DataMaskingUnsupportedTypeError('body: true expects a JSON body, but the body is not valid JSON');
  }
  return andThen(maskParsedBody(parsed, options, masker), (masked) => ({ ...response, body: JSON.stringify(masked) }));
};

/**
 * A body we just parsed holds only plain objects, arrays and JSON scalars (no class instance, so
 * no DTO to look for, no getter, prototype or toJSON), and nobody else holds it: it is masked
 * without scanning for DTOs, and the erase shares with it what no path reaches instead of
 * copying the whole tree a second time. It is serialized at once and never handed out.
 */
const maskParsedBody = (parsed: unknown, options: MaskResultOptions, masker: DataMasking): unknown => {
  if (options.erase === undefined && options.encrypt === undefined) return parsed;
  return maskFields(parsed, options, masker, true);
};
