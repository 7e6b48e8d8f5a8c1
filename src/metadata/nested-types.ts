import { DataMaskingInvalidOptionsError } from '../errors';
import { ownRecords } from './member-target';

/**
 * The static type of a property that holds a DTO, an array of DTOs or a Date: what `unmask`
 * instantiates, and how `mask` reads a plain object found where a DTO is declared.
 * @internal
 */
export type NestedType =
  | { readonly kind: 'date' }
  | {
      readonly kind: 'class';
      readonly type: Function;
      /** class-transformer's `@Type(() => Base, { discriminator })`: the subclass is named by a property. */
      readonly discriminator?: Discriminator;
      /** The class's plan, memoised by the plan module on first use. */
      plan?: unknown;
    };

/** @internal */
export interface Discriminator {
  readonly property: string;
  readonly subTypes: readonly { readonly name: string; readonly value: Function }[];
  readonly keepProperty: boolean;
}

/** class-transformer 0.5's type metadata record (only what is read here), also what `@MaskNested` records. @internal */
export interface NestedDeclaration {
  typeFunction?: (options?: object) => unknown;
  options?: {
    discriminator?: { property?: unknown; subTypes?: readonly { name?: unknown; value?: unknown }[] };
    keepDiscriminatorProperty?: boolean;
  };
}

/** class-transformer 0.5's `@Expose` / `@Exclude` record (only what is read here). @internal */
export interface VisibilityMetadata {
  /** `undefined` for the class-level decorator. */
  propertyName?: string;
  options?: {
    toClassOnly?: unknown;
    toPlainOnly?: unknown;
    groups?: unknown;
    since?: unknown;
    until?: unknown;
  };
}

/** class-transformer's `MetadataStorage`: per class, per property name (`undefined`: the class itself). @internal */
export interface ClassTransformerStorage {
  _typeMetadatas?: Map<Function, Map<string, NestedDeclaration>>;
  _exposeMetadatas?: Map<Function, Map<string | undefined, VisibilityMetadata>>;
  _excludeMetadatas?: Map<Function, Map<string | undefined, VisibilityMetadata>>;
}

let storage: ClassTransformerStorage | null | undefined;

/**
 * class-transformer's metadata storage, required on first use only (the first plan built),
 * or `null` when class-transformer is not installed. A bundle may hold another copy of
 * class-transformer (its ESM build) whose metadata is out of reach: `@MaskNested` is not.
 * @internal
 */
export const classTransformerStorage = (): ClassTransformerStorage | null => {
  if (storage === undefined) {
    try {
      storage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: ClassTransformerStorage }).defaultMetadataStorage;
    } catch {
      storage = null;
    }
  }
  return storage;
};

/**
 * The key under which `@MaskNested` keeps a class's own declarations (see `ownRecords`).
 * @internal
 */
export const NESTED_KEY = Symbol.for('lambda-data-masking:nested');

/** The `@MaskNested` declarations of one class itself (not its parents), by property. @internal */
export const ownNestedDeclarations = (type: Function): ReadonlyMap<string, NestedDeclaration> | undefined => ownRecords<NestedDeclaration>(NESTED_KEY, type);

/** The class-transformer `@Type()` declarations of one class itself (not its parents), by property. @internal */
export const ownTypeDeclarations = (type: Function): ReadonlyMap<string, NestedDeclaration> | undefined => {
  const declarations = classTransformerStorage()?._typeMetadatas;
  return declarations instanceof Map ? declarations.get(type) : undefined;
};

/** Resolves a class-transformer `@Type()` declaration (its thunk is called now, when every class exists). @internal */
export const nestedFromTypeDeclaration = (declaration: NestedDeclaration): NestedType | undefined => {
  const resolved = typeof declaration.typeFunction === 'function' ? declaration.typeFunction({}) : undefined;
  // Own members only (`@Type`'s options are the user's object): a polluted Object.prototype declares no discriminator.
  const options = declaration.options;
  const discriminator = options !== undefined && Object.hasOwn(options, 'discriminator') ? options.discriminator : undefined;
  if (
    typeof discriminator === 'object' &&
    discriminator !== null &&
    Object.hasOwn(discriminator, 'property') &&
    Object.hasOwn(discriminator, 'subTypes') &&
    typeof discriminator.property === 'string' &&
    Array.isArray(discriminator.subTypes)
  ) {
    const subTypes = discriminator.subTypes
      .filter((entry) => typeof entry?.name === 'string' && typeof entry.value === 'function')
      .map((entry) => ({ name: entry.name as string, value: entry.value as Function }));
    const base = typeof resolved === 'function' ? resolved : Object;
    return {
      kind: 'class',
      type: base,
      plan: undefined,
      discriminator: {
        property: discriminator.property,
        subTypes,
        keepProperty: Object.hasOwn(options!, 'keepDiscriminatorProperty') && options!.keepDiscriminatorProperty === true,
      },
    };
  }
  return typeof resolved === 'function' ? nestedFromDesignType(resolved) : undefined;
};

const NOT_DTO_TYPES: ReadonlySet<unknown> = new Set<unknown>([
  Object,
  Array,
  String,
  Number,
  Boolean,
  Symbol,
  BigInt,
  Function,
  Promise,
  Map,
  Set,
  WeakMap,
  WeakSet,
  RegExp,
  Error,
  ArrayBuffer,
  DataView,
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
  typeof Buffer === 'function' ? Buffer : Object,
]);

const DATE_TYPE: NestedType = { kind: 'date' };

const nestedFromDesignType = (type: Function): NestedType | undefined => {
  if (type === Date) return DATE_TYPE;
  if (NOT_DTO_TYPES.has(type) || type.prototype === undefined) return undefined;
  // Every member present, even when undefined: a polluted Object.prototype must not supply one.
  return { kind: 'class', type, plan: undefined, discriminator: undefined };
};

/**
 * The class a value of `nested` becomes: the discriminator's subclass when the value names one,
 * else the declared class. A discriminator that names none of the subtypes is refused rather
 * than read as the base class (as class-transformer does): a member only a subclass protects
 * would then pass in clear. The message names the property, never its value. @internal
 */
export const classFor = (nested: Extract<NestedType, { kind: 'class' }>, value: object): Function => {
  const { discriminator } = nested;
  if (discriminator === undefined) return nested.type;
  const name = Object.hasOwn(value, discriminator.property) ? (value as Record<string, unknown>)[discriminator.property] : undefined;
  const subType = discriminator.subTypes.find((entry) => entry.name === name)?.value;
  if (subType !== undefined) return subType;
  throw new DataMaskingInvalidOptionsError(
    `A nested ${nested.type.name || 'DTO'} value's discriminator ${JSON.stringify(discriminator.property).slice(0, 80)} names none of its declared subtypes: ` +
      'it is refused rather than masked as the base class (add the subtype to the discriminator)',
  );
};
