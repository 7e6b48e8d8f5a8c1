import { MAX_DEPTH } from '../json/json-view';
import { hasAnnotatedClasses, ownAnnotations } from '../metadata/metadata';
import { ownNestedDeclarations, ownTypeDeclarations } from '../metadata/nested-types';
import { protectedNames } from '../metadata/registry';

/**
 * Bytes and streams, which masking must neither walk nor turn into objects: `ArrayBuffer`s, typed
 * arrays and `Buffer`s, and anything with a `pipe()` method.
 * @internal
 */
export const isBinary = (value: unknown): boolean =>
  value instanceof ArrayBuffer ||
  ArrayBuffer.isView(value) ||
  (typeof value === 'object' && value !== null && typeof (value as { pipe?: unknown }).pipe === 'function');

const annotatedClasses = new WeakMap<Function, boolean>();

/**
 * Whether the class or one of its parents has an `@Erase` / `@Encrypt` property, or declares a
 * nested DTO class (`@MaskNested`, class-transformer's `@Type`): a plain object there may hold
 * protected members (cached per class).
 */
const isAnnotatedClass = (type: Function): boolean => {
  let annotated = annotatedClasses.get(type);
  if (annotated === undefined) {
    annotated = false;
    for (let current: unknown = type; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
      const type = current as Function;
      if ((ownAnnotations(type)?.size ?? 0) > 0 || (ownNestedDeclarations(type)?.size ?? 0) > 0 || (ownTypeDeclarations(type)?.size ?? 0) > 0) {
        annotated = true;
        break;
      }
    }
    annotatedClasses.set(type, annotated);
  }
  return annotated;
};

/**
 * `insideInstance`: a class instance encloses the value, so a plain object there holding a member
 * that some class erases or encrypts may be an undeclared DTO: masking then runs the interpreter,
 * which refuses it rather than let it through in clear. Scalars are tested inline (no call per
 * leaf) and a plain object is recognised by its `.constructor` (an inline-cached load) before its
 * prototype is read: this runs on every handler result that may need the interpreter.
 */
const holds = (value: object, depth: number, insideInstance: boolean, isOpaque: (value: object) => boolean): boolean => {
  // Deeper than masking goes (or circular): let the interpreter report it rather than answer unmasked.
  if (depth >= MAX_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const element: unknown = value[index];
      if (typeof element === 'object' && element !== null && holds(element, depth + 1, insideInstance, isOpaque)) return true;
    }
    return false;
  }
  let instance = false;
  if ((value as { constructor?: unknown }).constructor !== Object) {
    const prototype = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
    instance = prototype !== Object.prototype && prototype !== null;
    if (instance) {
      if (typeof prototype!.constructor === 'function' && isAnnotatedClass(prototype!.constructor)) return true;
      if (isOpaque(value)) return false;
      // Its JSON view, not its own members, is what gets serialized: it may hold DTOs that no own
      // member shows (a page of results in a private field). The interpreter renders that view, once.
      if (prototype !== Date.prototype && typeof (value as { toJSON?: unknown }).toJSON === 'function') return true;
    }
  }
  const names = insideInstance && !instance ? protectedNames() : undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (names?.has(key)) return true;
    const member = (value as Record<string, unknown>)[key];
    if (typeof member === 'object' && member !== null && holds(member, depth + 1, insideInstance || instance, isOpaque)) return true;
  }
  return false;
};

/**
 * Whether a value may hold a decorated DTO, so that masking runs the DTO interpreter only where it
 * can matter (the one scan for `maskResult`, `@MaskHandler`, Middy and NestJS): false at once when
 * no class was ever decorated; else true when it holds, anywhere (plain objects, arrays, other
 * class instances), an instance of a class with `@Erase` / `@Encrypt` properties or nested DTO
 * declarations, an instance with a `toJSON()` (other than a `Date`), whose view may hold some, or
 * plain data inside a class instance that may be an undeclared DTO. Instances of other classes
 * are not reasons (they stay instances, e.g. for Nest's `ClassSerializerInterceptor`); `isOpaque`
 * values (bytes, streams) are not walked. Deeper than `MAX_DEPTH`: true, for the interpreter to report.
 * @internal
 */
export const holdsDto = (value: unknown, isOpaque: (value: object) => boolean = isBinary): boolean =>
  hasAnnotatedClasses() && typeof value === 'object' && value !== null && holds(value, 0, false, isOpaque);
