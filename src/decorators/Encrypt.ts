import { validateContext } from '../operations/context';
import { ownOptions } from '../json/own-options';
import { validateProviderOptions } from '../operations/provider-options';
import { DataMaskingInvalidOptionsError } from '../errors';
import type { MemberDecorator } from './decorator-types';
import { enableDtoSupport } from '../dto/dto-support';
import { memberTarget } from '../metadata/member-target';
import { type EncryptOptions, annotate } from '../metadata/metadata';

/**
 * Marks a DTO property as encrypted when the DTO is masked: its value (masked first by its own
 * class's decorators, if it is a DTO) becomes one ciphertext through the masker's provider,
 * bound to the call's context, the `context` given here and the property's location (so the
 * ciphertext cannot be moved to another property). `masker.unmask` decrypts it back.
 * Works as a legacy (`experimentalDecorators`) and as a standard (TC39) decorator.
 * Masking a DTO that can hold an `@Encrypt` property needs `new DataMasking({ provider })`.
 *
 * Masking metadata never changes class-transformer's output (`instanceToPlain`, `plainToInstance`,
 * NestJS's `ValidationPipe` and `ClassSerializerInterceptor`): a request DTO reaches its handler
 * intact, and only the library encrypts.
 *
 * @example
 * ```ts
 * class Payment {
 *   @Encrypt() cardNumber!: string;
 *   @Encrypt({ context: (p: Payment) => ({ tenant_id: p.tenantId }) }) iban!: string;
 *   // this property's own suite, whatever the call or the masker says:
 *   @Encrypt({ providerOptions: { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384 } })
 *   approval!: string;
 *   tenantId!: string;
 * }
 * ```
 * @throws DataMaskingInvalidOptionsError for invalid options, a static, private or symbol property, an accessor or
 * method, or a property that also has `@Erase`; DataMaskingUnsupportedTypeError for a context value that is not a string.
 */
const ENCRYPT_KEYS = ['context', 'providerOptions'] as const;

// biome-ignore lint/suspicious/noExplicitAny: an unannotated context function accepts any instance, as in the TypeScript decorator types
export function Encrypt<T = any>(options: EncryptOptions<T> = {}): MemberDecorator {
  return (first: unknown, second: unknown, descriptor?: unknown): void => {
    const target = memberTarget('@Encrypt', first, second, descriptor);
    if (target.kind !== 'field') {
      throw new DataMaskingInvalidOptionsError(`@Encrypt applies to data properties, not to the accessor or method ${target.description}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new DataMaskingInvalidOptionsError(`@Encrypt on ${target.description}: options must be an object`);
    }
    // Own members only: a polluted Object.prototype adds no context and no provider options.
    const { context, providerOptions: ownProviderOptions } = ownOptions(
      options,
      ENCRYPT_KEYS,
      `@Encrypt on ${target.description}: options`,
    ) as EncryptOptions<T>;
    if (typeof context !== 'function') validateContext(context);
    const providerOptions = validateProviderOptions(ownProviderOptions, `@Encrypt on ${target.description}`);
    const annotation = {
      kind: 'encrypt',
      context: typeof context === 'function' ? context : context === undefined ? undefined : { ...context },
      providerOptions, // present even when undefined: never read from a polluted Object.prototype
    } as const;
    enableDtoSupport();
    annotate(target, annotation);
  };
}
