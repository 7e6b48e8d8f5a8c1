import { SetMetadata, type CustomDecorator, type ExecutionContext } from '@nestjs/common';
import { normalizeMaskOptions, type MaskResultOptions } from '../../handler-result/mask-result';
import type { EncryptionContext } from '../../types';
import { MASK_RESPONSE_METADATA } from './constants';

/**
 * Options of {@link MaskResponse}: those of `@MaskHandler`, except that `context` may also be
 * computed per request from Nest's `ExecutionContext` (e.g. the caller's tenant).
 *
 * @example
 * ```ts
 * const options: MaskResponseOptions = { encrypt: ['ssn'], context: (ctx) => ({ tenant_id: tenantOf(ctx) }) };
 * ```
 */
export interface MaskResponseOptions extends Omit<MaskResultOptions, 'context'> {
  /** Encryption context for `encrypt` fields and `@Encrypt` properties: static, or computed per request. */
  context?: EncryptionContext | ((context: ExecutionContext) => EncryptionContext);
}

/** What `@MaskResponse` stores: validated options and, when given, the per-request context factory. @internal */
export interface MaskResponseMetadata {
  readonly options: MaskResultOptions;
  readonly contextFactory?: (context: ExecutionContext) => EncryptionContext;
}

/**
 * Declares how `DataMaskingInterceptor` masks the response of a route, or of every route of a
 * controller (a route's own `@MaskResponse` wins over its controller's).
 *
 * - `@MaskResponse(['email', 'cards[*].number'])` erases these JSONPath fields;
 * - `@MaskResponse({ erase, encrypt, context, masker })` takes the options of `@MaskHandler`
 *   (a returned decorated DTO is masked by its metadata first, then the listed fields);
 *   `context` may be a function of the `ExecutionContext`, called once per response;
 * - `@MaskResponse()` / `@MaskResponse({})` masks decorated DTOs by their metadata only.
 *
 * The options are validated once, when the class is decorated (a bad path or an unknown option
 * fails at startup, not at the first request).
 *
 * @param fieldsOrOptions the fields to erase, or the options (default `{}`).
 *
 * @example
 * ```ts
 * @Controller('customers')
 * @UseInterceptors(DataMaskingInterceptor)
 * export class CustomersController {
 *   @Get(':id')
 *   @MaskResponse({
 *     erase: ['email'],
 *     encrypt: ['ssn'],
 *     context: (ctx) => ({ tenant_id: ctx.switchToHttp().getRequest().user.tenantId }),
 *   })
 *   find(@Param('id') id: string) { return this.customers.find(id); }
 * }
 * ```
 */
export function MaskResponse(fieldsOrOptions: readonly string[] | MaskResponseOptions = {}): CustomDecorator<string> {
  if (Array.isArray(fieldsOrOptions) || typeof fieldsOrOptions !== 'object' || fieldsOrOptions === null) {
    return SetMetadata<string, MaskResponseMetadata>(MASK_RESPONSE_METADATA, { options: normalizeMaskOptions(fieldsOrOptions as readonly string[]) });
  }
  const { context: inherited, ...rest } = fieldsOrOptions as MaskResponseOptions;
  // Own members only (rest is an own copy already): a polluted Object.prototype sets no context.
  const context = Object.hasOwn(fieldsOrOptions, 'context') ? inherited : undefined;
  if (typeof context === 'function') {
    return SetMetadata<string, MaskResponseMetadata>(MASK_RESPONSE_METADATA, { options: normalizeMaskOptions(rest), contextFactory: context });
  }
  const options = normalizeMaskOptions(context === undefined ? rest : { ...rest, context });
  return SetMetadata<string, MaskResponseMetadata>(MASK_RESPONSE_METADATA, { options });
}
