/**
 * Keys the engine never walks into, selects or writes through a path, so a path or a
 * document can never reach an object's prototype chain.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const isForbiddenKey = (key: string): boolean => FORBIDDEN_KEYS.has(key);
