import { type Visibility, isVisible, visibilityOf } from './exclusions';

/** Keys remembered per class (body keys are data: ever-new ones must not grow memory). */
const KEY_LIMIT = 256;

interface ClassKeys {
  readonly visibility: Visibility | undefined;
  readonly known: Map<string, boolean>;
}

const classes = new WeakMap<Function, ClassKeys>();

const classKeys = (type: Function): ClassKeys => {
  let keys = classes.get(type);
  if (keys === undefined) {
    const chain: Function[] = [];
    for (let current: unknown = type; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
      chain.unshift(current as Function);
    }
    keys = { visibility: visibilityOf(chain, 'toClass'), known: new Map() };
    classes.set(type, keys);
  }
  return keys;
};

/**
 * Whether `unmask` may assign the data member `key` to a new instance of `type`, by
 * class-transformer's rules for `plainToInstance`: not a member its `@Exclude` / `@Expose` hide
 * in that direction, not a method (the instance's `toString`, `constructor`, a class method or an
 * own function member) and not a read-only accessor. Everything else is assigned (setters run),
 * so a body cannot replace what the class itself defines.
 * @internal
 */
export const isAssignable = (type: Function, instance: object, key: string): boolean => {
  const keys = classKeys(type);
  if (keys.visibility !== undefined && !isVisible(keys.visibility, key)) return false;
  if (Object.hasOwn(instance, key)) return !isMethodOrReadOnly(Object.getOwnPropertyDescriptor(instance, key));
  const known = keys.known.get(key);
  if (known !== undefined) return known;
  const assignable = !isMethodOrReadOnly(inheritedDescriptor(Object.getPrototypeOf(instance) as object | null, key));
  if (keys.known.size < KEY_LIMIT) keys.known.set(key, assignable);
  return assignable;
};

const inheritedDescriptor = (prototype: object | null, key: string): PropertyDescriptor | undefined => {
  for (let current = prototype; current !== null; current = Object.getPrototypeOf(current) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(current, key);
    if (descriptor !== undefined) return descriptor;
  }
  return undefined;
};

const isMethodOrReadOnly = (descriptor: PropertyDescriptor | undefined): boolean =>
  descriptor !== undefined && (typeof descriptor.value === 'function' || (typeof descriptor.get === 'function' && descriptor.set === undefined));
