import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, from, type Observable } from 'rxjs';
import { DataMasking } from '../../DataMasking';
import { maskResult, type MaskResultOptions } from '../../decorators/mask-result';
import { DataMaskingUnsupportedTypeError } from '../../errors';
import { MASK_RESPONSE_METADATA } from './constants';
import type { MaskResponseMetadata } from './mask-response.decorator';
import { holdsAnnotatedInstance, isBinary } from './response-scan';

/**
 * Masks what route handlers return, before Nest serializes it:
 *
 * - a route (or controller) with `@MaskResponse(fields | options)`: the response is masked with
 *   these options, like `@MaskHandler` (decorated DTOs by their metadata, then the listed fields);
 * - any other route: a response holding decorated DTOs (a DTO, an array, a plain object or another
 *   class instance holding some) is masked by their metadata; anything else (plain data,
 *   instances of other classes, strings, buffers, streams) passes unchanged.
 *
 * With class-transformer's `ClassSerializerInterceptor`, either order is safe:
 *
 * - this interceptor first on the response (registered after the serializer, or bound closer to
 *   the route, e.g. per controller when the serializer is global; recommended): a masked DTO
 *   becomes a plain object without the properties its `@Exclude` / `@Expose` hide (masking
 *   honours them), `@Encrypt` properties hold ciphertexts, and instances of classes without
 *   `@Erase` / `@Encrypt` stay instances for the serializer;
 * - the serializer first: `instanceToPlain` masks `@Erase` properties itself (each registers a
 *   `toPlainOnly` class-transformer `@Transform` with the same mask), but it cannot encrypt: a
 *   DTO holding an `@Encrypt` value makes it throw, and the response is a 500, never plaintext.
 *   Plain data reaches this interceptor then, so `@MaskResponse` field paths still apply.
 *
 * Masking is asynchronous (encryption) and keeps the order of a stream's values. A handler's
 * error passes through untouched (status code preserved); a masking failure becomes an error
 * response, never an unmasked one. The `DataMasking` instance comes from `DataMaskingModule`
 * (a route's `masker` option wins); without the module, an erase-only instance is used.
 *
 * @example
 * ```ts
 * // per controller
 * @Controller('customers')
 * @UseInterceptors(DataMaskingInterceptor)
 * export class CustomersController {}
 *
 * // or for the whole application, in a module
 * providers: [{ provide: APP_INTERCEPTOR, useClass: DataMaskingInterceptor }]
 * ```
 */
@Injectable()
export class DataMaskingInterceptor implements NestInterceptor {
  readonly #reflector: Reflector;
  readonly #masker: DataMasking;

  public constructor(@Inject(Reflector) reflector: Reflector, @Optional() @Inject(DataMasking) masker?: DataMasking) {
    this.#reflector = reflector;
    this.#masker = masker ?? new DataMasking({ logger: new Logger('DataMasking') });
  }

  /**
   * Applies the route's mask options (or the DTOs' metadata) to every value the handler emits.
   *
   * @example
   * ```ts
   * const masked$ = interceptor.intercept(executionContext, { handle: () => of(customerDto) });
   * ```
   */
  public intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const metadata = this.#reflector.getAllAndOverride<MaskResponseMetadata | undefined>(MASK_RESPONSE_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (metadata === undefined) return next.handle().pipe(concatMap((value: unknown) => from(this.#maskDecorated(value))));
    const { options, contextFactory } = metadata;
    // A per-request context is computed once, before the handler runs (guards have set the user).
    const routeOptions: MaskResultOptions = {
      ...options,
      masker: options.masker ?? this.#masker,
      ...(contextFactory === undefined ? {} : { context: contextFactory(context) }),
    };
    return next.handle().pipe(concatMap((value: unknown) => from(this.#maskRoute(value, routeOptions))));
  }

  async #maskRoute(value: unknown, options: MaskResultOptions): Promise<unknown> {
    if (isBinary(value)) {
      throw new DataMaskingUnsupportedTypeError('@MaskResponse cannot mask a file, buffer or stream response');
    }
    return maskResult(value, options);
  }

  async #maskDecorated(value: unknown): Promise<unknown> {
    // Without route options only responses holding decorated DTOs are touched: plain values,
    // other class instances, strings, buffers and streams reach Nest's serializer (or a later
    // interceptor such as ClassSerializerInterceptor) exactly as the handler returned them.
    if (!holdsAnnotatedInstance(value)) return value;
    return maskResult(value, { masker: this.#masker });
  }
}

