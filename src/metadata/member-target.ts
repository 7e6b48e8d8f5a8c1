import { DataMaskingInvalidOptionsError } from '../errors';
import { reflectMetadata } from './reflect';
// Defines Symbol.metadata first: a class with standard decorators reads it before the first decorator runs.
import './symbol-metadata';

/**
 * What a TC39 (standard) decorator receives as its second argument (only what is read here).
 * TypeScript without `experimentalDecorators`, esbuild and swc (`decoratorVersion: "2022-03"`
 * or later) pass it. @internal
 */
export interface StandardContext {
  readonly kind: string;
  readonly name: string | symbol;
  readonly static?: boolean;
  readonly private?: boolean;
  readonly metadata?: object;
}

/** Whether a decorator's second argument is a standard decorator context (legacy passes a property key). @internal */
export const isStandardContext = (value: unknown): value is StandardContext =>
  typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';

const METADATA_SYMBOLS: readonly symbol[] = [...new Set([(Symbol as unknown as { metadata: symbol }).metadata, Symbol.for('Symbol.metadata')])];

/** The metadata object standard decorators filled for `type` itself (not inherited from a parent class). */
const ownStandardMetadata = (type: Function): object | undefined => {
  for (const symbol of METADATA_SYMBOLS) {
    const metadata = Object.getOwnPropertyDescriptor(type, symbol)?.value as unknown;
    if (typeof metadata === 'object' && metadata !== null) return metadata;
  }
  return undefined;
};

/**
 * One decorated property, whichever decorator form applied it: where the class keeps what its
 * own properties declare (legacy: reflect-metadata on the constructor; standard: the class's
 * `context.metadata` object, which becomes `Class[Symbol.metadata]`), so both forms record the
 * same plan and {@link ownRecords} reads either.
 * @internal
 */
export interface MemberTarget {
  readonly property: string;
  /** What was decorated: a data field, a getter (or a standard `accessor`), a setter alone, or a method. */
  readonly kind: MemberKind;
  /** `Class.property` (legacy), or `property` (a standard field decorator does not see its class). */
  readonly description: string;
  /** The prototype, for legacy decorators only (what class-transformer's decorators take). */
  readonly prototype: object | undefined;
  /** The class's own map under `key`, created (empty) when missing; `created` tells which. */
  ownMap<T>(key: symbol): { readonly map: Map<string, T>; readonly created: boolean };
}

/** @internal */
export type MemberKind = 'field' | 'getter' | 'setter-only' | 'method';

/**
 * What a legacy decorator was applied to, from the descriptor TypeScript passes for accessors and
 * methods (none for a field). @internal
 */
export const memberKind = (descriptor: unknown): MemberKind => {
  if (typeof descriptor !== 'object' || descriptor === null) return 'field';
  const { get, set, value } = descriptor as PropertyDescriptor;
  if (typeof get === 'function') return 'getter';
  if (typeof set === 'function') return 'setter-only';
  return typeof value === 'function' ? 'method' : 'field';
};

/** A standard decorator's `context.kind`; an auto-`accessor` exposes its value through a getter. */
const STANDARD_KINDS: Readonly<Record<string, MemberKind>> = { field: 'field', accessor: 'getter', getter: 'getter', setter: 'setter-only', method: 'method' };

/**
 * Reads the arguments of a property decorator in either form, validates what it decorates and
 * returns where to record it.
 * @throws DataMaskingInvalidOptionsError for a static, private, symbol or non-property member
 * @internal
 */
export const memberTarget = (decorator: string, first: unknown, second: unknown, descriptor?: unknown): MemberTarget => {
  if (isStandardContext(second)) return standardTarget(decorator, second);
  if (typeof first === 'function') {
    throw new DataMaskingInvalidOptionsError(`${decorator} applies to instance properties, not to the static ${first.name}.${String(second)}`);
  }
  if (typeof first !== 'object' || first === null || (typeof second !== 'string' && typeof second !== 'symbol')) {
    throw new DataMaskingInvalidOptionsError(`${decorator} decorates a class property (legacy or standard decorators)`);
  }
  const prototype = first;
  const description = `${(prototype as { constructor?: { name?: string } }).constructor?.name || '<anonymous class>'}.${String(second)}`;
  if (typeof second !== 'string') throw new DataMaskingInvalidOptionsError(`${decorator} cannot decorate the symbol property ${description}`);
  const type = (prototype as { constructor: Function }).constructor;
  return {
    property: second,
    kind: memberKind(descriptor),
    description,
    prototype,
    ownMap<T>(key: symbol) {
      const reflect = reflectMetadata();
      const existing = reflect.getOwnMetadata(key, type) as Map<string, T> | undefined;
      if (existing !== undefined) return { map: existing, created: false };
      const map = new Map<string, T>();
      reflect.defineMetadata(key, map, type);
      return { map, created: true };
    },
  };
};

const standardTarget = (decorator: string, context: StandardContext): MemberTarget => {
  const { name, kind, metadata } = context;
  const member = Object.hasOwn(STANDARD_KINDS, kind) ? STANDARD_KINDS[kind] : undefined;
  if (member === undefined) throw new DataMaskingInvalidOptionsError(`${decorator} decorates a class property, not a ${kind}`);
  if (typeof name !== 'string') throw new DataMaskingInvalidOptionsError(`${decorator} cannot decorate the symbol property ${String(name)}`);
  if (context.static === true) throw new DataMaskingInvalidOptionsError(`${decorator} applies to instance properties, not to the static ${name}`);
  if (context.private === true) {
    throw new DataMaskingInvalidOptionsError(`${decorator} cannot decorate the private ${name}: private members are never output, nothing to mask`);
  }
  if (typeof metadata !== 'object' || metadata === null) {
    throw new DataMaskingInvalidOptionsError(
      `${decorator} on ${name}: this compiler gave the standard decorator no context.metadata; define Symbol.metadata before the class is defined ` +
        '(import lambda-data-masking first), or enable "experimentalDecorators"',
    );
  }
  return {
    property: name,
    kind: member,
    description: name,
    prototype: undefined,
    ownMap<T>(key: symbol) {
      // Metadata objects inherit from the parent class's: only an own map belongs to this class.
      if (Object.hasOwn(metadata, key)) return { map: (metadata as Record<symbol, Map<string, T>>)[key]!, created: false };
      const map = new Map<string, T>();
      Object.defineProperty(metadata, key, { value: map, enumerable: false, configurable: false, writable: false });
      return { map, created: true };
    },
  };
};

/**
 * What the decorators of `type` itself recorded under `key` (not its parents'), from either
 * decorator form. @internal
 */
export const ownRecords = <T>(key: symbol, type: Function): ReadonlyMap<string, T> | undefined => {
  const metadata = ownStandardMetadata(type);
  const standard = metadata !== undefined && Object.hasOwn(metadata, key) ? (metadata as Record<symbol, Map<string, T>>)[key] : undefined;
  const global = Reflect as unknown as { getOwnMetadata?: unknown };
  // Without reflect-metadata loaded, no legacy decorator of ours has run.
  const legacy = typeof global.getOwnMetadata === 'function' ? (reflectMetadata().getOwnMetadata(key, type) as Map<string, T> | undefined) : undefined;
  if (standard === undefined) return legacy;
  if (legacy === undefined) return standard;
  return new Map([...legacy, ...standard]);
};
