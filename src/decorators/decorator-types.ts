/**
 * A property decorator of this library (`@Erase`, `@Encrypt`, `@MaskNested`), usable in both
 * TypeScript decorator forms with the same behaviour:
 *
 * - legacy: `experimentalDecorators: true` (what NestJS, class-transformer and class-validator need);
 * - standard (TC39): TypeScript 5+ without `experimentalDecorators` (the default), esbuild and swc
 *   compiling standard decorators; on a field, an `accessor` or a getter.
 *
 * @example
 * ```ts
 * const erase: MemberDecorator = Erase();
 * class User { @Erase() password!: string }
 * ```
 */
export interface MemberDecorator {
  /** Legacy form: the prototype, the property name and, on an accessor, its descriptor. */
  (target: object, propertyKey: string | symbol, descriptor?: PropertyDescriptor): void;
  /** Standard form: the member's value (`undefined` for a field) and its decorator context. */
  (value: unknown, context: ClassFieldDecoratorContext | ClassAccessorDecoratorContext | ClassGetterDecoratorContext): void;
}
