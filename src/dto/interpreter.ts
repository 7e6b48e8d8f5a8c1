import type { MaskerEncryption } from '../operations/encryption';
import { maskerOptions } from './masker-options';
import { validateContext } from '../operations/context';
import { runFairly } from '../operations/fair-run';
import { mergeProviderOptions } from '../operations/provider-options';
import { DataMaskingInvalidOptionsError } from '../errors';
import { MAX_DEPTH, UnsupportedValueSignal, jsonView, toPublicError, tooDeepSignal } from '../json/json-view';
import { declaredShape } from '../operations/field-shape';
import { formatLocation } from '../jsonpath/location';
import type { EncryptionContext, EncryptionProvider, ProviderOptions } from '../types';
import { accessorBacking } from './accessor-backing';
import { propertyContext } from './context';
import { EncryptionRequiredError } from './encryption-required';
import { visibleCopy } from './exclusions';
import { type NestedType, classFor } from '../metadata/nested-types';
import { type ClassPlan, type FieldPlan, PLAIN_DATA, planOf, planOfDeclared } from './plan';
import { undeclaredNestedError } from './undeclared';
import { protectedNames } from '../metadata/registry';

/**
 * Options of {@link DataMasking.mask} and {@link DataMasking.unmask}.
 *
 * @example
 * ```ts
 * const masked = await masker.mask(order, { context: { tenant_id: 't-1' } });
 * const order2 = await masker.unmask(Order, masked, { context: { tenant_id: 't-1' } });
 * ```
 */
export interface MaskOptions {
  /** Encryption context bound to every `@Encrypt` property's ciphertext (with the property's own pairs). */
  context?: EncryptionContext;
  /** Provider-specific per-call options (algorithm suite...). */
  providerOptions?: ProviderOptions;
}

/** One `@Encrypt` value waiting for its ciphertext. */
interface EncryptJob {
  readonly container: Record<string, unknown>;
  readonly key: string;
  readonly value: unknown;
  readonly context: EncryptionContext;
  /** The `@Encrypt` property's own provider options, merged over the call's. */
  readonly providerOptions: ProviderOptions | undefined;
  /** How many `@Encrypt` values enclose this one: the deepest are encrypted first. */
  readonly level: number;
}

/**
 * One walk over the input that builds the masked plain copy: DTO instances (and plain objects
 * where a DTO is declared) through their class plan, everything else copied as JSON. `@Encrypt`
 * values are copied (masked by their own plans) and queued; nothing is encrypted during the
 * walk, so every validation error (no provider, bad context, unsupported data) comes first.
 */
class MaskWalk {
  public readonly jobs: EncryptJob[] = [];
  public readonly location: (string | number)[] = [];
  #depth = 0;
  /**
   * Whether someone added enumerable members to Object.prototype: `for...in` over the copies
   * (allocation-free, faster than `Object.keys`) then skips what is not their own.
   */
  readonly #polluted = isObjectPrototypePolluted();
  /** Location length at the outermost DTO: ciphertext shapes are relative to it. */
  #dtoRoot = -1;
  /** Indexes in `location` of member names that came from the data (a plain object's keys): abstracted in shapes. */
  readonly #dataKeys: number[] = [];
  #level = 0;
  /** How many class instances (DTOs or not) enclose the current value. */
  #inInstance = 0;
  /** Inside an `@Encrypt` value or a property declared as plain data: nothing there is in clear or suspect. */
  #trusted = 0;
  /**
   * The innermost enclosing instance's class, for messages: its plan's name, or its constructor
   * (named only when a message needs it); `undefined` outside any instance. Two fields rather
   * than an object, so that entering an instance allocates nothing.
   */
  #holder: string | Function | undefined;
  /** The location length at {@link #holder}. */
  #holderAt = 0;

  public constructor(
    private readonly provider: EncryptionProvider | undefined,
    private readonly sync: boolean,
    private readonly callContext: EncryptionContext | undefined,
    /** The masker's default context: no `@Encrypt` property may re-bind its keys. */
    private readonly fixedContext?: EncryptionContext,
  ) {}

  public value(value: unknown, nested: NestedType | undefined): unknown {
    if (typeof value !== 'object' || value === null) return jsonView(value);
    if (Array.isArray(value)) return this.#array(value, nested);
    const prototype = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
    if (prototype === Object.prototype || prototype === null) {
      // A plain object's own toJSON() decides its view, as for JSON.stringify and erase.
      if (hasOwn.call(value, 'toJSON') && typeof (value as { toJSON?: unknown }).toJSON === 'function') return this.value(jsonView(value), nested);
      return nested?.kind === 'class' ? this.#instance(value, planOf(classFor(nested, value)), value) : this.#plain(value);
    }
    const type = prototype.constructor;
    if (typeof type === 'function') {
      const plan = nested !== undefined && nested.kind === 'class' && nested.type === type ? planOfDeclared(nested) : planOf(type);
      if (plan.active) {
        const toJSON = (value as { toJSON?: unknown }).toJSON;
        return typeof toJSON === 'function' ? this.#viewOfMasked(value, plan, toJSON) : this.#instance(value, plan, value);
      }
    }
    const view = jsonView(value);
    if (typeof view !== 'object' || view === null) return this.value(view, undefined);
    if (view !== value && !Array.isArray(view) && Object.getPrototypeOf(view) !== Object.prototype && Object.getPrototypeOf(view) !== null) {
      return this.value(view, undefined);
    }
    // An instance of a class without declarations (or its JSON view): its own members are its
    // class's business, but plain data inside it may be an undeclared DTO.
    const holder = this.#holder;
    const holderAt = this.#holderAt;
    this.#holder = typeof type === 'function' ? type : ANONYMOUS_CLASS;
    this.#holderAt = this.location.length;
    this.#inInstance++;
    const copy = Array.isArray(view) ? this.#array(view, undefined) : this.#plain(view, true);
    this.#inInstance--;
    this.#holder = holder;
    this.#holderAt = holderAt;
    return copy;
  }

  /**
   * The names a plain object here must not hold: inside a class instance (not an `@Encrypt`
   * value, nor a property declared as plain data), a plain object holding a member that some
   * class erases or encrypts may be an undeclared DTO, which masking cannot tell: it refuses.
   */
  #suspectNames(): ReadonlyMap<string, ReadonlySet<string>> | undefined {
    if (this.#inInstance === 0 || this.#trusted > 0) return undefined;
    const names = protectedNames();
    return names.size === 0 ? undefined : names;
  }

  /**
   * A DTO with its own `toJSON()`: masked first (its copy, as for any DTO), then its `toJSON()` run
   * on that masked copy (a new object with the DTO's prototype and the copy's members), and the
   * result masked in turn. So the output is the DTO's JSON view, a member it hides never comes
   * back, and a decorated value reaches `toJSON()` only masked (renamed or derived, it stays
   * masked). Refused, as the output could not be known: a `toJSON` that is an own member (a
   * bound function would see the original), and an `@Encrypt` value inside (its ciphertext is
   * made after the walk, so it cannot be handed to `toJSON()`).
   */
  #viewOfMasked(object: object, plan: ClassPlan, toJSON: Function): unknown {
    if (hasOwn.call(object, 'toJSON')) {
      throw new UnsupportedValueSignal(`${plan.name} has @Erase/@Encrypt properties and an own toJSON member: declare toJSON() as a method`);
    }
    const queued = this.jobs.length;
    const copy = this.#instance(object, plan, object);
    if (this.jobs.length !== queued) {
      throw new UnsupportedValueSignal(`${plan.name} has toJSON() and holds @Encrypt values, which toJSON() could move or drop: remove toJSON() or use @Erase`);
    }
    const masked = Object.create(Object.getPrototypeOf(object) as object | null) as Record<string, unknown>;
    for (const key of Object.keys(copy)) {
      Object.defineProperty(masked, key, { value: copy[key], enumerable: true, writable: true, configurable: true });
    }
    const { location } = this;
    const view: unknown = toJSON.call(masked, location.length === 0 ? '' : String(location[location.length - 1]));
    if (view === masked) return copy;
    if (typeof view === 'object' && view !== null && !Array.isArray(view) && typeof (view as { toJSON?: unknown }).toJSON === 'function') {
      throw new UnsupportedValueSignal('a toJSON() that returns another object with toJSON() is not supported');
    }
    // Made from the masked copy: nothing in it is in clear, its members are not suspects.
    this.#trusted++;
    const result = this.value(view, undefined);
    this.#trusted--;
    return result;
  }

  #enter(): void {
    if (++this.#depth > MAX_DEPTH) throw tooDeepSignal();
  }

  #array(array: readonly unknown[], nested: NestedType | undefined): unknown[] {
    this.#enter();
    const { length } = array;
    const copy = new Array<unknown>(length);
    const location = this.location;
    for (let index = 0; index < length; index++) {
      const element = array[index];
      if (element === undefined || element === null || typeof element !== 'object') {
        copy[index] = element === undefined ? null : jsonView(element);
      } else {
        location.push(index);
        copy[index] = this.value(element, nested);
        location.pop();
      }
    }
    this.#depth--;
    return copy;
  }

  /**
   * A plain object or an instance without plan: a spread copy (V8 clones the shape at once)
   * whose object members are then replaced by their own copies. A `__proto__` key is an own
   * data member of the spread copy, so assigning it never touches the prototype.
   */
  #plain(object: object, own = false): Record<string, unknown> {
    this.#enter();
    const copy: Record<string, unknown> = { ...object };
    const location = this.location;
    const suspect = own ? undefined : this.#suspectNames();
    let dropped = false;
    for (const key in copy) {
      if (this.#polluted && !hasOwn.call(copy, key)) continue;
      if (suspect?.has(key) === true) throw undeclaredNestedError(this.#holderForMessage(), this.location, key, suspect.get(key)!);
      const member = copy[key];
      const type = typeof member;
      if (type === 'object') {
        if (member === null) continue;
        this.#dataKeys.push(location.length);
        location.push(key);
        copy[key] = this.value(member, undefined);
        location.pop();
        this.#dataKeys.pop();
      } else if (type !== 'string' && type !== 'number' && type !== 'boolean') {
        if (member === undefined) dropped = true;
        else jsonView(member);
      }
    }
    this.#depth--;
    return dropped ? dropUndefined(copy) : copy;
  }

  /**
   * A DTO (or a plain object where a DTO is declared): copied as {@link #plain} (without the
   * properties class-transformer's `@Exclude` / `@Expose` hide), then its plan applied.
   */
  #instance(object: object, plan: ClassPlan, holder: object): Record<string, unknown> {
    if (plan.encrypted.length > 0 || this.#dtoRoot === -1) this.#checkEncryption(plan);
    this.#enter();
    const outermost = this.#dtoRoot === -1;
    if (outermost) this.#dtoRoot = this.location.length;
    const outerHolder = this.#holder;
    const outerHolderAt = this.#holderAt;
    this.#holder = plan.name;
    this.#holderAt = this.location.length;
    this.#inInstance++;
    const copy: Record<string, unknown> = plan.visibility === undefined ? { ...object } : visibleCopy(object, plan.visibility);
    const { location } = this;
    let dropped = false;
    const order = plan.keyOrder ?? plan.rememberKeyOrder(copy);
    const roles = plan.keyRoles;
    let position = 0;
    // One pass over the copy's own members (read through the for-in key: the cheapest keyed
    // access): an `@Erase` member is masked here, a nested value copied; see `afterCopy` for the rest.
    for (const key in copy) {
      if (this.#polluted && !hasOwn.call(copy, key)) continue;
      const role = order[position] === key ? roles[position] : plan.roleOf(key);
      position++;
      const member = copy[key];
      if (member === undefined) {
        dropped = true;
        continue;
      }
      if (role !== undefined && role !== PLAIN_DATA && role.action !== 'none') {
        if (role.action === 'erase' && !role.accessor) copy[key] = role.mask!(member);
        continue;
      }
      const type = typeof member;
      if (type === 'object') {
        if (member === null) continue;
        location.push(key);
        if (role === PLAIN_DATA) {
          this.#trusted++;
          copy[key] = this.value(member, undefined);
          this.#trusted--;
        } else {
          copy[key] = this.value(member, role?.nested);
        }
        location.pop();
      } else if (type !== 'string' && type !== 'number' && type !== 'boolean') {
        jsonView(member);
      }
    }
    const { afterCopy } = plan;
    for (let index = 0; index < afterCopy.length; index++) {
      const field = afterCopy[index]!;
      if (field.accessor) {
        maskBacking(object, copy, field, plan);
        continue;
      }
      const { key } = field;
      const member = copy[key];
      if (member === undefined || !hasOwn.call(copy, key)) continue;
      location.push(key);
      this.#queue(copy, field, plan, holder, member);
      location.pop();
    }
    if (outermost) this.#dtoRoot = -1;
    this.#inInstance--;
    this.#holder = outerHolder;
    this.#holderAt = outerHolderAt;
    this.#depth--;
    return dropped ? dropUndefined(copy) : copy;
  }

  #holderForMessage(): { readonly name: string; readonly at: number } | undefined {
    const holder = this.#holder;
    if (holder === undefined) return undefined;
    return { name: typeof holder === 'string' ? holder : holder.name !== '' ? holder.name : ANONYMOUS_CLASS, at: this.#holderAt };
  }

  #checkEncryption(plan: ClassPlan): void {
    const source = plan.encryptSource();
    if (source === null) return;
    if (this.sync) {
      throw new EncryptionRequiredError(`maskSync cannot mask ${plan.name}: it can hold the @Encrypt property ${source}; use await masker.mask()`);
    }
    if (this.provider === undefined) {
      throw new DataMaskingInvalidOptionsError(`@Encrypt on ${source} (reached from ${plan.name}) needs an encryption provider: new DataMasking({ provider })`);
    }
  }

  #queue(copy: Record<string, unknown>, field: FieldPlan, plan: ClassPlan, holder: object, member: unknown): void {
    const shape = declaredShape(this.location, this.#dtoRoot, this.#dataKeys);
    const context = propertyContext(this.callContext, field, plan.name, holder, shape, this.fixedContext);
    this.#level++;
    this.#trusted++;
    const value = this.value(member, field.nested);
    this.#trusted--;
    this.#level--;
    copy[field.key] = null;
    this.jobs.push({ container: copy, key: field.key, value, context, providerOptions: field.providerOptions, level: this.#level });
  }
}

const hasOwn = Object.prototype.hasOwnProperty;
const ANONYMOUS_CLASS = '<anonymous class>';

/**
 * An `@Erase` get accessor: the members its getter reads (see {@link accessorBacking}) are
 * masked with its rule in the copy, and so is its own value when the instance holds the accessor
 * itself. A backing member with an `@Erase` / `@Encrypt` of its own keeps that one.
 */
const maskBacking = (object: object, copy: Record<string, unknown>, field: FieldPlan, plan: ClassPlan): void => {
  const keys = hasOwn.call(copy, field.key) ? [field.key, ...accessorBacking(object, field.key)] : accessorBacking(object, field.key);
  for (const key of keys) {
    if (key !== field.key && (plan.fields.get(key)?.action ?? 'none') !== 'none') continue;
    const member = copy[key];
    if (member !== undefined && hasOwn.call(copy, key)) copy[key] = field.mask!(member);
  }
};

const isObjectPrototypePolluted = (): boolean => {
  for (const _ in EMPTY) return true;
  return false;
};
const EMPTY = Object.freeze({});

const dropUndefined = (copy: Record<string, unknown>): Record<string, unknown> => {
  for (const key of Object.keys(copy)) if (copy[key] === undefined) delete copy[key];
  return copy;
};

const walk = (value: unknown, walker: MaskWalk): unknown => {
  try {
    return walker.value(value, undefined);
  } catch (error) {
    throw toPublicError(error, value, formatLocation);
  }
};

/**
 * Masks decorated DTOs in `value` (see {@link DataMasking.mask}). Every ciphertext is made
 * after the whole input was validated and copied; any failure rejects the whole call.
 * @internal
 */
export const maskDecorated = async (value: unknown, encryption: MaskerEncryption | undefined, callOptions: unknown): Promise<unknown> => {
  const options = maskerOptions(encryption, callOptions, 'mask');
  const provider = encryption?.provider;
  const fixedContext = encryption?.context;
  const walker = new MaskWalk(provider, false, validateContext(options?.context), fixedContext);
  const result = walk(value, walker);
  const { jobs } = walker;
  if (jobs.length === 0) return result;
  const providerOptions = options?.providerOptions;
  const deepest = jobs.reduce((level, job) => Math.max(level, job.level), 0);
  // Inner ciphertexts first: an encrypted DTO's own @Encrypt members are inside its plaintext.
  for (let level = deepest; level >= 0; level--) {
    const batch = jobs.filter((job) => job.level === level);
    const ciphertexts = await runFairly(
      batch.map(
        (job) => () => provider!.encrypt(job.value, { context: job.context, providerOptions: mergeProviderOptions(providerOptions, job.providerOptions) }),
      ),
    );
    batch.forEach((job, index) => {
      job.container[job.key] = ciphertexts[index];
    });
  }
  return result;
};

/**
 * Masks decorated DTOs without encryption (see {@link DataMasking.maskSync}).
 * @internal
 */
export const maskDecoratedSync = (value: unknown): unknown => walk(value, new MaskWalk(undefined, true, undefined));
