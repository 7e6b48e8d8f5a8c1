import { isForbiddenKey } from '../paths/forbidden-keys';
import { MAX_DEPTH, jsonView, tooDeepSignal } from './json-view';

/**
 * Copies a value into fresh plain JSON data (arrays and plain objects), sharing nothing
 * mutable with the input. `undefined` members are dropped and `undefined` elements become
 * `null`, as JSON does. Hand-written because it is the hot path of erase: several times faster
 * than `structuredClone`, and it validates while it copies. `depth` counts the containers above.
 */
export const copyJson = (value: unknown, depth: number): unknown => {
  if (typeof value !== 'object' || value === null) {
    const type = typeof value;
    return type === 'string' || type === 'number' || type === 'boolean' || value === null ? value : jsonView(value);
  }
  if (depth >= MAX_DEPTH) throw tooDeepSignal();
  if (Array.isArray(value)) return copyArray(value, depth + 1);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === Object.prototype || prototype === null) return copyObject(value as Record<string, unknown>, depth + 1);
  const view = jsonView(value);
  return view === value ? copyObject(value as Record<string, unknown>, depth + 1) : copyJson(view, depth);
};

const copyArray = (source: readonly unknown[], depth: number): unknown[] => {
  const length = source.length;
  const copy = new Array<unknown>(length);
  for (let index = 0; index < length; index++) {
    const element = source[index];
    copy[index] = element === undefined ? null : copyJson(element, depth);
  }
  return copy;
};

const copyObject = (source: Record<string, unknown>, depth: number): Record<string, unknown> => {
  const copy: Record<string, unknown> = {};
  const keys = Object.keys(source);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index]!;
    const member = source[key];
    if (member === undefined) continue;
    if (key === '__proto__') defineMember(copy, key, copyJson(member, depth));
    else copy[key] = copyJson(member, depth);
  }
  return copy;
};

/**
 * Writes an own data member. A key such as `__proto__` (JSON.parse makes it an own member)
 * is defined, never assigned, so it cannot change the object's prototype.
 */
export const setMember = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (isForbiddenKey(key)) defineMember(target, key, value);
  else target[key] = value;
};

const defineMember = (target: object, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};
