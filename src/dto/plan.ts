import type { ValueMask } from '../masks/compile-rule';
import type { ProviderOptions } from '../types';
import { type Visibility, isVisible, visibilityOf } from './exclusions';
import { type Annotation, type EncryptContext, ownAnnotations } from '../metadata/metadata';
import { registerProtectedName } from '../metadata/registry';
import { type NestedType, nestedFromTypeDeclaration, ownNestedDeclarations, ownTypeDeclarations } from '../metadata/nested-types';

/** What the interpreter does with one property. @internal */
export interface FieldPlan {
  readonly key: string;
  /** `none`: copied (through `nested` when it holds a DTO). */
  readonly action: 'none' | 'erase' | 'encrypt';
  readonly mask: ValueMask | undefined;
  readonly context: EncryptContext | undefined;
  /** An `@Encrypt` property's own provider options. */
  readonly providerOptions?: ProviderOptions | undefined;
  readonly nested: NestedType | undefined;
  /** An `@Erase` get accessor: its backing fields are masked instead. */
  readonly accessor: boolean;
}

/**
 * Everything the interpreter needs about one class, read from its metadata (and its parents')
 * once, the first time the class is met, then cached by constructor. Nested classes come from
 * `@MaskNested` and class-transformer's `@Type` only, never from TypeScript's `design:type`, so
 * that the plan is the same whichever compiler built the class (esbuild and swc emit none).
 * Properties hidden by class-transformer's `@Exclude` / `@Expose` (see {@link Visibility}) have
 * no field plan: the interpreter never copies them.
 * @internal
 */
export class ClassPlan {
  /** Whether any annotation, nested type or exclusion applies: otherwise instances are copied as plain data. */
  public readonly active: boolean;
  /** Properties with `@Encrypt` (own or inherited), in declaration order. */
  public readonly encrypted: readonly FieldPlan[];
  /**
   * Properties masked after the copy's members are copied: `@Encrypt` ones (queued in
   * declaration order) and `@Erase` get accessors (whose backing members are copied first).
   * Other `@Erase` properties are masked as the copy loop meets them.
   */
  public readonly afterCopy: readonly FieldPlan[];
  #encryptSource: string | null | undefined;
  /**
   * Member names in the order the first instance copied held them (at most
   * {@link KEY_ORDER_LIMIT}), and each one's {@link roleOf}: instances of a class usually hold
   * their members in one order, so the copy loop compares a name with the remembered one (one
   * pointer comparison for V8's internalized names) before looking it up. A memo of `roleOf` and
   * nothing more: members in another order only cost the lookups.
   */
  public keyOrder: readonly string[] | undefined;
  public keyRoles: readonly KeyRole[] = [];

  public constructor(
    public readonly type: Function,
    public readonly name: string,
    /** Annotated or `@MaskNested` / `@Type`-declared properties (visible ones only). */
    public readonly fields: ReadonlyMap<string, FieldPlan>,
    /** Properties declared to hold plain data (`@MaskNested(() => Object)`, `@Type(() => String)`...), never suspected of hiding a DTO. */
    public readonly plainKeys: ReadonlySet<string>,
    /** Which own properties are copied, when class-transformer hides some; `undefined`: all. */
    public readonly visibility: Visibility | undefined,
  ) {
    this.active = fields.size > 0 || plainKeys.size > 0 || visibility !== undefined;
    this.encrypted = [...fields.values()].filter((field) => field.action === 'encrypt');
    this.afterCopy = [...fields.values()].filter((field) => field.action === 'encrypt' || field.accessor);
  }

  /** What the copy loop does with the member `key`: its field plan, {@link PLAIN_DATA}, or nothing (`undefined`). */
  public roleOf(key: string): KeyRole {
    return this.fields.get(key) ?? (this.plainKeys.has(key) ? PLAIN_DATA : undefined);
  }

  /** Remembers the member order of `copy` (see {@link keyOrder}) and returns it. */
  public rememberKeyOrder(copy: object): readonly string[] {
    const keys = Object.keys(copy).slice(0, KEY_ORDER_LIMIT);
    this.keyRoles = keys.map((key) => this.roleOf(key));
    this.keyOrder = keys;
    return keys;
  }

  /**
   * `Class.property` of the first `@Encrypt` reachable from this class through declared nested
   * types (itself included), or `null`: a class that can hold encrypted data needs a provider
   * and cannot be masked synchronously, whether or not the current instance fills that property.
   */
  public encryptSource(): string | null {
    if (this.#encryptSource === undefined) this.#encryptSource = findEncrypt(this, new Set());
    return this.#encryptSource;
  }
}

/** The role of a property declared to hold plain data only (`plainKeys`). @internal */
export const PLAIN_DATA = 'plain data';
/** A member's role in the copy loop: its field plan, plain data, or nothing declared (`undefined`). @internal */
export type KeyRole = FieldPlan | typeof PLAIN_DATA | undefined;
/** How many member names a plan remembers in order (a bound on what one odd instance can make it hold). */
const KEY_ORDER_LIMIT = 64;

const findEncrypt = (plan: ClassPlan, visiting: Set<ClassPlan>): string | null => {
  if (plan.encrypted.length > 0) return `${plan.name}.${plan.encrypted[0]!.key}`;
  visiting.add(plan);
  for (const field of plan.fields.values()) {
    if (field.nested?.kind !== 'class') continue;
    const candidates = [field.nested.type, ...(field.nested.discriminator?.subTypes.map((entry) => entry.value) ?? [])];
    for (const candidate of candidates) {
      const nested = planOf(candidate);
      if (visiting.has(nested)) continue;
      const found = findEncrypt(nested, visiting);
      if (found !== null) return found;
    }
  }
  return null;
};

const plans = new WeakMap<Function, ClassPlan>();
let buildCount = 0;

/**
 * The cached plan of a class, built on first use. Cheap to call per value: one WeakMap lookup.
 * @internal
 */
export const planOf = (type: Function): ClassPlan => {
  const cached = plans.get(type);
  if (cached !== undefined) return cached;
  const plan = buildPlan(type);
  plans.set(type, plan);
  return plan;
};

/**
 * The plan of a declared nested class, kept on the declaration after the first lookup (one
 * property load instead of a WeakMap lookup per nested DTO). @internal
 */
export const planOfDeclared = (nested: Extract<NestedType, { kind: 'class' }>): ClassPlan => (nested.plan ??= planOf(nested.type)) as ClassPlan;

/** How many class plans were built since the process started: a counter for tests and benchmarks. */
export const getPlanBuildCount = (): number => buildCount;

const buildPlan = (type: Function): ClassPlan => {
  buildCount++;
  // Base class first, so a subclass's declarations extend and override its parents'.
  const chain: Function[] = [];
  for (let current: unknown = type; typeof current === 'function' && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    chain.unshift(current as Function);
  }
  const annotations = new Map<string, Annotation>();
  const declaredTypes = new Map<string, NestedType | undefined>();
  for (const current of chain) {
    ownAnnotations(current)?.forEach((annotation, key) => {
      annotations.set(key, annotation);
      // A standard decorator could not see its class: name it now, for messages.
      registerProtectedName(key, current.name || undefined, annotation.kind === 'encrypt');
    });
    const own = new Map<string, NestedType | undefined>();
    ownTypeDeclarations(current)?.forEach((declaration, key) => {
      own.set(key, nestedFromTypeDeclaration(declaration));
    });
    // The library's own declaration wins over class-transformer's on the same class.
    ownNestedDeclarations(current)?.forEach((declaration, key) => {
      own.set(key, nestedFromTypeDeclaration(declaration));
    });
    for (const [key, nested] of own) declaredTypes.set(key, nested);
  }
  const fields = new Map<string, FieldPlan>();
  const plainKeys = new Set<string>();
  const visibility = visibilityOf(chain);
  for (const key of new Set([...annotations.keys(), ...declaredTypes.keys()])) {
    if (visibility !== undefined && !isVisible(visibility, key)) continue;
    const annotation = annotations.get(key);
    const nested = declaredTypes.get(key);
    if (annotation === undefined && nested === undefined) {
      plainKeys.add(key);
      continue;
    }
    fields.set(key, {
      key,
      action: annotation?.kind ?? 'none',
      mask: annotation?.kind === 'erase' ? annotation.mask : undefined,
      context: annotation?.kind === 'encrypt' ? annotation.context : undefined,
      providerOptions: annotation?.kind === 'encrypt' ? annotation.providerOptions : undefined,
      nested,
      accessor: annotation?.kind === 'erase' && annotation.accessor === true,
    });
  }
  return new ClassPlan(type, type.name || '<anonymous class>', fields, plainKeys, visibility);
};
