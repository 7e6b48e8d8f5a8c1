/**
 * Properties of `DataMasking.erase` with `fields`, for random documents and random paths:
 * the result is exactly the input with every selected location masked, the input is never
 * mutated, no erased value survives anywhere, nothing is shared with the input, erasing twice
 * equals erasing once, and the order of `fields` never matters.
 */
import fc from 'fast-check';
import { DataMasking } from '../../src/DataMasking';
import { DataMaskingFieldNotFoundError } from '../../src/errors';
import { compilePath } from '../../src/jsonpath/compile';
import { selectLocations } from '../../src/jsonpath/walk';
import { type Json, type Location, canaryDocument, collectObjects, deepFreeze, documentAndPaths, locationKey, printPath, valueAt } from './arbitraries';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);
const MASK = '*****';

const strict = new DataMasking();
const lenient = new DataMasking({ throwOnMissingField: false, logger: { warn: () => undefined } });

const selectionOf = (json: Json, fields: readonly string[]): Location[] => {
  const seen = new Map<string, Location>();
  for (const field of fields) for (const location of selectLocations(json, compilePath(field))) seen.set(locationKey(location), location);
  return [...seen.values()];
};

const isPrefix = (prefix: Location, location: Location): boolean => prefix.length <= location.length && prefix.every((k, i) => location[i] === k);

/** The outermost selected locations: those not inside another selected one. */
const outermost = (selected: readonly Location[]): Location[] => {
  const chosen: Location[] = [];
  for (const location of [...selected].sort((x, y) => x.length - y.length)) {
    if (!chosen.some((prefix) => isPrefix(prefix, location))) chosen.push(location);
  }
  return chosen;
};

/** The reference result: a copy of `json` with each outermost selected value masked. */
const model = (json: Json, selected: readonly Location[]): Json => {
  let result = structuredClone(json);
  for (const location of outermost(selected)) {
    const value = valueAt(json, location);
    const masked: Json = Array.isArray(value) ? value.map(() => MASK) : MASK;
    if (location.length === 0) {
      result = masked;
      continue;
    }
    const parent = valueAt(result, location.slice(0, -1)) as Record<string | number, Json>;
    parent[location[location.length - 1]!] = masked;
  }
  return result;
};

const stringsIn = (value: unknown, out: string[] = []): string[] => {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'object' && value !== null) for (const k of Object.keys(value)) stringsIn((value as Record<string, unknown>)[k], out);
  return out;
};

const documentsWithFields = (filters: boolean) =>
  documentAndPaths({ filters }, canaryDocument).map(([json, asts]): [Json, string[]] => [json, asts.map(printPath)]);

describe('erase with fields (properties)', () => {
  it('masks exactly the selected locations, never mutates the input, leaks no erased value and shares nothing', () => {
    let erasedSomething = 0;
    fc.assert(
      fc.property(documentsWithFields(true), ([json, fields]) => {
        const snapshot = structuredClone(json);
        const input = deepFreeze(json);
        const perField = fields.map((field) => selectLocations(input, compilePath(field)));
        const selected = selectionOf(input, fields);

        // A path that selects nothing is an error by default, and skipped when lenient.
        if (perField.some((locations) => locations.length === 0)) {
          expect(() => strict.erase(input, { fields })).toThrow(DataMaskingFieldNotFoundError);
        }
        const result = lenient.erase(input, { fields }) as Json;

        // Exactly the model: a copy with every (outermost) selected value masked, keys in order.
        const expected = model(snapshot, selected);
        expect(result).toStrictEqual(expected);
        expect(JSON.stringify(result)).toBe(JSON.stringify(expected));

        // The (deep-frozen) input is unchanged.
        expect(input).toStrictEqual(snapshot);

        // No canary of an erased location survives anywhere; every other canary survives.
        const erased = new Set(outermost(selected).flatMap((location) => stringsIn(valueAt(snapshot, location))));
        const output = new Set(stringsIn(result));
        for (const canary of erased) expect(output.has(canary)).toBe(false);
        for (const canary of stringsIn(snapshot)) if (!erased.has(canary)) expect(output.has(canary)).toBe(true);
        if (erased.size > 0) erasedSomething++;

        // No object or array of the result is one of the input's.
        const inputObjects = collectObjects(input);
        for (const object of collectObjects(result)) expect(inputObjects.has(object)).toBe(false);
      }),
      { numRuns: RUNS },
    );
    expect(erasedSomething).toBeGreaterThan(RUNS * 0.2);
  });

  it('gives the same result for the document as a JSON string (returned parsed)', () => {
    fc.assert(
      fc.property(documentsWithFields(true), ([json, fields]) => {
        expect(lenient.erase(JSON.stringify(json), { fields })).toStrictEqual(lenient.erase(json, { fields }));
      }),
      { numRuns: RUNS },
    );
  });

  it('erasing twice equals erasing once (paths without filters)', () => {
    // Filters are left out on purpose: a filter may legitimately select more in an already
    // erased document (e.g. `a[?(!(@.n < 5))]` once `n` became '*****' through another field).
    fc.assert(
      fc.property(documentsWithFields(false), ([json, fields]) => {
        const once = lenient.erase(json, { fields });
        const twice = lenient.erase(once, { fields });
        expect(twice).toStrictEqual(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('the order of fields never matters (same result, same error)', () => {
    fc.assert(
      fc.property(
        documentsWithFields(true).chain(([json, fields]) =>
          fc.shuffledSubarray(fields, { minLength: fields.length, maxLength: fields.length }).map((shuffled) => ({ json, fields, shuffled })),
        ),
        ({ json, fields, shuffled }) => {
          expect(lenient.erase(json, { fields: shuffled })).toStrictEqual(lenient.erase(json, { fields }));
          const outcome = (f: string[]) => {
            try {
              return strict.erase(json, { fields: f });
            } catch (error) {
              return (error as Error).name;
            }
          };
          expect(outcome(shuffled)).toStrictEqual(outcome(fields));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a field and a field inside it give the same result in both orders', () => {
    fc.assert(
      fc.property(documentsWithFields(true), ([json, fields]) => {
        // Pair each field with one reaching deeper (its first selection's first child).
        for (const field of fields) {
          const deeper = `${field.startsWith('$') ? field : `$.${field}`}[*]`;
          expect(lenient.erase(json, { fields: [field, deeper] })).toStrictEqual(lenient.erase(json, { fields: [deeper, field] }));
        }
      }),
      { numRuns: RUNS },
    );
  });
});
