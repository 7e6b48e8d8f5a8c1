/**
 * Paths are parsed once: repeated erases with the same paths never parse again
 * (`getPathParseCount()` is the engine's own counter; this file has a fresh module registry).
 */
import fc from 'fast-check';
import { DataMasking } from '../../src/DataMasking';
import { PATH_CACHE_CAPACITY, compilePath, getPathParseCount } from '../../src/jsonpath/compile';
import { documentAndPaths, printPath } from './arbitraries';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const users = {
  users: [
    { id: 1, name: 'ann', password: 'p1', email: 'ann@example.com', profile: { preferences: { apiKey: 'k1' } } },
    { id: 2, name: 'Al', password: 'p2', email: 'al@example.com', profile: { preferences: { apiKey: 'k2' } } },
  ],
};

describe('path parse cache', () => {
  it('1000 erases with the same paths after the first never parse again', () => {
    const fields = [
      'users[*].password',
      '$.users[*].profile.preferences.apiKey',
      '$..email',
      "$.users[?(@.id > 1 && @.name =~ /^a/i)]['name']",
      'users[0:1].id',
    ];
    const masker = new DataMasking();
    const before = getPathParseCount();
    const first = masker.erase(users, { fields });
    // Each new path is parsed exactly once by the first erase.
    expect(getPathParseCount()).toBe(before + fields.length);
    const afterFirst = getPathParseCount();
    for (let round = 0; round < 1000; round++) {
      expect(masker.erase(users, { fields })).toEqual(first);
    }
    expect(getPathParseCount()).toBe(afterFirst);
    // Another instance, maskingRules, and the same paths again: still no parse.
    new DataMasking().erase(users, { fields: [...fields].reverse() });
    masker.erase(users, { maskingRules: Object.fromEntries(fields.map((field) => [field, { customMask: '#' }])) });
    expect(getPathParseCount()).toBe(afterFirst);
  });

  it('a repeated field in one call is parsed once', () => {
    const before = getPathParseCount();
    new DataMasking().erase(users, { fields: ['$.users[1].email', '$.users[1].email', '$.users[1].email'] });
    expect(getPathParseCount()).toBe(before + 1);
  });

  it('for random paths, only the first erase parses', () => {
    const lenient = new DataMasking({ throwOnMissingField: false, logger: { warn: () => undefined } });
    fc.assert(
      fc.property(documentAndPaths(), fc.integer({ min: 2, max: 5 }), ([json, asts], times) => {
        const fields = asts.map(printPath);
        const before = getPathParseCount();
        lenient.erase(json, { fields });
        const afterFirst = getPathParseCount();
        expect(afterFirst - before).toBeLessThanOrEqual(new Set(fields).size);
        for (let i = 1; i < times; i++) lenient.erase(json, { fields });
        expect(getPathParseCount()).toBe(afterFirst);
      }),
      { numRuns: 300 },
    );
  });

  it('the cache is bounded: a path pushed out by newer ones is parsed again', () => {
    const oldest = '$.bounded_cache_probe';
    const compiled = compilePath(oldest);
    expect(compilePath(oldest)).toBe(compiled);
    for (let i = 0; i < PATH_CACHE_CAPACITY; i++) compilePath(`$.filler_${i}`);
    const before = getPathParseCount();
    expect(compilePath(oldest)).not.toBe(compiled);
    expect(getPathParseCount()).toBe(before + 1);
  });
});
