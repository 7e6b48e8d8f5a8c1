import { Inject, Injectable, Logger, Optional, StreamableFile, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { concatMap, from, type Observable } from 'rxjs';
import { DataMasking } from '../../DataMasking';
import { fillMaskOptions, maskResult, type MaskResultOptions } from '../../handler-result/mask-result';
import { holdsDto, isBinary as isBytesOrStream } from '../../handler-result/scan';
import { hasAnnotatedClasses } from '../../metadata/metadata';
import { DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError } from '../../errors';
import { MASK_RESPONSE_METADATA } from './constants';
import { type GlobalInterceptors, type RouteOrder, describeRoute, globalInterceptors, routeOrder } from './interceptor-order';
import type { MaskResponseMetadata } from './mask-response.decorator';

/** Why a route is refused, logged once: names the route and the fix, never data. */
const refusal = (order: RouteOrder, context: ExecutionContext): string => {
  const route = describeRoute(context.getClass(), context.getHandler());
  return order === 'serializer-first'
    ? `DataMaskingInterceptor refuses ${route}: a serializer interceptor (ClassSerializerInterceptor) sees its responses first ` +
        'and would turn DTOs into plain objects before their @Erase/@Encrypt are applied. Bind DataMaskingInterceptor closer ' +
        'to the route: after the serializer at the same level, e.g. @UseInterceptors(ClassSerializerInterceptor, DataMaskingInterceptor)'
    : `DataMaskingInterceptor refuses ${route}: it cannot read the global interceptors to check that no serializer sees the ` +
        'responses first. Let Nest create it (APP_INTERCEPTOR, @UseInterceptors(DataMaskingInterceptor) or app.get(DataMaskingInterceptor))';
};

/**
 * Masks what route handlers return, before Nest serializes it: with `@MaskResponse` on the route
 * or controller, as its options say (decorated DTOs by their metadata, then the listed fields,
 * like `@MaskHandler`); on any other route, a response holding decorated DTOs by their metadata,
 * anything else unchanged. A masking failure becomes an error response, never an unmasked one;
 * a handler's error passes through untouched.
 *
 * Bind it closer to the route than `ClassSerializerInterceptor`: a route where a serializer would
 * see the response first is refused (500, the reason logged once), never served in clear. How the
 * order is checked, what a masked DTO looks like, streams and where the `DataMasking` comes from:
 * docs/nestjs.md ("Two rules", "What the interceptor masks").
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
  readonly #moduleRef: ModuleRef | undefined;
  /** Per controller and handler (an inherited handler may serve several controllers): where its responses meet the serializers. */
  readonly #orders = new WeakMap<Function, WeakMap<Function, RouteOrder>>();
  /** Per `@MaskResponse` (its metadata object, one per decorated route or controller): its options with the masker filled in. */
  readonly #routeOptions = new WeakMap<MaskResponseMetadata, MaskResultOptions>();
  readonly #logger = new Logger('DataMaskingInterceptor');

  /**
   * Nest injects every argument; built with `new`, without `moduleRef`, the interceptor cannot
   * read the global interceptors and refuses routes where it is not bound itself (see above).
   */
  public constructor(
    @Inject(Reflector) reflector: Reflector,
    @Optional() @Inject(DataMasking) masker?: DataMasking,
    @Optional() @Inject(ModuleRef) moduleRef?: ModuleRef,
  ) {
    this.#reflector = reflector;
    this.#masker = masker ?? new DataMasking({ logger: new Logger('DataMasking') });
    this.#moduleRef = moduleRef;
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
    // Before any DTO class exists no response can hold one; a class defined while the handler
    // runs (a lazily loaded module) is caught when the response arrives.
    const checked = hasAnnotatedClasses();
    if (checked) this.#assertMaskingFirst(context);
    const recheck = (value: unknown): unknown => {
      if (!checked && hasAnnotatedClasses()) this.#assertMaskingFirst(context);
      return value;
    };
    const metadata = this.#reflector.getAllAndOverride<MaskResponseMetadata | undefined>(MASK_RESPONSE_METADATA, [context.getHandler(), context.getClass()]);
    if (metadata === undefined) return next.handle().pipe(concatMap((value: unknown) => from(this.#maskDecorated(recheck(value)))));
    const { contextFactory } = metadata;
    const routeOptions = this.#optionsOf(metadata);
    // A per-request context is computed once, before the handler runs (guards have set the user);
    // the route's compiled erase is kept.
    const options = contextFactory === undefined ? routeOptions : fillMaskOptions(routeOptions, { context: contextFactory(context) });
    return next.handle().pipe(concatMap((value: unknown) => from(this.#maskRoute(recheck(value), options))));
  }

  /**
   * The options of a `@MaskResponse` (route or controller) with this interceptor's masker filled
   * in, made on the route's first request and kept: its paths compile once, not per request.
   */
  #optionsOf(metadata: MaskResponseMetadata): MaskResultOptions {
    let options = this.#routeOptions.get(metadata);
    if (options === undefined) {
      options = fillMaskOptions(metadata.options, { masker: metadata.options.masker ?? this.#masker });
      this.#routeOptions.set(metadata, options);
    }
    return options;
  }

  /**
   * Refuses a route whose responses reach a serializer before this interceptor (checked once the
   * first DTO class exists: before, no response can hold one).
   */
  #assertMaskingFirst(context: ExecutionContext): void {
    const handler = context.getHandler();
    const controller = context.getClass();
    let orders = this.#orders.get(controller);
    if (orders === undefined) this.#orders.set(controller, (orders = new WeakMap()));
    let order = orders.get(handler);
    if (order === undefined) {
      order = routeOrder(MASKING_INTERCEPTORS, this.#globals(), controller, handler);
      orders.set(handler, order);
      if (order !== 'masking-first') this.#logger.error(refusal(order, context));
    }
    if (order !== 'masking-first') throw new DataMaskingInvalidOptionsError(refusal(order, context));
  }

  #globals(): GlobalInterceptors {
    return this.#moduleRef === undefined ? undefined : globalInterceptors(this.#moduleRef);
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
    if (!holdsDto(value, isBinary)) return value;
    return maskResult(value, { masker: this.#masker });
  }
}

/** Responses that are bytes, streams or Nest's `StreamableFile`: neither walked nor masked. */
const isBinary = (value: unknown): boolean => value instanceof StreamableFile || isBytesOrStream(value);

/** The classes whose position decides the order (subclasses of it included). */
const MASKING_INTERCEPTORS: readonly Function[] = [DataMaskingInterceptor];
