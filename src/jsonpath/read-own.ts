const MISSING: unique symbol = Symbol('missing');

/**
 * Reads `container[key]` only when it is an own member (an array element for a number), never
 * through the prototype chain: an own member named `__proto__` or `constructor` is data like any
 * other. Returns `readOwn.MISSING` otherwise.
 */
export const readOwn = Object.assign(
  (container: unknown, key: string | number): unknown => {
    if (typeof container !== 'object' || container === null) return MISSING;
    if (Array.isArray(container)) {
      const index = typeof key === 'number' ? key : arrayIndexOf(key);
      if (index === undefined) return MISSING;
      const position = index < 0 ? container.length + index : index;
      return position >= 0 && position < container.length ? container[position] : MISSING;
    }
    const name = String(key);
    if (!Object.hasOwn(container, name)) return MISSING;
    return (container as Record<string, unknown>)[name];
  },
  { MISSING },
);

/** `'3'` → 3 for a canonical non-negative integer name, so `a.0` reads an array element. */
export const arrayIndexOf = (name: string): number | undefined => {
  if (!/^(?:0|[1-9]\d*)$/.test(name)) return undefined;
  const index = Number(name);
  return Number.isSafeInteger(index) ? index : undefined;
};
