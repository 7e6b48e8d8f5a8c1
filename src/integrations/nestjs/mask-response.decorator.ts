import { SetMetadata } from '@nestjs/common';
import { normalizeMaskOptions, type MaskResultOptions } from '../../decorators/mask-result';
import { MASK_RESPONSE_METADATA } from './constants';

/**
 * Declares how `DataMaskingInterceptor` masks the response of a route, or of every route of a
 * controller (a route's own `@MaskResponse` wins over its controller's).
 *
 * - `@MaskResponse(['email', 'cards[*].number'])` erases these JSONPath fields;
 * - `@MaskResponse({ erase, encrypt, context, masker })` takes the options of `@MaskHandler`
 *   (a returned decorated DTO is masked by its metadata first, then the listed fields);
 * - `@MaskResponse()` / `@MaskResponse({})` masks decorated DTOs by their metadata only.
 *
 * The options are normalized and checked once, when the class is decorated.
 *
 * @param fieldsOrOptions the fields to erase, or `@MaskHandler` options (default `{}`).
 *
 * @example
 * ```ts
 * @Controller('customers')
 * @UseInterceptors(DataMaskingInterceptor)
 * export class CustomersController {
 *   @Get(':id')
 *   @MaskResponse({ erase: ['email'], encrypt: ['ssn'], context: { tenant_id: 't-1' } })
 *   find(@Param('id') id: string) { return this.customers.find(id); }
 * }
 * ```
 */
export const MaskResponse = (
  fieldsOrOptions: readonly string[] | MaskResultOptions = {},
): MethodDecorator & ClassDecorator => SetMetadata(MASK_RESPONSE_METADATA, normalizeMaskOptions(fieldsOrOptions));
