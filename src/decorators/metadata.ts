import { DataMaskingInvalidOptionsError } from '../errors';
import type { ValueMask } from '../masks/compile-rule';
import type { EncryptionContext, MaskingRule, ProviderOptions } from '../types';
import { enableDtoSupport } from './dto-support';
import { reflectMetadata } from './reflect';

/**
 * The encryption context of an `@Encrypt` property: a fixed map, or a function of the DTO
 * instance that holds the property (it must read only properties that are not encrypted, so
 * that `unmask` can compute the same context before decrypting).
 *
 * @example
 * ```ts
 * const byTenant: EncryptContext<Order> = (order) => ({ tenant_id: order.tenantId });
 * ```
 */
export type EncryptContext<T = any> = EncryptionContext | ((instance: T) => EncryptionContext);

/**
 * Options of {@link Encrypt}.
 *
 * @example
 * ```ts
 * class Order { @Encrypt({ context: (o: Order) => ({ tenant_id: o.tenantId }) }) card!: string; tenantId!: string }
 * ```
 */
export interface EncryptOptions<T = any> {
  /** Bound to the property's ciphertext, on top of the call's context (the property's pairs win). */
  context?: EncryptContext<T>;
  /**
   * Provider options for this property's ciphertext (e.g. `{ algorithmSuiteId }`), merged over
   * the call's and the masker's (this property's keys win).
   */
  providerOptions?: ProviderOptions;
}

/** What one decorator recorded on one property. @internal */
export type Annotation =
  | {
      readonly kind: 'erase';
      readonly rule: MaskingRule | undefined;
      readonly mask: ValueMask;
      /** On a `get` accessor: what the getter reads (its backing fields) is masked. */
      readonly accessor?: true;
    }
  | { readonly kind: 'encrypt'; readonly context: EncryptContext | undefined; readonly providerOptions?: ProviderOptions | undefined };

/**
 * The reflect-metadata key under which a class keeps the annotations of its OWN properties
 * (a `Map` from property name to {@link Annotation}); inherited ones stay on the parent.
 * `Symbol.for`, so two copies of the library in one process still see each other's metadata.
 * @internal
 */
export const ANNOTATIONS_KEY = Symbol.for('lambda-data-masking:annotations');

let annotatedClassCount = 0;

/** Whether any class was ever decorated with `@Erase` / `@Encrypt` in this process. @internal */
export const hasAnnotatedClasses = (): boolean => annotatedClassCount > 0;

/**
 * A TC39 (non-legacy) decorator call passes `(value, context)`: say what to configure instead of
 * failing on a missing prototype. @internal
 */
export const assertLegacyCall = (decorator: string, prototype: unknown, property: unknown): void => {
  if ((typeof property === 'object' && property !== null) || (typeof prototype !== 'object' && typeof prototype !== 'function')) {
    throw new DataMaskingInvalidOptionsError(
      `${decorator} is a TypeScript legacy decorator: enable "experimentalDecorators" (and "emitDecoratorMetadata") in tsconfig.json`,
    );
  }
};

/** `Class.property`, for messages. @internal */
export const describeProperty = (target: object, property: string | symbol): string =>
  `${(target as { constructor?: { name?: string } }).constructor?.name || '<anonymous class>'}.${String(property)}`;

/**
 * Records `annotation` for `property` on the class whose prototype is `prototype`.
 * @throws DataMaskingInvalidOptionsError for a static or symbol property, or a property decorated twice.
 * @internal
 */
export const annotate = (decorator: string, prototype: object, property: string | symbol, annotation: Annotation): void => {
  assertLegacyCall(decorator, prototype, property);
  if (typeof prototype === 'function') {
    throw new DataMaskingInvalidOptionsError(`${decorator} applies to instance properties, not to the static ${prototype.name}.${String(property)}`);
  }
  if (typeof property !== 'string') {
    throw new DataMaskingInvalidOptionsError(`${decorator} cannot decorate the symbol property ${describeProperty(prototype, property)}`);
  }
  enableDtoSupport();
  const reflect = reflectMetadata();
  const type = prototype.constructor;
  let own = reflect.getOwnMetadata(ANNOTATIONS_KEY, type) as Map<string, Annotation> | undefined;
  if (own === undefined) {
    own = new Map();
    reflect.defineMetadata(ANNOTATIONS_KEY, own, type);
    annotatedClassCount++;
  }
  if (own.has(property)) {
    throw new DataMaskingInvalidOptionsError(
      `${describeProperty(prototype, property)} has more than one @Erase/@Encrypt: a property is either erased or encrypted`,
    );
  }
  own.set(property, annotation);
};

/** The annotations a class declares itself (not its parents'). @internal */
export const ownAnnotations = (type: Function): ReadonlyMap<string, Annotation> | undefined =>
  reflectMetadata().getOwnMetadata(ANNOTATIONS_KEY, type) as Map<string, Annotation> | undefined;

/**
 * What a legacy decorator was applied to, from the descriptor TypeScript passes for accessors and
 * methods (none for a field). @internal
 */
export const memberKind = (descriptor: unknown): 'field' | 'getter' | 'setter-only' | 'method' => {
  if (typeof descriptor !== 'object' || descriptor === null) return 'field';
  const { get, set, value } = descriptor as PropertyDescriptor;
  if (typeof get === 'function') return 'getter';
  if (typeof set === 'function') return 'setter-only';
  return typeof value === 'function' ? 'method' : 'field';
};
