/**
 * The walker's fast paths (for-in over a spread copy while Object.prototype is clean, copies of
 * untouched plain subtrees, one record of matched paths per walk) proven equivalent to the
 * general ones and to JSON's own view, on generated data holding what attackers send:
 * getters, own and inherited `toJSON()` (enumerable or not), class instances, null prototypes,
 * members named `__proto__`, `constructor` and `prototype`, `undefined` members.
 *
 * - against the general loop: the same erase with an enumerable member on Object.prototype
 *   (which switches every loop to own keys), and through a compiled eraser that shares what no
 *   path reaches (which takes the general loop too);
 * - against JSON: erasing the data equals erasing `JSON.parse(JSON.stringify(data))`;
 * - every getter is read exactly once, and the input is left as it was.
 */
import fc from 'fast-check';
import { DataMasking, compileEraser } from '../../src';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

type Recipe =
  | { kind: 'leaf'; value: string | number | boolean | null | undefined }
  | { kind: 'array'; items: Recipe[] }
  | { kind: 'object'; shape: Shape; view: ViewKind; members: Member[] };
type Shape = 'plain' | 'null' | 'class';
/** How the object shows itself to JSON: as its members, or through a toJSON() that hides `a`. */
type ViewKind = 'members' | 'own-toJSON' | 'hidden-toJSON' | 'class-toJSON';
interface Member {
  key: string;
  getter: boolean;
  value: Recipe;
}

const KEYS = ['password', 'email', 'id', 'a', 'b', '__proto__', 'constructor', 'prototype'];

const recipe: fc.Arbitrary<Recipe> = fc.letrec<{ node: Recipe }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('leaf' as const),
      value: fc.oneof(fc.constantFrom('x', 's3cret', ''), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null), fc.constant(undefined)),
    }),
    fc.record({ kind: fc.constant('array' as const), items: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({
      kind: fc.constant('object' as const),
      shape: fc.constantFrom<Shape>('plain', 'plain', 'null', 'class'),
      view: fc.constantFrom<ViewKind>('members', 'members', 'members', 'own-toJSON', 'hidden-toJSON', 'class-toJSON'),
      members: fc.uniqueArray(fc.record({ key: fc.constantFrom(...KEYS), getter: fc.boolean(), value: tie('node') }), {
        selector: (member) => member.key,
        maxLength: 4,
      }),
    }),
  ),
})).node;

class Record_ {}
class WithToJson {
  public toJSON(): unknown {
    return hideA(this);
  }
}

/** What a toJSON() here returns: the object's members but `a`, as a plain object. */
const hideA = (source: object): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (key !== 'a') Object.defineProperty(out, key, { value: (source as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
};

/** Builds fresh data from a recipe; `reads` counts each getter's reads. */
const build = (node: Recipe, reads: Map<string, number>, path = '$'): unknown => {
  if (node.kind === 'leaf') return node.value;
  if (node.kind === 'array') return node.items.map((item, index) => build(item, reads, `${path}[${index}]`));
  const target: object =
    node.view === 'class-toJSON' ? new WithToJson() : node.shape === 'class' ? new Record_() : node.shape === 'null' ? Object.create(null) : {};
  for (const member of node.members) {
    const where = `${path}.${member.key}`;
    const value = build(member.value, reads, where);
    if (member.getter) {
      reads.set(where, 0);
      Object.defineProperty(target, member.key, {
        get: () => {
          reads.set(where, reads.get(where)! + 1);
          return value;
        },
        enumerable: true,
        configurable: true,
      });
    } else {
      Object.defineProperty(target, member.key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  if (node.view === 'own-toJSON' || node.view === 'hidden-toJSON') {
    // A data snapshot of the members, so the toJSON() itself reads no getter.
    const snapshot = Object.fromEntries(node.members.filter((member) => member.key !== 'a').map((member) => [member.key, build(member.value, new Map())]));
    const toJSON = (): unknown =>
      Object.defineProperties(
        {},
        Object.fromEntries(Object.entries(snapshot).map(([key, value]) => [key, { value, enumerable: true, writable: true, configurable: true }])),
      );
    Object.defineProperty(target, 'toJSON', { value: toJSON, enumerable: node.view === 'own-toJSON', writable: true, configurable: true });
  }
  return target;
};

const FIELD_LISTS: readonly (readonly string[])[] = [
  ['$..password'],
  ['$..*'],
  ['$.*'],
  ['$..a.password', '$..b[*].email'],
  ['$..email', '$..id'],
  ['a', 'b.password'],
  ['$..[?(@.id > 0)].email'],
  ['$.*[?(@.id > 0)].password'],
  ['b[?(@.a)]'],
];

/**
 * A lone filter decides for each child alone (its fast path); a second path that stops at the
 * same children but never matches (`[99]`: arrays here are shorter) makes the walker take the general one.
 */
const FILTER_FAST_PATHS: readonly (readonly [string, string])[] = [
  ['$.*[?(@.id > 0)].password', '$.*[99].password'],
  ['b[?(@.a)]', 'b[99]'],
  ['$.a[?(@.email == "x")]', '$.a[99]'],
];

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };
const outcome = (run: () => unknown): Outcome => {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error: (error as Error).constructor.name };
  }
};

const masker = new DataMasking({ throwOnMissingField: false, logger: { warn: () => undefined } }); // a path that finds nothing is expected here
const erase = (data: unknown, fields: readonly string[]): Outcome => outcome(() => masker.erase(data, { fields: [...fields] }));

const withPollutedPrototype = <T>(run: () => T): T => {
  Object.defineProperty(Object.prototype, 'zzPolluted', { value: '*leak*', enumerable: true, configurable: true, writable: true });
  try {
    return run();
  } finally {
    delete (Object.prototype as Record<string, unknown>).zzPolluted;
  }
};

describe('the walker fast paths', () => {
  const cases = fc.tuple(recipe, fc.constantFrom(...FIELD_LISTS));

  it('gives what the general loop gives (Object.prototype polluted, or shared subtrees)', () => {
    fc.assert(
      fc.property(cases, ([node, fields]) => {
        const fast = erase(build(node, new Map()), fields);
        const general = withPollutedPrototype(() => erase(build(node, new Map()), fields));
        expect(general).toEqual(fast);
        const shared = outcome(() => compileEraser({ fields: [...fields], onMissingField: 'ignore', shareUnchanged: true })(build(node, new Map())));
        expect(JSON.stringify(shared)).toBe(JSON.stringify(fast));
      }),
      { numRuns: RUNS },
    );
  });

  it("gives what erasing JSON's own view gives", () => {
    fc.assert(
      fc.property(cases, ([node, fields]) => {
        const data = build(node, new Map());
        if (typeof data !== 'object' || data === null) return;
        const viaJson = JSON.parse(JSON.stringify(data)) as unknown;
        expect(erase(build(node, new Map()), fields)).toEqual(erase(viaJson, fields));
      }),
      { numRuns: RUNS },
    );
  });

  it('a lone filter selects what the general path selects', () => {
    fc.assert(
      fc.property(recipe, fc.constantFrom(...FILTER_FAST_PATHS), (node, [filter, neverMatching]) => {
        expect(erase(build(node, new Map()), [filter])).toEqual(erase(build(node, new Map()), [filter, neverMatching]));
      }),
      { numRuns: RUNS },
    );
  });

  it('reads no getter twice and leaves the input as it was', () => {
    fc.assert(
      fc.property(cases, ([node, fields]) => {
        if (fields.some((field) => field.includes('?('))) return; // a filter reads what it tests, too
        const reads = new Map<string, number>();
        const data = build(node, reads);
        const before = JSON.stringify(build(node, new Map()));
        const result = erase(data, fields);
        if (!result.ok) return;
        // A getter under a value replaced whole, or under a toJSON() view, is not read at all.
        for (const [where, count] of reads) expect([where, count]).toEqual([where, Math.min(count, 1)]);
        expect(JSON.stringify(data)).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });
});
