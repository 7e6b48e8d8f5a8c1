import { type VisibilityMetadata, classTransformerStorage } from '../metadata/nested-types';

/**
 * Which own properties of a class's instances reach the masked output, by class-transformer's
 * `@Exclude()` / `@Expose()` as `instanceToPlain` (and so Nest's `ClassSerializerInterceptor`)
 * would apply them, read once when the class plan is built:
 *
 * - a property with `@Exclude()` (both directions, or `toPlainOnly: true`) is omitted;
 *   `@Exclude({ toClassOnly: true })` keeps it (it only applies to plain-to-class);
 * - a class with `@Exclude()` (and no class-level `@Expose()`) keeps only its `@Expose()`
 *   properties (`excludeExtraneousValues`-like); `@Expose({ toClassOnly: true })` does not
 *   expose a property there. A subclass inherits that class-level choice until it makes its own
 *   with a class-level decorator (class-transformer reads it on the exact class only: inheriting
 *   it is the safer reading, nothing is exposed that the parent meant to hide);
 * - property decorators are merged through the class hierarchy: a parent's `@Exclude` holds in
 *   subclasses, and an exclusion wins over an `@Expose`;
 * - groups and versions are not guessed (which ones a serializer will use is not known here):
 *   an `@Exclude` with `groups`, `since` or `until` excludes in every direction, and a property
 *   whose nearest `@Expose` has `groups`, `since` or `until` is omitted, as with any exclusion;
 * - `@Expose({ name })` does not rename (the property keeps its name), and an `@Expose()` getter
 *   is not added: only own enumerable properties are ever copied.
 * @internal
 */
export interface Visibility {
  /** With class-level `@Exclude()`: the only properties kept (exclusions already taken out). */
  readonly only: ReadonlySet<string> | undefined;
  /** Without class-level `@Exclude()`: the properties omitted. */
  readonly omitted: ReadonlySet<string>;
}

/** Which conversion a visibility is computed for: class to plain (masking) or plain to class (`unmask`). @internal */
export type Direction = 'toPlain' | 'toClass';

/** class-transformer's own test for an option set in one direction: `=== true`. */
const appliesTo = (metadata: VisibilityMetadata, direction: Direction): boolean =>
  direction === 'toPlain'
    ? !(metadata.options?.toClassOnly === true && metadata.options.toPlainOnly !== true)
    : !(metadata.options?.toPlainOnly === true && metadata.options.toClassOnly !== true);

/** Whether the decorator holds only for some groups or versions (an empty `groups` means none). */
const isConditional = (metadata: VisibilityMetadata): boolean => {
  const options = metadata.options;
  if (options === undefined || options === null) return false;
  const { groups } = options;
  return (groups !== undefined && !(Array.isArray(groups) && groups.length === 0)) || options.since !== undefined || options.until !== undefined;
};

/**
 * The visibility of a class, given its class chain (base class first), or `undefined` when no
 * `@Exclude` / conditional `@Expose` applies (every own property is copied).
 * @internal
 */
export const visibilityOf = (chain: readonly Function[], direction: Direction = 'toPlain'): Visibility | undefined => {
  const storage = classTransformerStorage();
  const excludes = storage?._excludeMetadatas;
  const exposes = storage?._exposeMetadatas;
  if (!(excludes instanceof Map) || !(exposes instanceof Map)) return undefined;
  let excludeAll = false;
  const omitted = new Set<string>();
  /** The nearest `@Expose` of each property (a subclass's replaces its parent's). */
  const nearestExpose = new Map<string, VisibilityMetadata>();
  for (const type of chain) {
    const ownExcludes = excludes.get(type);
    const ownExposes = exposes.get(type);
    const classExclude = ownExcludes?.get(undefined) !== undefined;
    const classExpose = ownExposes?.get(undefined) !== undefined;
    if (classExclude || classExpose) excludeAll = classExclude && !classExpose;
    ownExcludes?.forEach((metadata, key) => {
      if (typeof key === 'string' && (appliesTo(metadata, direction) || isConditional(metadata))) omitted.add(key);
    });
    ownExposes?.forEach((metadata, key) => {
      if (typeof key === 'string') nearestExpose.set(key, metadata);
    });
  }
  const exposed = new Set<string>();
  nearestExpose.forEach((metadata, key) => {
    if (isConditional(metadata)) omitted.add(key);
    else if (appliesTo(metadata, direction)) exposed.add(key);
  });
  if (excludeAll) {
    for (const key of omitted) exposed.delete(key);
    return { only: exposed, omitted };
  }
  return omitted.size === 0 ? undefined : { only: undefined, omitted };
};

/** Whether `key` is copied. @internal */
export const isVisible = (visibility: Visibility, key: string): boolean =>
  visibility.only !== undefined ? visibility.only.has(key) : !visibility.omitted.has(key);

/**
 * A shallow copy of `object`'s own enumerable properties that are visible (what a spread copy
 * would hold, minus the rest). A `__proto__` key is defined as an own member, never assigned.
 * @internal
 */
export const visibleCopy = (object: object, visibility: Visibility): Record<string, unknown> => {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (!isVisible(visibility, key)) continue;
    const value = (object as Record<string, unknown>)[key];
    if (key === '__proto__') Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    else copy[key] = value;
  }
  return copy;
};
