import { compileRule } from '../masks/compile-rule';
import type { MaskingRule } from '../types';
import { type Annotation, annotate, assertLegacyCall, describeProperty } from './metadata';
import { registerPlainTransform } from './plain-transform';

/**
 * Marks a DTO property as erased when the DTO is masked (by `masker.mask`, `@MaskHandler`,
 * the Middy middleware or the NestJS interceptor). Without a rule the value becomes `'*****'`
 * (an array, as many `'*****'`); a rule masks every leaf inside (`dynamicMask`, `customMask`,
 * or `regexPattern` + `maskFormat`). The rule is validated when the class is defined.
 *
 * When class-transformer is installed, the property also gets a class-transformer
 * `@Transform(..., { toPlainOnly: true })` that applies the same compiled mask, so `instanceToPlain`
 * (and NestJS's `ClassSerializerInterceptor`, whichever order the interceptors run in) never
 * outputs the value in clear: it outputs exactly what `masker.maskSync` would (class-transformer
 * passes the raw value, nested objects and arrays included; `undefined` stays unset). Notes:
 *
 * - class-transformer runs every `@Transform` of a property in declaration order, top to bottom
 *   (a parent class's first): a user `@Transform` written above `@Erase` runs first and its result
 *   is masked; one written below `@Erase` receives the masked value, and what it returns is what
 *   `instanceToPlain` outputs (it can read `obj` and put the clear value back: keep such
 *   transforms above `@Erase`). `masker.mask` / `maskSync` and the interceptor ignore `@Transform`;
 * - a subclass that redeclares the property (another rule, or `@Encrypt`) is masked by its own
 *   declaration only, as with `mask`;
 * - class-transformer reads the metadata of a property's declared `@Type(() => Base)` class, not
 *   of the instance's subclass (`mask` reads the instance's class): `@Erase` declared only on such
 *   a subclass is not applied by `instanceToPlain`;
 * - `instanceToPlain` also runs in NestJS's `ValidationPipe` when it is given validator options
 *   (e.g. `whitelist`) without `transform: true`: the handler then receives the masked value.
 *   Use `transform: true` (the pipe then returns the instance) or a DTO without `@Erase` for input;
 * - `plainToInstance` and `masker.unmask` are unaffected (the transform is `toPlainOnly`).
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
    registerPlainTransform(target, property as string, annotation);
  };
}
