import { MAX_DEPTH } from '../json/json-view';
import { hasAnnotatedClasses } from './metadata';

/**
 * Whether `value` may hold a decorated DTO, so that {@link maskResult} runs the interpreter
 * only when it can matter: false at once when no class was ever decorated with `@Erase` /
 * `@Encrypt`, else true when any class instance (anything but plain objects, arrays and
 * scalars) is found; the interpreter then decides by each class's plan. A plain JSON result
 * is scanned without copying anything.
 * @internal
 */
export const containsDecorated = (value: unknown): boolean => hasAnnotatedClasses() && holdsInstance(value, 0);

const holdsInstance = (value: unknown, depth: number): boolean => {
  if (typeof value !== 'object' || value === null) return false;
  // Too deep (or circular): let the interpreter report it properly.
  if (depth >= MAX_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) if (holdsInstance(value[index], depth + 1)) return true;
    return false;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return true;
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key) && holdsInstance((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
};
