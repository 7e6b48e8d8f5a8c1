import { DataMaskingInvalidOptionsError } from '../errors';
import { type MaskResultOptions, normalizeMaskOptions, resultMasker } from '../handler-result/mask-result';
import { isStandardContext } from '../metadata/member-target';

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
 * A method decorator as {@link MaskHandler} returns, in both TypeScript decorator forms: legacy
 * (`experimentalDecorators`) and standard (TC39, the default of TypeScript 5+). In the standard
 * form TypeScript checks that the decorated method may return a Promise: declare the handler
 * `async` (or returning a Promise).
 *
 * @example
 * ```ts
 * const maskEmails: HandlerMethodDecorator = MaskHandler(['email']);
 * ```
 */
export interface HandlerMethodDecorator {
  /** Legacy form. */
  (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): PropertyDescriptor;
  /** Standard form: returns the wrapped method. */
  // biome-ignore lint/suspicious/noExplicitAny: `any[]` lets every parameter list match (unknown[] would reject methods with typed parameters)
  <This, Args extends any[], Return>(
    method: (this: This, ...args: Args) => Return,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
  ): (this: This, ...args: Args) => Promise<Awaited<Return>>;
}

/**
 * Masks what a Lambda handler method returns, for handler classes in Powertools'
 * `LambdaInterface` style, as a legacy (`experimentalDecorators`) or a standard (TC39) decorator. A decorated DTO in the result is
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
  const mask = resultMasker(options);
  const wrap = (original: Function): ((this: unknown) => Promise<unknown>) =>
    function maskedHandler(this: unknown): Promise<unknown> {
      try {
        // `arguments` rather than a rest parameter: V8 passes them on without making an array.
        // biome-ignore lint/complexity/noArguments: see the line above
        const result = (original as (...parameters: unknown[]) => unknown).apply(this, arguments as unknown as unknown[]);
        if (result instanceof Promise) return result.then(mask);
        if (isThenable(result)) return Promise.resolve(result).then(mask);
        return Promise.resolve(mask(result));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  const decorator = (first: unknown, second: unknown, descriptor?: unknown): unknown => {
    if (isStandardContext(second)) {
      if (second.kind !== 'method' || typeof first !== 'function') {
        throw new DataMaskingInvalidOptionsError(`@MaskHandler decorates a method (such as handler), not a ${second.kind}`);
      }
      if (second.static === true) throw new DataMaskingInvalidOptionsError('@MaskHandler decorates an instance method, not a static one');
      return wrap(first);
    }
    if (typeof descriptor !== 'object' || descriptor === null) {
      throw new DataMaskingInvalidOptionsError('@MaskHandler decorates a method (such as handler), with legacy or standard decorators');
    }
    const original = (descriptor as PropertyDescriptor).value as unknown;
    if (typeof original !== 'function') {
      throw new DataMaskingInvalidOptionsError('@MaskHandler decorates a method (such as handler), not an accessor or a field');
    }
    (descriptor as PropertyDescriptor).value = wrap(original);
    return descriptor;
  };
  return decorator as HandlerMethodDecorator;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
