/**
 * Overlapping selections never unmask: for random documents, random `fields` (with a random
 * option mask) and random `maskingRules`, every scalar the combined erase leaves in clear is also
 * left in clear by each selection alone (`fields` alone, and each rule alone).
 */
import fc from 'fast-check';
import { DataMasking } from '../../src/DataMasking';
import type { MaskingRule } from '../../src/types';
import { type Json, type Location, allLocations, documentAndPaths, printPath, valueAt } from './arbitraries';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);
const lenient = new DataMasking({ throwOnMissingField: false, logger: { warn: () => undefined } });

const RULES: readonly MaskingRule[] = [
  {},
  { dynamicMask: true },
  { customMask: '#' },
  { customMask: 'XY' },
  { regexPattern: 'x', maskFormat: 'Z' },
  { regexPattern: '\\d', maskFormat: '#' },
  { regexPattern: '^(.)', maskFormat: '$1$1' },
];

/** The input scalar at `location` survives unchanged in `result` (no ancestor was replaced). */
const inClear = (input: Json, result: unknown, location: Location): boolean => {
  let value: unknown = result;
  for (const key of location) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return false;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value === valueAt(input, location);
};

const scalarLocations = (json: Json): Location[] =>
  allLocations(json).filter((location) => {
    const value = valueAt(json, location);
    return typeof value !== 'object' || value === null;
  });

it('the combined erase is at least as masked as fields alone and as each masking rule alone', () => {
  fc.assert(
    fc.property(
      documentAndPaths({}, undefined, 5),
      fc.nat(),
      fc.array(fc.constantFrom(...RULES), { minLength: 5, maxLength: 5 }),
      fc.constantFrom(...RULES),
      ([json, asts], split, ruleChoice, fieldsRule) => {
        const sources = asts.map(printPath);
        const cut = split % (sources.length + 1);
        const fields = sources.slice(0, cut);
        const maskingRules: Record<string, MaskingRule> = {};
        sources.slice(cut).forEach((source, index) => {
          maskingRules[source] = ruleChoice[index]!;
        });
        const ruleEntries = Object.entries(maskingRules);
        if (fields.length === 0 && ruleEntries.length === 0) return;
        const combined = lenient.erase(json, {
          ...fieldsRule,
          ...(fields.length > 0 ? { fields } : {}),
          ...(ruleEntries.length > 0 ? { maskingRules } : {}),
        });
        const alone: unknown[] = ruleEntries.map(([path, rule]) => lenient.erase(json, { maskingRules: { [path]: rule } }));
        if (fields.length > 0) alone.push(lenient.erase(json, { ...fieldsRule, fields }));
        for (const location of scalarLocations(json)) {
          if (!inClear(json, combined, location)) continue;
          for (const result of alone) expect({ location, clearAlone: inClear(json, result, location) }).toEqual({ location, clearAlone: true });
        }
      },
    ),
    { numRuns: RUNS },
  );
});

it('a broader rule that matches nothing does not undo a narrower field (the case of the issue)', () => {
  const data = { user: { password: 'hunter2', name: 'Ann' } };
  const result = lenient.erase(data, {
    fields: ['user.password'],
    maskingRules: { user: { regexPattern: /\d{16}/, maskFormat: '****' } },
  });
  expect(result).toEqual({ user: { password: '*****', name: 'Ann' } });
});

it('a rule on an ancestor masks the siblings while the field keeps its own mask', () => {
  const data = { card: { number: '4111 1111 1111 1111', holder: 'Ann Lee' } };
  expect(lenient.erase(data, { fields: ['card.number'], maskingRules: { card: { dynamicMask: true } } })).toEqual({
    card: { number: '*****', holder: '*** ***' },
  });
  // A default rule on the ancestor masks it whole, whatever the field's partial mask.
  expect(lenient.erase(data, { fields: ['card.number'], dynamicMask: true, maskingRules: { card: {} } })).toEqual({ card: '*****' });
});
