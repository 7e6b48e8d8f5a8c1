/**
 * Public option and contract types shared by the engine, the providers and the decorators.
 * @module
 */

/** A string-to-string map bound to a ciphertext; decrypt must present exactly the same pairs. */
export type EncryptionContext = Record<string, string>;

/** The smallest logger the library needs: it only ever warns, and never with a payload value. */
export interface DataMaskingLogger {
  /** Receives messages that name paths and options, never data. */
  warn(message: string, ...rest: unknown[]): void;
}

/**
 * How one value is erased: one kind of mask per rule, so TypeScript refuses `customMask` with
 * `dynamicMask`, and `regexPattern` without `maskFormat`. Without any option the value becomes
 * `'*****'`. (JavaScript callers that combine them get Python's precedence at run time:
 * `regexPattern`, then `customMask`, then `dynamicMask`.)
 */
export type MaskingRule = DynamicMaskRule | CustomMaskRule | RegexMaskRule;

/** The default mask `'*****'`, or with `dynamicMask` one `*` per character. */
export interface DynamicMaskRule {
  /** Replace every character except `- _ . space` with `*`, keeping the value's length (in code points). */
  dynamicMask?: boolean;
  customMask?: never;
  regexPattern?: never;
  maskFormat?: never;
}

/** A fixed mask. */
export interface CustomMaskRule {
  /** Replace the value with this mask, cut to the value's length when the mask is longer. */
  customMask: string;
  dynamicMask?: never;
  regexPattern?: never;
  maskFormat?: never;
}

/** Every match of a regular expression replaced. */
export interface RegexMaskRule {
  /**
   * A regular expression in JavaScript syntax (flags `i`, `m`, `s`, `u`; `g` implied); every match is
   * replaced with `maskFormat`. Runs on RE2 (the optional dependency `re2js`), in time linear in
   * the value; backreferences and lookaround are refused when compiled.
   */
  regexPattern: string | RegExp;
  /** Replacement in JavaScript syntax (`$1`, `$<name>`, `$&`). */
  maskFormat: string;
  dynamicMask?: never;
  customMask?: never;
}

/** Options of {@link DataMasking.erase}: a {@link MaskingRule} for every selected value, plus the selection. */
export type EraseOptions = MaskingRule & EraseSelection;

/** What {@link EraseOptions} select: `fields`, and a rule per path. */
export interface EraseSelection {
  /** JSONPath expressions selecting what to erase. Omit to erase the whole payload. */
  fields?: readonly string[];
  /**
   * A rule per JSONPath expression. Where selections overlap (a path in `fields` and a rule on the
   * same location or on a parent, or two rules), the result is at least as masked as under each
   * alone: a full mask (`'*****'`) that changes the value wins; otherwise each scalar takes the
   * first partial mask that changes it, the deepest selection's first (rules in their order, then
   * `fields`). A rule that selects `null` leaves it (as Python does).
   */
  maskingRules?: Readonly<Record<string, MaskingRule>>;
}

/** Options the caller passes through to the provider on each call (algorithm suite, frame length...). */
export type ProviderOptions = Record<string, unknown>;

/** Options of a single provider call. */
export interface ProviderCallOptions {
  /** Encryption context bound to (or expected on) the ciphertext. */
  context?: EncryptionContext;
  /** Provider-specific per-call options. */
  providerOptions?: ProviderOptions;
}

/**
 * What {@link DataMasking} needs from an encryption back end. `encrypt` serializes the value
 * itself (so it can decrypt it back to the same JSON value) and returns a portable string;
 * `decrypt` must reject a ciphertext whose context differs from `options.context`. A custom
 * provider needs `enableEncryption()` called once before `new DataMasking({ provider })`
 * (`AWSEncryptionSDKProvider` calls it itself).
 */
export interface EncryptionProvider {
  /** Serializes and encrypts one value, binding `options.context`; resolves to a portable string. */
  encrypt(value: unknown, options?: ProviderCallOptions): Promise<string>;
  /** Decrypts a string made by `encrypt`, rejecting it unless its context is exactly `options.context`. */
  decrypt(ciphertext: string, options?: ProviderCallOptions): Promise<unknown>;
}

/** Options of {@link DataMasking.encrypt} and {@link DataMasking.decrypt}. */
export interface CryptoOptions extends ProviderCallOptions {
  /** JSONPath expressions selecting the fields to encrypt or decrypt in place. Omit for the whole payload. */
  fields?: readonly string[];
}

/** Options of the {@link DataMasking} constructor. */
export interface DataMaskingOptions {
  /** Needed by encrypt and decrypt, e.g. `AWSEncryptionSDKProvider` from `lambda-data-masking/kms`. */
  provider?: EncryptionProvider;
  /** Throw `DataMaskingFieldNotFoundError` when a path matches nothing (default `true`); else warn and go on. */
  throwOnMissingField?: boolean;
  /** Where warnings go (default `console`). */
  logger?: DataMaskingLogger;
  /**
   * Default provider options of every `encrypt`, `decrypt`, `mask` and `unmask` call of this
   * masker (and of the integrations using it, e.g. `DataMaskingModule.forRoot({ providerOptions })`):
   * a call's own `providerOptions` are merged over them, key by key. For example
   * `{ algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY }`
   * makes field-level encryption several times cheaper (see docs/field-encryption-performance.md).
   */
  providerOptions?: ProviderOptions;
  /**
   * Default encryption context of this masker (and of the integrations using it, e.g.
   * `DataMaskingModule.forRoot({ context })`, or the masker a Middy app shares between its
   * handlers): bound to every ciphertext it makes (`encrypt`, `mask`, `@MaskHandler`,
   * `maskResponse`, `@MaskResponse`) and expected on every `decrypt` / `unmask`, together with
   * the call's own pairs. A call, route or `@Encrypt` property may add keys; giving a key of the
   * default another value is refused (`DataMaskingInvalidOptionsError`, before any KMS call):
   * fail closed, the default cannot be re-bound by a more specific level. A fixed object of
   * string values, checked like any context: it travels to KMS and its logs in clear, so nothing
   * derived from data belongs in it (per-request values such as a tenant go in the call's or
   * route's context). Copied when the masker is built.
   */
  context?: EncryptionContext;
}

/**
 * What field-level erase and encrypt give back: the input's structure, where any selected value
 * may have become a string (`'*****'`, a masked text or a ciphertext). A JSON string input is
 * returned parsed, hence `unknown`.
 */
export type Masked<T> = T extends string
  ? unknown
  : T extends readonly (infer Element)[]
    ? MaskedValue<Element>[]
    : T extends object
      ? { [Key in keyof T]: MaskedValue<T[Key]> }
      : T | string;

/** One value of a {@link Masked} structure: itself masked below, or replaced by a string. */
export type MaskedValue<T> = T extends readonly (infer Element)[]
  ? MaskedValue<Element>[] | string
  : T extends object
    ? { [Key in keyof T]: MaskedValue<T[Key]> } | string
    : T | string;
