import type { MaskOptions } from './dto/interpreter';
import { loadInterpreter, loadUnmask } from './dto/lazy';
import { type CompileEraserOptions, type CompiledEraser, compileEraser } from './operations/compile-eraser';
import type { MaskerEncryption } from './operations/encryption';
import { requireEncryption } from './operations/encryption-registry';
import { eraseData } from './operations/erase';
import { type MissingFieldPolicy, checkLogger } from './operations/missing-fields';
import { ownOptions } from './json/own-options';
import { DataMaskingInvalidOptionsError } from './errors';
import type { CryptoOptions, DataMaskingOptions, EraseOptions, Masked, MaskedValue } from './types';

const CONSTRUCTOR_KEYS = ['provider', 'throwOnMissingField', 'logger', 'providerOptions', 'context'] as const;

/**
 * Erases, encrypts and decrypts sensitive data: a whole payload, or the fields chosen by
 * JSONPath expressions. The input is never mutated; results share no object with it.
 *
 * @example
 * ```ts
 * const masker = new DataMasking();
 * masker.erase({ email: 'a@b.c', name: 'Ann' }, { fields: ['email'] });
 * // { email: '*****', name: 'Ann' }
 * ```
 */
export class DataMasking {
  readonly #policy: MissingFieldPolicy;
  /** The provider and encryption defaults; set only when given (and encryption was enabled). */
  readonly #encryption: MaskerEncryption | undefined;

  /**
   * @param options read as own properties only (a polluted `Object.prototype` changes nothing).
   * @throws DataMaskingInvalidOptionsError for a `throwOnMissingField` that is not a boolean or a
   * `logger` without a `warn` method, or a `context` that is a function;
   * DataMaskingUnsupportedTypeError for a `context` value that is not a string.
   * @throws DataMaskingInvalidOptionsError for a `provider`, `context` or `providerOptions` when
   * encryption is not enabled (see `enableEncryption`; `AWSEncryptionSDKProvider` enables it).
   */
  public constructor(options: DataMaskingOptions = {}) {
    const { provider, throwOnMissingField, logger, providerOptions, context } = ownOptions(options, CONSTRUCTOR_KEYS, 'DataMasking options');
    if (throwOnMissingField !== undefined && typeof throwOnMissingField !== 'boolean') {
      throw new DataMaskingInvalidOptionsError('throwOnMissingField must be a boolean');
    }
    this.#policy = {
      throwOnMissingField: throwOnMissingField ?? true,
      logger: checkLogger(logger) ?? console,
    };
    if (provider !== undefined || providerOptions !== undefined || context !== undefined) {
      this.#encryption = requireEncryption()(this, provider, providerOptions, context);
    }
  }

  /**
   * Irreversibly replaces sensitive data. Synchronous.
   *
   * - Without `fields` or `maskingRules`: any value becomes `'*****'` and an array as many
   *   `'*****'`; with `dynamicMask`, `customMask` or `regexPattern` + `maskFormat` every scalar
   *   inside is masked and the structure kept.
   * - With `fields`: each selected value becomes `'*****'` (an array, as many `'*****'`), or is
   *   masked by the rule options; `maskingRules` give a path its own rule. A JSON string input
   *   is returned parsed. All paths are resolved against the input, so their order never matters.
   *   Overlapping selections never unmask (see {@link EraseOptions.maskingRules}).
   * - Selection, filters and output read the JSON view of the data (`toJSON()` results, own
   *   enumerable members); options are read as own properties only.
   *
   * @throws DataMaskingFieldNotFoundError when a path selects nothing (unless `throwOnMissingField: false`).
   * @throws DataMaskingInvalidPathError, DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError
   */
  public erase<T>(data: T, options: EraseOptions & ({ fields: readonly string[] } | { maskingRules: EraseOptions['maskingRules'] & object })): Masked<T>;
  public erase<T>(data: T, options?: EraseOptions): MaskedValue<T>;
  public erase(data: unknown, options?: EraseOptions): unknown {
    return eraseData(data, options, this.#policy);
  }

  /**
   * Validates erase options and compiles their paths once, returning a function that only walks
   * each value: the same result as {@link DataMasking.erase} with these options, for hot paths
   * such as a log formatter. A missing path throws or warns as this masker's
   * `throwOnMissingField` says, unless `onMissingField` is given (`'ignore'` for log records).
   *
   * @example
   * ```ts
   * const eraseCard = masker.compile({ fields: ['card.number'] });
   * eraseCard({ card: { number: '4111' } }); // { card: { number: '*****' } }
   * ```
   * @throws DataMaskingInvalidPathError, DataMaskingInvalidOptionsError when compiling, never per call.
   */
  public compile(options?: CompileEraserOptions): CompiledEraser {
    const onMissingField = this.#policy.throwOnMissingField ? 'throw' : 'warn';
    return compileEraser(options, { onMissingField, logger: this.#policy.logger });
  }

  /**
   * Encrypts the whole payload into one ciphertext string, or, with `fields`, each selected
   * value in place (its own ciphertext, bound to its location shape, see `FIELD_CONTEXT_KEY`
   * for what that anti-swap does and does not prevent). `context` is bound to every ciphertext
   * and must be presented again to decrypt. `decrypt` with the same `fields` reverses whatever
   * this accepts; a list whose filter reads a value the same list encrypts is refused.
   *
   * @throws DataMaskingEncryptKeyError when the key or KMS fails; DataMaskingUnsupportedTypeError
   * for a context value that is not a string or holds a lone surrogate, or data JSON cannot hold
   * (checked before any KMS call); DataMaskingInvalidOptionsError for a list decrypt could not reverse.
   */
  public async encrypt(data: unknown, options?: CryptoOptions & { fields?: undefined }): Promise<string>;
  public async encrypt<T>(data: T, options: CryptoOptions & { fields: readonly string[] }): Promise<Masked<T>>;
  public async encrypt(data: unknown, options: CryptoOptions = {}): Promise<unknown> {
    return this.#withProvider('encrypt').encrypt(data, options, this.#policy);
  }

  /**
   * Decrypts a whole-payload ciphertext back to its original value, or, with `fields`, each
   * selected field ciphertext in place. The `context` must equal the one used to encrypt.
   *
   * @throws DataMaskingContextMismatchError, DataMaskingDecryptKeyError, DataMaskingDecryptValueError
   */
  public async decrypt<T = unknown>(data: string, options?: CryptoOptions & { fields?: undefined }): Promise<T>;
  public async decrypt<T = unknown>(data: unknown, options: CryptoOptions & { fields: readonly string[] }): Promise<T>;
  public async decrypt(data: unknown, options: CryptoOptions = {}): Promise<unknown> {
    return this.#withProvider('decrypt').decrypt(data, options, this.#policy);
  }

  /**
   * Masks decorated DTOs (`@Erase`, `@Encrypt`): a DTO instance, an array of them or any
   * structure holding them becomes a plain object with erased and encrypted properties.
   *
   * @example
   * ```ts
   * class User { @Erase() email!: string; @Encrypt() ssn!: string; name!: string }
   * const masked = await masker.mask(user); // { email: '*****', ssn: '<ciphertext>', name: 'Ann' }
   * ```
   */
  public async mask<T>(value: T, options?: MaskOptions): Promise<Masked<T>> {
    return (await loadInterpreter().maskDecorated(value, this.#encryption, options)) as Masked<T>;
  }

  /**
   * {@link DataMasking.mask} for DTOs that cannot hold an `@Encrypt` property: synchronous.
   *
   * @example
   * ```ts
   * class Login { @Erase() password!: string; user!: string }
   * masker.maskSync(login); // { password: '*****', user: 'ann' }
   * ```
   * @throws DataMaskingError when the value's classes can hold an `@Encrypt` property.
   */
  public maskSync<T>(value: T): Masked<T> {
    return loadInterpreter().maskDecoratedSync(value) as Masked<T>;
  }

  /**
   * The reverse of {@link DataMasking.mask}: an instance of `type` (nested DTOs as their
   * classes) with `@Encrypt` properties decrypted; erased properties stay erased. Only data
   * members are assigned, by class-transformer's rules: a key naming a method (`toString`,
   * `constructor`, a class method), a read-only accessor, or a member `@Exclude` hides from
   * `plainToInstance` is dropped; setters run.
   *
   * @example
   * ```ts
   * const user = await masker.unmask(User, masked); // user instanceof User, user.ssn decrypted
   * ```
   */
  public async unmask<T>(type: new (...args: never[]) => T, masked: readonly unknown[], options?: MaskOptions): Promise<T[]>;
  public async unmask<T>(type: new (...args: never[]) => T, masked: unknown, options?: MaskOptions): Promise<T>;
  public async unmask(type: new (...args: never[]) => unknown, masked: unknown, options?: MaskOptions): Promise<unknown> {
    return loadUnmask().unmaskDecorated(type, masked, this.#encryption, options);
  }

  /** The encryption half, when it holds a provider. */
  #withProvider(operation: string): MaskerEncryption {
    const encryption = this.#encryption;
    if (encryption?.provider === undefined) {
      throw new DataMaskingInvalidOptionsError(
        `${operation} needs an encryption provider: new DataMasking({ provider }), e.g. AWSEncryptionSDKProvider from 'lambda-data-masking/kms'`,
      );
    }
    return encryption;
  }
}
