import { DataMaskingInvalidOptionsError } from '../errors';
import { ownOptions } from '../json/own-options';
import type { MemberDecorator } from './decorator-types';
import { enableDtoSupport } from '../dto/dto-support';
import { memberTarget } from '../metadata/member-target';
import { NESTED_KEY, type NestedDeclaration } from '../metadata/nested-types';

/**
 * Options of {@link MaskNested}: a discriminator, when the property holds one of several
 * subclasses and plain data names which (the same shape as class-transformer's `@Type` options).
 *
 * @example
 * ```ts
 * const options: MaskNestedOptions = {
 *   discriminator: { property: 'kind', subTypes: [{ name: 'card', value: CardPayment }, { name: 'iban', value: IbanPayment }] },
 *   keepDiscriminatorProperty: true,
 * };
 * ```
 */
export interface MaskNestedOptions {
  /** Which subclass a plain value is, by the value of one of its properties. */
  discriminator?: { property: string; subTypes: { name: string; value: Function }[] };
  /** Whether `unmask` keeps the discriminator property on the instance (default `false`, as class-transformer). */
  keepDiscriminatorProperty?: boolean;
}

/**
 * Declares the class of a DTO property that holds another DTO, an array of DTOs or a `Date`, for
 * the masking alone: `mask` then masks a plain object found there by that class's `@Erase` /
 * `@Encrypt`, and `unmask` rebuilds instances of it (and Dates). Unlike class-transformer's
 * `@Type` or TypeScript's `design:type`, it does not depend on the compiler (esbuild and swc emit
 * no `design:type`) nor on which copy of class-transformer a bundle loads, and it works as a
 * legacy and as a standard (TC39) decorator.
 *
 * - `@MaskNested(() => Card) card`, `@MaskNested(() => Card) cards: Card[]` (the element class);
 * - `@MaskNested(() => Date) createdAt` (`unmask` makes a `Date`);
 * - `@MaskNested(() => Object) extra` declares plain data: no DTO inside, copied as it is.
 *
 * Where nothing declares a property's class and it holds plain data with a member that some
 * class erases or encrypts, masking refuses (`DataMaskingInvalidOptionsError` naming the property)
 * rather than guess: declare it with `@MaskNested`. class-transformer's `@Type` is read too, when
 * the library can see it (one copy of class-transformer); this declaration wins over it.
 *
 * @param type returns the class (called on first use, so the class may be defined below).
 * @example
 * ```ts
 * class Order {
 *   @MaskNested(() => Card) card!: Card;
 *   @MaskNested(() => Card) history!: Card[];
 * }
 * ```
 * @throws DataMaskingInvalidOptionsError when `type` is not a function, for invalid options, or a static, private or symbol property.
 */
const NESTED_OPTION_KEYS = ['discriminator', 'keepDiscriminatorProperty'] as const;
const DISCRIMINATOR_KEYS = ['property', 'subTypes'] as const;

export function MaskNested(type: () => Function, options: MaskNestedOptions = {}): MemberDecorator {
  return (first: unknown, second: unknown, descriptor?: unknown): void => {
    const target = memberTarget('@MaskNested', first, second, descriptor);
    if (target.kind !== 'field') {
      throw new DataMaskingInvalidOptionsError(`@MaskNested applies to data properties, not to the accessor or method ${target.description}`);
    }
    if (typeof type !== 'function') {
      throw new DataMaskingInvalidOptionsError(`@MaskNested on ${target.description} takes a function returning the class: @MaskNested(() => Card)`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new DataMaskingInvalidOptionsError(`@MaskNested on ${target.description}: options must be an object`);
    }
    // Own members only: a polluted Object.prototype declares no discriminator.
    const { discriminator: declared, keepDiscriminatorProperty } = ownOptions(
      options,
      NESTED_OPTION_KEYS,
      `@MaskNested on ${target.description}: options`,
    ) as MaskNestedOptions;
    const discriminator =
      declared === undefined
        ? undefined
        : (ownOptions(declared, DISCRIMINATOR_KEYS, `@MaskNested on ${target.description}: discriminator`) as NonNullable<MaskNestedOptions['discriminator']>);
    if (discriminator !== undefined && (typeof discriminator.property !== 'string' || !Array.isArray(discriminator.subTypes))) {
      throw new DataMaskingInvalidOptionsError(`@MaskNested on ${target.description}: discriminator needs a property name and a subTypes list`);
    }
    enableDtoSupport();
    const { map } = target.ownMap<NestedDeclaration>(NESTED_KEY);
    if (map.has(target.property)) throw new DataMaskingInvalidOptionsError(`${target.description} has more than one @MaskNested`);
    map.set(target.property, {
      typeFunction: () => type(),
      options:
        discriminator === undefined
          ? {}
          : { discriminator: { property: discriminator.property, subTypes: [...discriminator.subTypes] }, keepDiscriminatorProperty },
    });
  };
}
