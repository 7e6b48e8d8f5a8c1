import { compileFieldMask } from '../masks/field-mask';
import { enableRegex } from '../masks/enable-regex';
import type { MaskingRule } from '../types';
import { DataMaskingInvalidOptionsError } from '../errors';
import type { MemberDecorator } from './decorator-types';
import { enableDtoSupport } from '../dto/dto-support';
import { memberTarget } from '../metadata/member-target';
import { type Annotation, annotate } from '../metadata/metadata';

/**
 * Marks a DTO property as erased when the DTO is masked (by `masker.mask`, `@MaskHandler`,
 * the Middy middleware or the NestJS interceptor). Without a rule the value becomes `'*****'`
 * (an array, as many `'*****'`); a rule masks every leaf inside (`dynamicMask`, `customMask`,
 * or `regexPattern` + `maskFormat`). The rule is validated when the class is defined. A
 * `regexPattern` rule calls `enableRegex()` itself (it needs the optional peer `re2js`).
 * Works as a legacy (`experimentalDecorators`) and as a standard (TC39) decorator.
 *
 * Masking metadata never changes class-transformer's output: `instanceToPlain`, `plainToInstance`
 * (and so NestJS's `ValidationPipe` and `ClassSerializerInterceptor`) see the value as it is, so a
 * request DTO reaches its handler intact. Only the library masks (`masker.mask` / `maskSync`,
 * `@MaskHandler`, Middy, `DataMaskingInterceptor`); see the NestJS guide for the interceptor order.
 *
 * On a `get` accessor, `@Erase` masks what the getter reads from the instance (its backing
 * fields, e.g. `_email`, which are what JSON holds), with the same rule: found by running the
 * getter once per masked instance over a proxy that records the own members it reads (an
 * unrelated member it also reads is masked too). A getter over a private `#field` reads nothing
 * JSON holds, and so does a standard `accessor` field (its storage is private). `unmask` assigns the
 * backing fields back, so the setter is not needed.
 *
 * @example
 * ```ts
 * class User {
 *   @Erase() password!: string;                                              // '*****'
 *   @Erase({ dynamicMask: true }) phone!: string;                            // '+** ***-****'
 *   @Erase({ regexPattern: /(.)(.*)@/, maskFormat: '$1***@' }) email!: string; // 'a***@b.c'
 * }
 * ```
 * @throws DataMaskingInvalidOptionsError for an invalid rule, a static, private or symbol property, a method or
 * setter-only accessor, or a property that also has `@Encrypt`.
 */
export function Erase(rule?: MaskingRule): MemberDecorator {
  return (first: unknown, second: unknown, descriptor?: unknown): void => {
    const target = memberTarget('@Erase', first, second, descriptor);
    const { kind } = target;
    if (kind === 'method' || kind === 'setter-only') {
      throw new DataMaskingInvalidOptionsError(
        `@Erase applies to properties and get accessors, not to the ${kind === 'method' ? 'method' : 'setter-only accessor'} ${target.description}`,
      );
    }
    // Decorator bundles are not size-critical: a regex rule here needs no separate opt-in.
    if (typeof rule === 'object' && rule !== null && Object.hasOwn(rule, 'regexPattern')) enableRegex();
    const mask = compileFieldMask(rule, `@Erase on ${target.description}`);
    const annotation: Annotation = {
      kind: 'erase',
      rule: rule === undefined ? undefined : { ...rule },
      mask,
      accessor: kind === 'getter' ? true : undefined, // present even when undefined: never read from a polluted Object.prototype
    };
    enableDtoSupport();
    annotate(target, annotation);
  };
}
