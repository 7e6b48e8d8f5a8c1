import { DataMaskingInvalidOptionsError } from '../errors';
import type { ValueMask } from '../masks/compile-rule';
import type { EncryptionContext, MaskingRule, ProviderOptions } from '../types';
import { type MemberTarget, ownRecords } from './member-target';
import { countAnnotatedClass, registerProtectedName } from './registry';

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
// biome-ignore lint/suspicious/noExplicitAny: an unannotated context function accepts any instance, as in the TypeScript decorator types
export type EncryptContext<T = any> = EncryptionContext | ((instance: T) => EncryptionContext);

/**
 * Options of {@link Encrypt}.
 *
 * @example
 * ```ts
 * class Order { @Encrypt({ context: (o: Order) => ({ tenant_id: o.tenantId }) }) card!: string; tenantId!: string }
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: an unannotated context function accepts any instance, as in the TypeScript decorator types
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
 * The key under which a class keeps the annotations of its OWN properties (a `Map` from property
 * name to {@link Annotation}; legacy decorators: reflect-metadata on the constructor, standard ones:
 * the class's `Symbol.metadata` object); inherited ones stay on the parent. `Symbol.for`, so two
 * copies of the library in one process still see each other's metadata.
 * @internal
 */
export const ANNOTATIONS_KEY = Symbol.for('lambda-data-masking:annotations');

/** @internal */
export { hasAnnotatedClasses } from './registry';

/** `Class.property`, for messages. @internal */
export const describeProperty = (target: object, property: string | symbol): string =>
  `${(target as { constructor?: { name?: string } }).constructor?.name || '<anonymous class>'}.${String(property)}`;

/**
 * Records `annotation` for the decorated property (legacy or standard decorator, see
 * {@link MemberTarget}) on its class.
 * @throws DataMaskingInvalidOptionsError for a property decorated twice.
 * @internal
 */
export const annotate = (target: MemberTarget, annotation: Annotation): void => {
  const { map, created } = target.ownMap<Annotation>(ANNOTATIONS_KEY);
  if (map.has(target.property)) {
    throw new DataMaskingInvalidOptionsError(`${target.description} has more than one @Erase/@Encrypt: a property is either erased or encrypted`);
  }
  map.set(target.property, annotation);
  if (created) countAnnotatedClass();
  const owner = target.prototype === undefined ? undefined : (target.prototype as { constructor: Function }).constructor.name;
  registerProtectedName(target.property, owner || undefined, annotation.kind === 'encrypt');
};

/** The annotations a class declares itself (not its parents'), by either decorator form. @internal */
export const ownAnnotations = (type: Function): ReadonlyMap<string, Annotation> | undefined => ownRecords<Annotation>(ANNOTATIONS_KEY, type);
