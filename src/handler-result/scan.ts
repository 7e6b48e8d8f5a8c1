import { MAX_DEPTH } from '../json/json-view';
import { hasAnnotatedClasses } from '../metadata/metadata';

/**
 * Whether `value` may hold a decorated DTO, so that {@link maskResult} runs the interpreter
 * only when it can matter: false at once when no class was ever decorated with `@Erase` /
 * `@Encrypt`, else true when any class instance (anything but plain objects, arrays, Dates and
 * scalars) is found; the interpreter then decides by each class's plan. A plain JSON result
 * is scanned without copying anything. A `Date` (exactly: not a subclass, which could carry
 * annotations) is never a DTO and holds none: its JSON view is its ISO string, for the
 * interpreter as for erase, so a result holding Dates is not copied twice.
 * @internal
 */
export const containsDecorated = (value: unknown): boolean =>
  hasAnnotatedClasses() && typeof value === 'object' && value !== null && holdsInstance(value, 0);

/**
 * Scalars are tested inline (no call per leaf). `for...in` may also visit members someone added
 * to Object.prototype: at worst a false "true", which only costs the interpreter's copy.
 */
const holdsInstance = (value: object, depth: number): boolean => {
  // Too deep (or circular): let the interpreter report it properly.
  if (depth >= MAX_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const element: unknown = value[index];
      if (typeof element === 'object' && element !== null && holdsInstance(element, depth + 1)) return true;
    }
    return false;
  }
  // `.constructor` is an inline-cached load; the prototype is read only when it is not Object.
  if ((value as { constructor?: unknown }).constructor !== Object) {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype === Date.prototype) return false;
    if (prototype !== Object.prototype && prototype !== null) return true;
  }
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    if (typeof member === 'object' && member !== null && holdsInstance(member, depth + 1)) return true;
  }
  return false;
};
