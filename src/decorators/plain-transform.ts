import { DataMaskingInvalidOptionsError } from '../errors';
import { toPublicError } from '../json/json-view';
import { type Annotation, ownAnnotations } from './metadata';

/** What class-transformer passes to a `@Transform` function (only what is read here). */
interface TransformParams {
  readonly value: unknown;
  readonly obj: unknown;
}

type TransformDecorator = (fn: (params: TransformParams) => unknown, options: { toPlainOnly: true }) => PropertyDecorator;

let transform: TransformDecorator | null | undefined;

/** class-transformer's `Transform`, required when the first property is decorated, or `null` when it is not installed. */
const loadTransform = (): TransformDecorator | null => {
  if (transform === undefined) {
    try {
      const loaded = (require('class-transformer') as { Transform?: unknown }).Transform;
      transform = typeof loaded === 'function' ? (loaded as TransformDecorator) : null;
    } catch {
      transform = null;
    }
  }
  return transform;
};

/** The nearest annotation of ours on `property` from `type` up (its own first), and the class declaring it. */
const nearestAnnotation = (type: unknown, property: string): { readonly owner: Function; readonly annotation: Annotation } | undefined => {
  for (let current = type; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    const annotation = ownAnnotations(current as Function)?.get(property);
    if (annotation !== undefined) return { owner: current as Function, annotation };
  }
  return undefined;
};

/**
 * What class-transformer's `instanceToPlain` makes of an annotated property's value (which it
 * passes raw, before its own conversion of the value): the mask of the annotation that holds for
 * the instance's actual class (a subclass may redeclare the property; without annotation of ours
 * in its class chain, a plain object where the DTO is declared: the registering class's), i.e.
 * what `masker.maskSync` makes of it; an `@Encrypt` property cannot be encrypted there (that is
 * asynchronous) and throws instead of letting its plaintext through. `undefined` stays
 * `undefined` (nothing to mask, as for `mask`).
 */
const toPlain = (value: unknown, holder: unknown, property: string, registered: { owner: Function; annotation: Annotation }): unknown => {
  if (value === undefined) return undefined;
  const holderType = typeof holder === 'object' && holder !== null ? (Object.getPrototypeOf(holder) as { constructor?: unknown } | null)?.constructor : undefined;
  const { owner, annotation } = nearestAnnotation(holderType, property) ?? registered;
  if (annotation.kind === 'erase') {
    try {
      return annotation.mask(value);
    } catch (error) {
      throw toPublicError(error, value);
    }
  }
  throw new DataMaskingInvalidOptionsError(
    `${owner.name || '<anonymous class>'}.${property}: an @Encrypt property reached class-transformer's instanceToPlain before ` +
      'DataMaskingInterceptor (or masker.mask); register DataMaskingInterceptor after ClassSerializerInterceptor, or call masker.mask() first',
  );
};

/**
 * Makes class-transformer's `instanceToPlain` (and so NestJS's `ClassSerializerInterceptor`)
 * apply `annotation` too, when class-transformer is installed: registers on the property a
 * `@Transform(..., { toPlainOnly: true })` (see {@link toPlain}). Only the topmost class of a
 * hierarchy that annotates the property registers one (class-transformer runs a parent's
 * transforms for its subclasses too): it applies whichever annotation holds for the instance's
 * class, so a redeclared property is masked once, by its nearest annotation, as `mask` does.
 * Our own interpreter and `unmask` never read class-transformer's transforms.
 * @internal
 */
export const registerPlainTransform = (prototype: object, property: string, annotation: Annotation): void => {
  const owner = (prototype as { constructor: Function }).constructor;
  if (nearestAnnotation(Object.getPrototypeOf(owner), property) !== undefined) return;
  const Transform = loadTransform();
  if (Transform === null) return;
  const registered = { owner, annotation };
  Transform(({ value, obj }) => toPlain(value, obj, property, registered), { toPlainOnly: true })(prototype, property);
};
