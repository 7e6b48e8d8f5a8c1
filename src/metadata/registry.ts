/**
 * What every copy of the library loaded in one process knows about decorated classes (a bundle
 * may hold an ESM and a CommonJS copy): kept on `globalThis` under a `Symbol.for` key, so a class
 * decorated through one copy is seen by the other.
 * @internal
 */
interface Registry {
  /** Classes with at least one own `@Erase` / `@Encrypt` property. */
  annotatedClasses: number;
  /** Property names that some class erases or encrypts, with the classes (or `?` when unknown) that do. */
  readonly protectedNames: Map<string, Set<string>>;
  /** Property names that some class encrypts. */
  readonly encryptedNames: Set<string>;
}

const KEY = Symbol.for('lambda-data-masking:registry');

const registry: Registry = ((globalThis as Record<symbol, Registry | undefined>)[KEY] ??= {
  annotatedClasses: 0,
  protectedNames: new Map(),
  encryptedNames: new Set(),
});

/** Whether any class was ever decorated with `@Erase` / `@Encrypt` in this process. @internal */
export const hasAnnotatedClasses = (): boolean => registry.annotatedClasses > 0;

/** Counts a class that got its first own `@Erase` / `@Encrypt`. @internal */
export const countAnnotatedClass = (): void => {
  registry.annotatedClasses++;
};

/**
 * Records that `owner` (a class name, or `undefined` when the decorator could not see it)
 * erases or encrypts its property `name`. @internal
 */
export const registerProtectedName = (name: string, owner: string | undefined, encrypted: boolean): void => {
  let owners = registry.protectedNames.get(name);
  if (owners === undefined) registry.protectedNames.set(name, (owners = new Set()));
  if (owners.size < 4) owners.add(owner ?? '?');
  if (encrypted) registry.encryptedNames.add(name);
};

/** The names some class erases or encrypts: a plain value holding one may be a DTO in disguise. @internal */
export const protectedNames = (): ReadonlyMap<string, ReadonlySet<string>> => registry.protectedNames;

/** The names some class encrypts. @internal */
export const encryptedNames = (): ReadonlySet<string> => registry.encryptedNames;
