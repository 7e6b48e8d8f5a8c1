/**
 * Differential tests: for random documents and random paths from the grammar, the locations our
 * engine selects are exactly those jsonpath-plus (10.x, eval 'safe') selects for the same query.
 * The oracle path is printed from the same AST (see arbitraries.ts for how its filters are written
 * so that jsonpath-plus computes RFC 9535 semantics, and which of its quirks are kept out).
 */
import fc from 'fast-check';
import { JSONPath } from 'jsonpath-plus';
import { compilePath } from '../../src/jsonpath/compile';
import { selectLocations } from '../../src/jsonpath/walk';
import { type Json, type Location, type PathAst, allLocations, documentAndPath, hasFilter, locationKey, printOraclePath, printPath } from './arbitraries';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);

/**
 * jsonpath-plus's `$['a'][0]['d e']` → `['a', 0, 'd e']`. It prints a member named "0" as `[0]`
 * too, so a bracketed number is an index only where the document holds an array.
 */
const parseOracleLocation = (json: Json, text: string): Location => {
  const location: (string | number)[] = [];
  const step = /\['([^']*)'\]|\[(\d+)\]/gy;
  if (!text.startsWith('$')) throw new Error(`unexpected oracle path ${text}`);
  step.lastIndex = 1;
  let container: unknown = json;
  while (step.lastIndex < text.length) {
    const match = step.exec(text);
    if (match === null) throw new Error(`unexpected oracle path ${text}`);
    const k = match[1] ?? (Array.isArray(container) ? Number(match[2]) : match[2]!);
    location.push(k);
    container = typeof container === 'object' && container !== null ? (container as Record<string | number, unknown>)[k] : undefined;
  }
  return location;
};

/** True when every step of `location` goes from an object or array to one of its own members. */
const isNodeOf = (json: Json, location: Location): boolean => {
  let value: unknown = json;
  for (const k of location) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, k)) return false;
    value = (value as Record<string | number, unknown>)[k];
  }
  return true;
};

const oracle = (json: Json, path: string, ignoreEvalErrors = false): string[] => {
  const found = JSONPath({ path, json: json as object, resultType: 'path', wrap: true, ignoreEvalErrors }) as string[] | undefined;
  return (
    (found ?? [])
      .map((text) => parseOracleLocation(json, text))
      // jsonpath-plus quirk: an index applies to strings too (`$.a[0]` on {"a":"xy"} selects "x",
      // via Object.hasOwn('xy', '0')); RFC 9535 and our engine index arrays only. Such "locations"
      // are not nodes of the document, so they are dropped from the oracle's answer.
      .filter((location) => isNodeOf(json, location))
      .map(locationKey)
  );
};

const ours = (json: Json, path: string): Location[] => selectLocations(json, compilePath(path));

/** Sorted unique location keys. */
const asSet = (keys: readonly string[]): string[] => [...new Set(keys)].sort();

/** Compares with the oracle; returns how many locations were selected. */
const checkAgainstOracle = (json: Json, ast: PathAst): number => {
  const ourPath = printPath(ast);
  const oraclePath = printOraclePath(ast);
  const selected = ours(json, ourPath);
  const expected = asSet(oracle(json, oraclePath));
  const actual = selected.map(locationKey);
  // Same SET of locations as jsonpath-plus ...
  expect({ path: ourPath, oraclePath, locations: asSet(actual) }).toEqual({ path: ourPath, oraclePath, locations: expected });
  // ... each reported once, in document (pre-)order.
  expect(new Set(actual).size).toBe(actual.length);
  const order = new Map(allLocations(json).map((location, index) => [locationKey(location), index]));
  const positions = actual.map((k) => order.get(k)!);
  expect(positions).toEqual([...positions].sort((x, y) => x - y));
  return selected.length;
};

/** The path with every filter replaced by a wildcard: what the filters chose from. */
const withoutFilters = (ast: PathAst): PathAst => ({
  ...ast,
  segments: ast.segments.map((segment) => ({
    ...segment,
    selectors: segment.selectors.map((selector) => (selector.kind === 'filter' ? { kind: 'wildcard' as const } : selector)),
  })),
});

describe('path engine vs jsonpath-plus (differential)', () => {
  it('selects the same locations for paths without filters', () => {
    let hits = 0;
    fc.assert(
      fc.property(documentAndPath({ filters: false }), ([json, ast]) => {
        if (checkAgainstOracle(json, ast) > 0) hits++;
      }),
      { numRuns: RUNS },
    );
    // The generator aims paths at existing locations: most runs must select something.
    expect(hits).toBeGreaterThan(RUNS * 0.5);
  });

  it('selects the same locations for paths with filters (comparisons, =~, existence, && || ! and parentheses)', () => {
    let hits = 0;
    let discriminating = 0;
    fc.assert(
      fc.property(
        documentAndPath({ filters: true }).filter(([, ast]) => hasFilter(ast)),
        ([json, ast]) => {
          const count = checkAgainstOracle(json, ast);
          if (count > 0) hits++;
          if (count > 0 && count < ours(json, printPath(withoutFilters(ast))).length) discriminating++;
        },
      ),
      { numRuns: RUNS },
    );
    // Filters must both keep and reject candidates often enough for the comparison to mean something.
    expect(hits).toBeGreaterThan(RUNS * 0.3);
    expect(discriminating).toBeGreaterThan(RUNS * 0.1);
  });

  it('selects the same locations with or without the leading $', () => {
    fc.assert(
      fc.property(documentAndPath(), ([json, ast]) => {
        const withDollar = printPath({ ...ast, omitDollar: false });
        const maybeWithout = printPath({ ...ast, omitDollar: true });
        expect(ours(json, maybeWithout).map(locationKey)).toEqual(ours(json, withDollar).map(locationKey));
      }),
      { numRuns: RUNS },
    );
  });

  it('a union selects the union of what its members select', () => {
    fc.assert(
      fc.property(
        documentAndPath({ filters: true }).filter(([, ast]) => ast.segments.some((s) => s.selectors.length > 1)),
        ([json, ast]) => {
          const at = ast.segments.findIndex((s) => s.selectors.length > 1);
          const union = ast.segments[at]!;
          const separately = union.selectors.flatMap((selector) =>
            ours(json, printPath({ ...ast, segments: ast.segments.map((s, i) => (i === at ? { ...s, selectors: [selector] } : s)) })).map(locationKey),
          );
          expect(asSet(ours(json, printPath(ast)).map(locationKey))).toEqual(asSet(separately));
        },
      ),
      { numRuns: RUNS },
    );
  });

  // Fixed examples of every syntax form, so a regression names the form directly.
  const document: Json = {
    a: [{ b: 1, 'd e': 'x', c: { b: 2 } }, { b: 'x y', c: null }, [5, 6, { b: 7 }], 3],
    b: { b: { b: true } },
    c: null,
    'd e': { 'f-g': 'X' },
    'f-g': [1.5, -0.5, 'xy'],
  };
  it.each([
    ['$.a[0].b', "$['a'][0]['b']"],
    ['b.b', "$['b']['b']"],
    ["a[0]['d e']", "$['a'][0]['d e']"],
    ['$["d e"]["f-g"]', "$['d e']['f-g']"],
    ['f-g[2]', "$['f-g'][2]"],
    ['$.a[-1]', '$.a[-1:]'],
    ['$.a[-2]', '$.a[-2:-1]'],
    ['$.a[*]', '$.a[*]'],
    ['$.a.*', '$.a.*'],
    ['*', '$.*'],
    ['$..b', '$..b'],
    ['a..b', '$.a..b'],
    ["$..['b','c']", '$..[b,c]'],
    ['$.a[0:2]', '$.a[0:2]'],
    ['$.a[::2]', '$.a[::2]'],
    ['$.a[1:]', '$.a[1:]'],
    ['$.a[-3:-1]', '$.a[-3:-1]'],
    ['$.a[0,2]', '$.a[0,2]'],
    ["$['a','b']", '$[a,b]'],
    ['$.a[?(@.b == 1)]', '$.a[?(@.b === 1)]'],
    ["$.a[?(@.b == 'x y')]", "$.a[?(@.b === 'x y')]"],
    ['$..[?(@.b > 1)]', "$..[?(typeof @.b === 'number' && @.b > 1)]"],
    ['$.a[?(@.b >= 1 && @.b < 7)]', "$.a[?(typeof @.b === 'number' && @.b >= 1 && @.b < 7)]"],
    ['$.a[?(@.b == 1 || @.c == null)]', '$.a[?(@.b === 1 || @.c === null)]'],
    ['$.a[?(!(@.b == 1))]', '$.a[?(!(@.b === 1))]'],
    ['$.a[?((@.b == 1 || @.b == 7) && @.c)]', '$.a[?((@.b === 1 || @.b === 7) && @.c !== undefined)]'],
    ['$.a[?(@.c.b == 2)]', '$.a[?(@.c && @.c.b === 2)]'],
    ["$.a[?(@['d e'] == 'x')]", "$.a[?(@['d e'] === 'x')]"],
    ['$.a[?(@.b =~ /^x/)]', "$.a[?(typeof @.b === 'string' && @.b.search('^x') !== -1)]"],
    ['$["f-g"][?(@ =~ /^X/i)]', "$['f-g'][?(typeof @ === 'string' && @.toLowerCase().search('^x') !== -1)]"],
    ['$.a[?(@.c)]', '$.a[?(@.c !== undefined)]'],
    ['$..[?(@.b)]', '$..[?(@.b !== undefined)]'],
    ['$.b[?(@.b)]', '$.b[?(@.b !== undefined)]'],
    ['$.a[?(@.b == $.a[0].b)]', '$.a[?(@.b === @root.a[0].b)]'],
  ])('%s selects what jsonpath-plus selects for %s', (ourPath, oraclePath) => {
    // Hand-written oracle filters read `@.b` of null members: let jsonpath-plus treat that as false.
    const expected = asSet(oracle(document, oraclePath, true));
    expect(expected.length).toBeGreaterThan(0);
    expect(asSet(ours(document, ourPath).map(locationKey))).toEqual(expected);
  });

  it('existence is not truthiness: [?(@.b)] keeps members whose b is false, 0, null or empty', () => {
    const json: Json = [{ b: false }, { b: 0 }, { b: null }, { b: '' }, { c: 1 }];
    expect(ours(json, '$[?(@.b)]')).toEqual([[0], [1], [2], [3]]);
    // jsonpath-plus tests truthiness, which is why the differential oracle is written `!== undefined`.
    expect(oracle(json, '$[?(@.b)]')).toEqual([]);
  });

  it('an index never reaches into a string (jsonpath-plus quirk, dropped from its answers above)', () => {
    const json: Json = { a: ['xy'] };
    expect(ours(json, '$.a[0][0]')).toEqual([]);
    expect(ours(json, '$.a[*][-1]')).toEqual([]);
    expect(JSONPath({ path: '$.a[0][0]', json, resultType: 'path' })).toEqual(["$['a'][0][0]"]);
  });
});
