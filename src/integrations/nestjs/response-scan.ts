import { StreamableFile } from '@nestjs/common';
import { hasAnnotatedClasses, ownAnnotations } from '../../metadata/metadata';
import { ownNestedDeclarations, ownTypeDeclarations } from '../../metadata/nested-types';
import { protectedNames } from '../../metadata/registry';
import { MAX_DEPTH } from '../../json/json-view';

/**
 * Responses that are bytes or streams, which masking must neither walk nor turn into objects.
 * @internal
 */
export const isBinary = (value: unknown): boolean =>
  value instanceof StreamableFile ||
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
 * that some class erases or encrypts may be an undeclared DTO: the interceptor then runs the
 * masking, which refuses it rather than let it through in clear.
 */
const holds = (value: unknown, depth: number, seen: Set<object>, insideInstance: boolean): boolean => {
  if (typeof value !== 'object' || value === null) return false;
  // Deeper than masking goes: let the interpreter report it rather than answer unmasked.
  if (depth >= MAX_DEPTH) return true;
  if (seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const element of value) if (holds(element, depth + 1, seen, insideInstance)) return true;
    return false;
  }
  const prototype = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  const instance = prototype !== Object.prototype && prototype !== null;
  if (instance) {
    if (typeof prototype.constructor === 'function' && isAnnotatedClass(prototype.constructor)) return true;
    if (isBinary(value)) return false;
    // Its JSON view, not its own members, is what Nest sends: it may hold DTOs that no own member
    // shows (a page of results in a private field). The interpreter renders that view, once.
    if (prototype !== Date.prototype && typeof (value as { toJSON?: unknown }).toJSON === 'function') return true;
  }
  const keys = Object.keys(value);
  if (insideInstance && !instance) {
    const names = protectedNames();
    for (const key of keys) if (names.has(key)) return true;
  }
  for (const key of keys) if (holds((value as Record<string, unknown>)[key], depth + 1, seen, insideInstance || instance)) return true;
  return false;
};

/**
 * Whether a response holds, anywhere (plain objects, arrays, other class instances), an instance
 * of a class with `@Erase` / `@Encrypt` properties or nested DTO declarations, an instance with a
 * `toJSON()` (other than a `Date`), whose view may hold some, or plain data inside a class instance
 * that may be an undeclared DTO. Instances of other classes are not reasons to mask, so they
 * reach a later serializer (e.g. `ClassSerializerInterceptor`) as instances.
 * @internal
 */
export const holdsAnnotatedInstance = (value: unknown): boolean => hasAnnotatedClasses() && holds(value, 0, new Set(), false);
