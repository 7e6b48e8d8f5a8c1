import { BadRequestException, Inject, Injectable, mixin, Optional, type ArgumentMetadata, type PipeTransform, type Type } from '@nestjs/common';
import { DataMasking } from '../../DataMasking';
import {
  DataMaskingContextMismatchError,
  DataMaskingDecryptValueError,
  type DataMaskingError,
  DataMaskingFieldNotFoundError,
  DataMaskingInvalidOptionsError,
  DataMaskingUnsupportedTypeError,
} from '../../errors';
import type { EncryptionContext } from '../../types';

/**
 * Options of a {@link DecryptBodyPipe} built with `new` (and, without `type` and `masker`, of
 * `DecryptBodyPipe.for`).
 *
 * @example
 * ```ts
 * const options: DecryptBodyPipeOptions<OrderDto> = { type: OrderDto, masker, context: { tenant_id: 't-1' } };
 * ```
 */
export interface DecryptBodyPipeOptions<T = unknown> {
  /** The DTO class to decrypt into (default: the parameter's declared type). */
  type?: Type<T>;
  /** The instance that decrypts (default: the one injected from `DataMaskingModule`). */
  masker?: DataMasking;
  /** Encryption context the body's ciphertexts were bound to, added to each `@Encrypt` property's own. */
  context?: EncryptionContext;
  /**
   * Turns a decryption failure caused by the request (not a ciphertext, tampered, wrong context,
   * missing field, wrong type) into the exception to throw. Default: `BadRequestException` (400)
   * with a generic message and the error as `cause`. Key and KMS failures are not passed here:
   * they propagate as they are (a 500 by default).
   */
  exceptionFactory?: (error: DataMaskingError) => unknown;
}

/** Errors caused by what the client sent rather than by the server or KMS. */
const CLIENT_ERRORS = [DataMaskingDecryptValueError, DataMaskingContextMismatchError, DataMaskingUnsupportedTypeError, DataMaskingFieldNotFoundError] as const;

/** Declared parameter types that are not DTO classes. */
const NOT_A_DTO: readonly unknown[] = [Object, String, Number, Boolean, Array, Symbol, BigInt, Function, Promise];

const defaultExceptionFactory = (error: DataMaskingError): unknown => new BadRequestException('The request body could not be decrypted', { cause: error });

/**
 * Decrypts an incoming body whose `@Encrypt` properties hold field ciphertexts into an instance
 * of its DTO class, with `masker.unmask(Class, body)` (erased properties stay erased).
 *
 * - `@Body(DecryptBodyPipe) order: OrderDto`: Nest injects the module's `DataMasking`; the class
 *   is the parameter's declared type (needs `emitDecoratorMetadata`);
 * - `@Body(DecryptBodyPipe.for(OrderDto, { context }))`: the same with an explicit class (also for
 *   an array body of `OrderDto`s) and options;
 * - `@Body(new DecryptBodyPipe({ type: OrderDto, masker }))`: no injection at all.
 *
 * Run validation after it (`@Body(DecryptBodyPipe, new ValidationPipe())`): before decryption,
 * encrypted properties are ciphertext strings (a global `ValidationPipe` runs before parameter
 * pipes, so it must not check them). A ciphertext that is invalid, tampered or bound
 * to another context is answered with 400 (see `exceptionFactory`); messages hold no payload value.
 *
 * @example
 * ```ts
 * @Post()
 * create(@Body(DecryptBodyPipe) order: OrderDto) {
 *   return this.orders.create(order); // order.cardNumber is plaintext again
 * }
 * ```
 */
@Injectable()
export class DecryptBodyPipe<T = unknown> implements PipeTransform<unknown, Promise<T>> {
  readonly #masker: DataMasking | undefined;
  readonly #type: Type<T> | undefined;
  readonly #context: EncryptionContext | undefined;
  readonly #exceptionFactory: (error: DataMaskingError) => unknown;

  /**
   * Nest calls it with the injected `DataMasking`; call it yourself with options.
   *
   * @example
   * ```ts
   * new DecryptBodyPipe({ type: OrderDto, masker: new DataMasking({ provider }) });
   * ```
   */
  public constructor(@Optional() @Inject(DataMasking) maskerOrOptions?: DataMasking | DecryptBodyPipeOptions<T>) {
    const options = maskerOrOptions instanceof DataMasking ? { masker: maskerOrOptions } : (maskerOrOptions ?? {});
    this.#masker = options.masker;
    this.#type = options.type;
    this.#context = options.context;
    this.#exceptionFactory = options.exceptionFactory ?? defaultExceptionFactory;
  }

  /**
   * An injectable pipe class that decrypts into `type` (an array body into an array of `type`),
   * whatever the parameter's declared type; the `DataMasking` is injected.
   *
   * @example
   * ```ts
   * @Post('batch')
   * createMany(@Body(DecryptBodyPipe.for(OrderDto, { context: { tenant_id: 't-1' } })) orders: OrderDto[]) {}
   * ```
   */
  public static for<T>(type: Type<T>, options: Omit<DecryptBodyPipeOptions<T>, 'type' | 'masker'> = {}): Type<DecryptBodyPipe<T>> {
    class DecryptBodyPipeFor extends DecryptBodyPipe<T> {
      public constructor(@Optional() @Inject(DataMasking) masker?: DataMasking) {
        super({ ...options, type, masker });
      }
    }
    return mixin(DecryptBodyPipeFor);
  }

  /**
   * Decrypts `value` into an instance of the DTO class.
   *
   * @example
   * ```ts
   * const order = await pipe.transform(body, { type: 'body', metatype: OrderDto });
   * ```
   */
  public async transform(value: unknown, metadata: ArgumentMetadata): Promise<T> {
    const type = this.#type ?? (metadata.metatype as Type<T> | undefined);
    if (type === undefined || NOT_A_DTO.includes(type)) {
      throw new DataMaskingInvalidOptionsError(
        `DecryptBodyPipe needs a DTO class for the ${metadata.type} parameter: declare its type as a class, or use DecryptBodyPipe.for(Class)`,
      );
    }
    if (this.#masker === undefined) {
      throw new DataMaskingInvalidOptionsError(
        'DecryptBodyPipe has no DataMasking: import DataMaskingModule.forRoot({ provider }), or pass { masker } to its constructor',
      );
    }
    try {
      return (await this.#masker.unmask(type, value, { context: this.#context })) as T;
    } catch (error) {
      if (CLIENT_ERRORS.some((kind) => error instanceof kind)) throw this.#exceptionFactory(error as DataMaskingError);
      throw error;
    }
  }
}
