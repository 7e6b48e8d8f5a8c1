/**
 * The own members of `object` that the getter of `key` reads: the backing fields of an `@Erase`
 * accessor. The getter runs once over a proxy of the object that records each own string member
 * read (through `this`, nested getters and methods included). A getter the proxy cannot run
 * (one reading a private `#field`, which JSON never holds) is run on the object itself: if it
 * succeeds, what it recorded so far is the answer; if it throws there too, the error propagates
 * (the caller turns it into a typed error). Returns an empty list when there is no getter.
 * @internal
 */
export const accessorBacking = (object: object, key: string): readonly string[] => {
  const getter = findGetter(object, key);
  if (getter === undefined) return [];
  const read = new Set<string>();
  const probe = new Proxy(object, {
    get(target, member, receiver) {
      if (typeof member === 'string' && Object.hasOwn(target, member)) read.add(member);
      return Reflect.get(target, member, receiver) as unknown;
    },
  });
  try {
    getter.call(probe);
  } catch {
    getter.call(object);
  }
  read.delete(key);
  return [...read];
};

/** The nearest `get` of `key` on the object's prototype chain (an own accessor included). */
const findGetter = (object: object, key: string): (() => unknown) | undefined => {
  for (let current: object | null = object; current !== null; current = Object.getPrototypeOf(current) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(current, key);
    if (descriptor !== undefined) return typeof descriptor.get === 'function' ? (descriptor.get as () => unknown) : undefined;
  }
  return undefined;
};
