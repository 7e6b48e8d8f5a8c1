import { compileRule } from '../masks/compile-rule';
import type { MaskingRule } from '../types';
import { type Annotation, annotate, assertLegacyCall, describeProperty } from './metadata';

/**
 * Marks a DTO property as erased when the DTO is masked (by `masker.mask`, `@MaskHandler`,
 * the Middy middleware or the NestJS interceptor). Without a rule the value becomes `'*****'`
 * (an array, as many `'*****'`); a rule masks every leaf inside (`dynamicMask`, `customMask`,
 * or `regexPattern` + `maskFormat`). The rule is validated when the class is defined.
 *
 * Masking metadata never changes class-transformer's output: `instanceToPlain`, `plainToInstance`
 * (and so NestJS's `ValidationPipe` and `ClassSerializerInterceptor`) see the value as it is, so a
 * request DTO reaches its handler intact. Only the library masks (`masker.mask` / `maskSync`,
 * `@MaskHandler`, Middy, `DataMaskingInterceptor`); see the NestJS guide for the interceptor order.
 *
 * @example
 * ```ts
 * class User {
 *   @Erase() password!: string;                                              // '*****'
 *   @Erase({ dynamicMask: true }) phone!: string;                            // '+** ***-****'
 *   @Erase({ regexPattern: /(.)(.*)@/, maskFormat: '$1***@' }) email!: string; // 'a***@b.c'
 * }
 * ```
 * @throws DataMaskingInvalidOptionsError for an invalid rule, a static or symbol property, or a property
 * that also has `@Encrypt`.
 */
export function Erase(rule?: MaskingRule): PropertyDecorator {
  return (target: object, property: string | symbol): void => {
    assertLegacyCall('@Erase', target, property);
    const mask = compileRule(rule, `@Erase on ${describeProperty(target, property)}`);
    const annotation: Annotation = { kind: 'erase', rule: rule === undefined ? undefined : { ...rule }, mask };
    annotate('@Erase', target, property, annotation);
  };
}
