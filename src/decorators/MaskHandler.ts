import { DataMaskingInvalidOptionsError } from '../errors';
import { type MaskResultOptions, maskResultNow, normalizeMaskOptions } from './mask-result';

/**
 * Options of {@link MaskHandler}: the same as the Middy middleware's and NestJS's
 * `@MaskResponse` ({@link MaskResultOptions}).
 *
 * @example
 * ```ts
 * const options: MaskHandlerOptions = { erase: ['email'], encrypt: ['card'], masker, body: true };
 * ```
 */
export type MaskHandlerOptions = MaskResultOptions;

/**
 * A legacy (TypeScript `experimentalDecorators`) method decorator, as {@link MaskHandler} returns.
 *
 * @example
 * ```ts
 * const maskEmails: HandlerMethodDecorator = MaskHandler(['email']);
 * ```
 */
export type HandlerMethodDecorator = (
  target: object,
  propertyKey: string | symbol,
  descriptor: PropertyDescriptor,
) => PropertyDescriptor;

/**
 * Masks what a Lambda handler method returns, for handler classes in Powertools'
 * `LambdaInterface` style (TypeScript legacy decorators). A decorated DTO in the result is
 * masked by its `@Erase` / `@Encrypt` metadata, then `erase` and `encrypt` fields apply on top;
 * `body: true` masks inside an API Gateway result's JSON `body`. A list of fields is shorthand
 * for `{ erase: fields }`. `this` is preserved, the handler may be sync or async, and the
 * decorated method always returns a Promise (which Lambda awaits). An error the handler throws
 * passes through untouched. Options are validated when the class is defined.
 * Without `masker`, a shared `new DataMasking()` is created on first use (erase only).
 *
 * @example
 * ```ts
 * class Lambda implements LambdaInterface {
 *   @MaskHandler(['email', 'address.street'])
 *   public async handler(event: unknown, context: Context) {
 *     return this.repository.find(event);
 *   }
 * }
 * const handlerClass = new Lambda();
 * export const handler = handlerClass.handler.bind(handlerClass);
 * ```
 * @throws DataMaskingInvalidOptionsError, DataMaskingInvalidPathError (at class definition)
 */
export function MaskHandler(fieldsOrOptions: readonly string[] | MaskHandlerOptions = {}): HandlerMethodDecorator {
  const options = normalizeMaskOptions(fieldsOrOptions);
  const mask = (result: unknown): unknown => maskResultNow(result, options);
  return (_target, _propertyKey, descriptor) => {
    if (typeof descriptor !== 'object' || descriptor === null) {
      throw new DataMaskingInvalidOptionsError('@MaskHandler is a TypeScript legacy decorator: enable "experimentalDecorators" in tsconfig.json');
    }
    const original = descriptor.value as unknown;
    if (typeof original !== 'function') {
      throw new DataMaskingInvalidOptionsError('@MaskHandler decorates a method (such as handler), not an accessor or a field');
    }
    descriptor.value = function maskedHandler(this: unknown): Promise<unknown> {
      try {
        // `arguments` rather than a rest parameter: V8 passes them on without making an array.
        const result = (original as (...parameters: unknown[]) => unknown).apply(this, arguments as unknown as unknown[]);
        if (result instanceof Promise) return result.then(mask);
        if (isThenable(result)) return Promise.resolve(result).then(mask);
        return Promise.resolve(mask(result));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return descriptor;
  };
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
