/**
 * Middy middleware that masks a Lambda handler's response, with the same options as
 * `@MaskHandler`. Only Middy's types are referenced: this entry adds no runtime dependency on
 * `@middy/core` and works with any Middy from 4 to 7 (the middleware object shape is stable).
 *
 * @example
 * ```ts
 * import middy from '@middy/core';
 * import { maskResponse } from 'lambda-data-masking/middy';
 *
 * export const handler = middy(async (event) => ({ statusCode: 200, body: JSON.stringify(await load(event)) }))
 *   .use(maskResponse({ erase: ['email', 'cards[*].number'], body: true }));
 * ```
 * @module
 */
import type { MiddlewareObj } from '@middy/core' with { 'resolution-mode': 'import' };
import { normalizeMaskOptions, resultMasker, type MaskResultOptions } from '../handler-result/mask-result';

/**
 * Options of the {@link maskResponse} middleware: the same as `@MaskHandler`'s. (NestJS's
 * `@MaskResponse` takes `MaskResponseOptions`, whose `context` may be computed per request.)
 *
 * @example
 * ```ts
 * const options: MaskResponseMiddlewareOptions = { erase: ['email'], encrypt: ['ssn'], context: { tenant_id: 't-1' }, masker, body: true };
 * ```
 */
export type MaskResponseMiddlewareOptions = MaskResultOptions;

/**
 * Creates a Middy middleware whose `after` hook masks `request.response`.
 *
 * - `maskResponse(['email'])` erases the listed JSONPath fields;
 * - `maskResponse({ erase, encrypt, context, masker, body })` takes the options of `@MaskHandler`:
 *   a returned decorated DTO is masked by its own metadata, then the listed fields are erased or
 *   encrypted; `body: true` masks inside an API Gateway result's JSON `body`.
 *
 * The middleware has no `onError` hook: when the handler throws, nothing is masked and the error
 * goes on untouched. When masking fails, Middy discards the unmasked response and the masking
 * error takes the error path, so an unmasked response is never returned.
 *
 * Register it **last**: Middy runs `after` hooks in the reverse order of `use`, so it then masks
 * first, every other `after` hook (loggers, serializers) sees the masked response, and none can
 * end the chain early before masking. A response returned early by a `before` hook (a cache hit)
 * skips Middy's `after` hooks and is not masked.
 *
 * @param fieldsOrOptions the fields to erase, or `@MaskHandler` options.
 * @returns a middleware object for `middy(handler).use(...)`.
 * @throws DataMaskingError (from the `after` hook) when a field is missing, a path is invalid or
 *   encryption fails; never with a payload value in its message.
 *
 * @example
 * ```ts
 * const masker = new DataMasking({ provider });
 * export const handler = middy(getCustomer)
 *   .use(maskResponse({ encrypt: ['ssn'], context: { tenant_id: 't-1' }, masker }));
 * ```
 */
export function maskResponse(fieldsOrOptions: readonly string[] | MaskResponseMiddlewareOptions): MiddlewareObj {
  // Options read and checked once, here; the erase compiles on the first response (as @MaskHandler's).
  const mask = resultMasker(normalizeMaskOptions(fieldsOrOptions));
  // Named so that Middy plugins (profilers, tracers) report it as `maskResponseAfter`.
  const maskResponseAfter = async (request: { response: unknown }): Promise<void> => {
    request.response = await mask(request.response);
  };
  return { after: maskResponseAfter };
}
