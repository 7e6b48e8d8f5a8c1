/**
 * Names a path expression may not spell out (`a.__proto__`, `[?(@.constructor)]`): refused when
 * the path is parsed. Members with these names in DATA are data: wildcards and `..` reach them,
 * and the engine reads them as own members and defines them on its copies.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const isForbiddenKey = (key: string): boolean => FORBIDDEN_KEYS.has(key);
