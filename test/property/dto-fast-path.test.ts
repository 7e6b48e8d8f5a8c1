/**
 * The DTO interpreter's copy loop (one pass over a spread copy of the instance, members read
 * through the for-in key, an `@Erase` member masked as the loop meets it) proven against a model,
 * on generated DTOs holding what attackers send: own getters, members named `__proto__`,
 * `constructor` and `prototype`, `undefined` members, nested DTOs as instances or as plain objects
 * where a DTO is declared, arrays of them, and values of every JSON kind under `@Erase` properties.
 *
 * - the result is the model, member order included: the JSON view of the DTO with each `@Erase`
 *   member replaced by its rule's general mask (the leaf walk, `toValueMask`) and declared nested
 *   values masked by their class;
 * - the same with an enumerable member on Object.prototype (which switches the loop to own keys),
 *   and whatever member order a class's plan remembered from its first instance;
 * - every getter is read exactly once, and the input is left as it was.
 */
import fc from 'fast-check';
import { DataMasking, Erase, MaskNested } from '../../src';
import { type ValueMask, compileMaskingRule, toValueMask } from '../../src/masks/compile-rule';
import type { MaskingRule } from '../../src/types';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const general = (rule: MaskingRule | undefined): ValueMask => toValueMask(compileMaskingRule(rule, 'model', 'options'));

class Inner {
  @Erase() secret: unknown;
  @Erase({ dynamicMask: true }) phone: unknown;
}

class Outer {
  @Erase() email: unknown;
  @Erase({ customMask: 'XXXX' }) card: unknown;
  @MaskNested(() => Inner) inner: unknown;
  @MaskNested(() => Inner) list: unknown;
}

type TypeName = 'Inner' | 'Outer';
const ERASED: Record<TypeName, Record<string, ValueMask>> = {
  Inner: { secret: general(undefined), phone: general({ dynamicMask: true }) },
  Outer: { email: general(undefined), card: general({ customMask: 'XXXX' }) },
};

/** Plain data. Its members are never named like a protected property (that is refused as an undeclared DTO, tested elsewhere). */
type Data = string | number | boolean | null | undefined | Data[] | { [key: string]: Data };
const DATA_KEYS = ['a', 'id', '__proto__', 'constructor', 'prototype'];

/** An object with these own members (`__proto__` included, as data). */
const objectOf = <T>(entries: readonly (readonly [string, T])[]): { [key: string]: T } => {
  const object: { [key: string]: T } = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
};

const data: fc.Arbitrary<Data> = fc.letrec<{ node: Data }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Data>('x', 's3cret-1 2.3', '', '😀-x', 0, -2.5, true, null, undefined),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.uniqueArray(fc.tuple(fc.constantFrom(...DATA_KEYS), tie('node')), { selector: ([key]) => key, maxLength: 3 }).map((entries) => objectOf(entries)),
  ),
})).node;

interface DtoRecipe {
  readonly kind: 'dto';
  readonly type: TypeName;
  /** Built as a plain object (where a DTO is declared, masked by the declared class) rather than an instance. */
  readonly plain: boolean;
  readonly members: readonly MemberRecipe[];
}
/** A declared array of nested DTOs (or plain data where they are declared). */
interface ListRecipe {
  readonly kind: 'list';
  readonly items: readonly (Data | DtoRecipe)[];
}
type Value = Data | DtoRecipe | ListRecipe;
interface MemberRecipe {
  readonly key: string;
  readonly getter: boolean;
  readonly value: Value;
}

const isDto = (value: unknown): value is DtoRecipe => typeof value === 'object' && value !== null && (value as DtoRecipe).kind === 'dto';
const isList = (value: unknown): value is ListRecipe => typeof value === 'object' && value !== null && (value as ListRecipe).kind === 'list';

/** Some of the candidate members, each with or without a getter, in any order. */
const membersOf = (candidates: readonly (readonly [string, fc.Arbitrary<Value>])[]): fc.Arbitrary<MemberRecipe[]> =>
  fc
    .tuple(...candidates.map(([key, value]) => fc.option(fc.record({ key: fc.constant(key), getter: fc.boolean(), value }), { nil: undefined })))
    .map((members) => members.filter((member): member is MemberRecipe => member !== undefined))
    .chain((members) => fc.shuffledSubarray(members, { minLength: members.length, maxLength: members.length }));

const dataMembers = DATA_KEYS.map((key) => [key, data] as const);

const inner: fc.Arbitrary<DtoRecipe> = fc.record({
  kind: fc.constant('dto' as const),
  type: fc.constant('Inner' as const),
  plain: fc.boolean(),
  members: membersOf([['secret', data], ['phone', data], ...dataMembers]),
});

const outer: fc.Arbitrary<DtoRecipe> = fc.record({
  kind: fc.constant('dto' as const),
  type: fc.constant('Outer' as const),
  plain: fc.constant(false),
  members: membersOf([
    ['email', data],
    ['card', data],
    ['inner', fc.oneof(inner, data)],
    ['list', fc.oneof(fc.record({ kind: fc.constant('list' as const), items: fc.array(fc.oneof(inner, data), { maxLength: 3 }) }), data)],
    ...dataMembers,
  ]),
});

/** Builds the input DTO; each getter counts its reads in `reads`. */
const build = (recipe: DtoRecipe, reads: number[]): object => {
  const target = recipe.plain ? {} : recipe.type === 'Inner' ? new Inner() : new Outer();
  for (const { key, getter, value } of recipe.members) {
    const built = isList(value) ? value.items.map((item) => (isDto(item) ? build(item, reads) : item)) : isDto(value) ? build(value, reads) : value;
    if (getter) {
      const slot = reads.push(0) - 1;
      Object.defineProperty(target, key, {
        get: () => {
          reads[slot]!++;
          return built;
        },
        enumerable: true,
        configurable: true,
      });
    } else {
      Object.defineProperty(target, key, { value: built, enumerable: true, writable: true, configurable: true });
    }
  }
  return target;
};

const jsonOf = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/** What masking must give, from the recipe alone (the input's getters are not read). */
const model = (recipe: DtoRecipe): Record<string, unknown> =>
  objectOf(
    recipe.members
      .filter(({ value }) => value !== undefined)
      .map(({ key, value }) => {
        const erased = ERASED[recipe.type];
        if (Object.hasOwn(erased, key)) return [key, erased[key]!(value)] as const;
        if (isList(value)) return [key, value.items.map((item) => (isDto(item) ? model(item) : item === undefined ? null : jsonOf(item)))] as const;
        return [key, isDto(value) ? model(value) : jsonOf(value)] as const;
      }),
  );

/**
 * Where two trees differ (prototypes, own keys in order, leaves), or `undefined`: Jest's own
 * equality reads `.constructor`, which here is data.
 */
const difference = (received: unknown, expected: unknown, at = '$'): string | undefined => {
  if (typeof expected !== 'object' || expected === null)
    return Object.is(received, expected) ? undefined : `${at}: ${String(received)} !== ${String(expected)}`;
  if (typeof received !== 'object' || received === null) return `${at}: not an object`;
  if (Object.getPrototypeOf(received) !== Object.getPrototypeOf(expected)) return `${at}: another prototype`;
  const keys = Reflect.ownKeys(received);
  const expectedKeys = Reflect.ownKeys(expected);
  if (JSON.stringify(keys) !== JSON.stringify(expectedKeys)) return `${at}: keys ${JSON.stringify(keys)} !== ${JSON.stringify(expectedKeys)}`;
  for (const key of expectedKeys) {
    const inner = difference(
      Object.getOwnPropertyDescriptor(received, key)!.value,
      Object.getOwnPropertyDescriptor(expected, key)!.value,
      `${at}.${String(key)}`,
    );
    if (inner !== undefined) return inner;
  }
  return undefined;
};

const masker = new DataMasking();

const maskPolluted = (dto: object): unknown => {
  Object.defineProperty(Object.prototype, 'polluted', { value: 'x', enumerable: true, writable: true, configurable: true });
  try {
    return masker.maskSync(dto);
  } finally {
    delete (Object.prototype as { polluted?: unknown }).polluted;
  }
};

describe('DTO copy loop', () => {
  it.each([
    ['clean Object.prototype', (dto: object): unknown => masker.maskSync(dto)],
    ['enumerable member on Object.prototype', maskPolluted],
  ])('gives the model, reads each getter once and leaves the input as it was (%s)', (_situation, mask) => {
    fc.assert(
      fc.property(outer, (recipe) => {
        const before = JSON.stringify(recipe);
        const expected = model(recipe);
        const reads: number[] = [];
        const dto = build(recipe, reads);
        const keys = Reflect.ownKeys(dto);
        const result = mask(dto);
        expect(difference(result, expected)).toBeUndefined();
        expect(reads.every((count) => count === 1)).toBe(true);
        expect(Reflect.ownKeys(dto)).toEqual(keys);
        expect(Object.getPrototypeOf(dto)).toBe(Outer.prototype);
        expect(JSON.stringify(recipe)).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('masks members in any order, however many, whatever order the class first met', () => {
    class Wide {
      @Erase() secret: unknown;
      @MaskNested(() => Object) data: unknown;
    }
    const many = Array.from({ length: 80 }, (_, index) => [`m${index}`, index] as const);
    const first = Object.assign(new Wide(), Object.fromEntries(many), { secret: 's', data: { secret: 'plain' } });
    const reversed = Object.assign(new Wide(), { data: { secret: 'plain' }, secret: 's' }, Object.fromEntries([...many].reverse()));
    const expected = { ...Object.fromEntries(many), secret: '*****', data: { secret: 'plain' } };
    expect(masker.maskSync(first)).toStrictEqual(expected);
    expect(masker.maskSync(reversed)).toStrictEqual(expected);
    expect(masker.maskSync(Object.assign(new Wide(), { secret: 's' }))).toStrictEqual({ secret: '*****' });
    expect(masker.maskSync(first)).toStrictEqual(expected);
  });

  it('masks an @Erase member named like an Object.prototype member only when it is the DTO own', () => {
    class Odd {
      @Erase() toString: unknown;
      @Erase() hasOwnProperty: unknown;
      kept = 'k';
    }
    expect(masker.maskSync(new Odd())).toStrictEqual({ kept: 'k' });
    expect(masker.maskSync(Object.assign(new Odd(), { toString: 'a', hasOwnProperty: 'b' }))).toStrictEqual({
      toString: '*****',
      hasOwnProperty: '*****',
      kept: 'k',
    });
  });
});
