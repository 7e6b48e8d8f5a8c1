import { DataMaskingDecryptValueError } from '../errors';
import { ownOptions } from '../json/own-options';
import type { CryptoOptions, EncryptionContext, EncryptionProvider, ProviderOptions } from '../types';
import { defaultContextOf, extendContext, validateContext } from './context';
import { provideEncryption } from './encryption-registry';
import { decryptFields, encryptFields } from './field-crypto';
import { assertJsonRoot } from './input';
import { maskerDefaults } from './masker-defaults';
import type { MissingFieldPolicy } from './missing-fields';
import { mergeProviderOptions, validateProviderOptions } from './provider-options';

const CRYPTO_KEYS = ['fields', 'context', 'providerOptions'] as const;

type CallOptions = { providerOptions?: ProviderOptions | undefined; context?: EncryptionContext | undefined } | undefined;

/**
 * The encryption half of a `DataMasking`: its provider, default `providerOptions` and `context`,
 * and `encrypt` / `decrypt`. Kept out of `DataMasking` so that erase-only programs do not carry it.
 * @internal
 */
export class MaskerEncryption {
  public readonly provider: EncryptionProvider | undefined;
  public readonly context: Readonly<EncryptionContext> | undefined;
  readonly #providerOptions: ProviderOptions | undefined;

  public constructor(masker: object, provider: unknown, providerOptions: unknown, context: unknown) {
    this.provider = provider as EncryptionProvider | undefined;
    this.#providerOptions = validateProviderOptions(providerOptions, 'DataMasking options');
    this.context = defaultContextOf(context);
    maskerDefaults.set(masker, { context: this.context });
  }

  /**
   * The call's options over the masker's defaults: `providerOptions` merged key by key (the
   * call's win), `context` extended (a conflicting key is refused, see `DataMaskingOptions.context`).
   */
  public withDefaults<Options extends CallOptions>(options: Options, where: string): Options {
    let merged = options;
    if (this.#providerOptions !== undefined) {
      const callOptions = validateProviderOptions(options?.providerOptions, 'options');
      merged = { ...merged, providerOptions: mergeProviderOptions(this.#providerOptions, callOptions) } as Options;
    }
    if (this.context !== undefined) {
      merged = { ...merged, context: extendContext(this.context, validateContext(options?.context), where) } as Options;
    }
    return merged;
  }

  /** Called by `DataMasking` once it checked that there is a provider. */
  public async encrypt(data: unknown, options: unknown, policy: MissingFieldPolicy): Promise<unknown> {
    const provider = this.provider!;
    const { fields, context, providerOptions } = this.#callOptions(options, 'encrypt');
    assertJsonRoot(data);
    if (fields === undefined) return provider.encrypt(data, { context, providerOptions });
    return encryptFields({ data, fields, context, providerOptions, provider, policy });
  }

  /** Called by `DataMasking` once it checked that there is a provider. */
  public async decrypt(data: unknown, options: unknown, policy: MissingFieldPolicy): Promise<unknown> {
    const provider = this.provider!;
    const { fields, context, providerOptions } = this.#callOptions(options, 'decrypt');
    if (fields !== undefined) {
      assertJsonRoot(data);
      return decryptFields({ data, fields, context, providerOptions, provider, policy });
    }
    if (typeof data !== 'string') {
      throw new DataMaskingDecryptValueError(`decrypt expects a ciphertext string, got ${data === null ? 'null' : typeof data}`);
    }
    return provider.decrypt(data, { context, providerOptions });
  }

  /** Own options only, over the defaults, the context checked before any provider call. */
  #callOptions(options: unknown, where: string): CryptoOptions {
    const own = this.withDefaults(ownOptions(options, CRYPTO_KEYS, 'options') as CryptoOptions, where);
    return { ...own, context: validateContext(own.context) };
  }
}

/** What `DataMasking` calls with its constructor options once encryption has been handed over. @internal */
export type SetUpEncryption = (masker: object, provider: unknown, providerOptions: unknown, context: unknown) => MaskerEncryption;

/**
 * Makes `encrypt`, `decrypt` and the `provider`, `context` and `providerOptions` options of
 * `DataMasking` available. `AWSEncryptionSDKProvider` calls it when it is built; call it once
 * yourself (at module level, before `new DataMasking`) when you use your own `EncryptionProvider`.
 * Without it, an erase-only program (and its bundle) carries no encryption code, and a
 * `DataMasking` given a provider throws `DataMaskingInvalidOptionsError` saying what to do,
 * in the CommonJS and the ES module build alike. Calling it again does nothing.
 *
 * @example
 * ```ts
 * enableEncryption();
 * const masker = new DataMasking({ provider: new MyProvider() });
 * ```
 */
export const enableEncryption = (): void =>
  provideEncryption((masker, provider, providerOptions, context) => new MaskerEncryption(masker, provider, providerOptions, context));
