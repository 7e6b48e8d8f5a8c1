/**
 * Searches over windows (src/masks/regex-window.ts; used on texts too long for re2js to
 * backtrack whole, run here on short ones) give exactly what re2js's search over the
 * whole text gives: every match, with its groups, for patterns of bounded match length, on
 * texts long enough to cross many windows (surrogate pairs and lone surrogates, case folding,
 * empty matches, `^` with and without `m`, line breaks). Then the same through the public API
 * on long values, against V8's RegExp.
 */
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { DataMasking } from '../../src/DataMasking';
import { boundedMatchLength, programsReadable, windowedSearch } from '../../src/masks/regex-window';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** RE2 syntax; every one has a bounded match length and no look-ahead assertion, so it runs windowed. */
const WINDOWED = [
  '\\d{4} ',
  '\\d{4}',
  'a.b',
  '[^a]{2}',
  'k',
  'ſ|s',
  'x?',
  '(?:)',
  '^a',
  '^',
  '^.?',
  '.{3}',
  '😀.',
  '(a)(b)?',
  '[\\s\\S]{0,3}z',
  'a|bc|def',
  '(?P<d>\\d)(\\d)?-',
  '\\A\\d',
  '[😀-😂]{1,2}',
  '(?:\\r\\n|\\n)',
  'b?a?',
  '(?m)^b',
  'abc',
  '[\\x{DC00}-\\x{DFFF}]',
];
/** Unbounded or reading ahead: always searched over the whole text. */
const WHOLE_TEXT = ['a+', '\\d*', 'a$', '\\bx', 'x\\B', '(?m)a$', '(.*)*$', 'a{2,}'];
const FLAGS = [0, RE2JS.CASE_INSENSITIVE, RE2JS.MULTILINE, RE2JS.DOTALL, RE2JS.CASE_INSENSITIVE | RE2JS.MULTILINE];
const UNITS = ['a', 'b', 'A', 'B', 'k', 'K', '\u212a', 's', 'S', 'ſ', 'z', 'x', '1', '2', '-', ' ', '\n', '\r', '😀', '😁', '\ud83d', '\ude00', 'é'];
/** Mostly filler, so that matches are sparse and a window often ends inside one. */
const longText = fc.string({
  unit: fc.oneof({ arbitrary: fc.constant('q'), weight: 12 }, { arbitrary: fc.constantFrom(...UNITS), weight: 1 }),
  minLength: 0,
  maxLength: 400,
});

/** Every match from position 0, stepping over empty matches by one code point, as the replacer does. */
const allMatches = (next: (position: number) => readonly number[] | undefined, text: string): number[][] => {
  const matches: number[][] = [];
  let position = 0;
  while (position <= text.length) {
    const bounds = next(position);
    if (bounds === undefined) break;
    matches.push([...bounds]);
    const [start, stop] = bounds as [number, number];
    const code = text.charCodeAt(stop);
    const low = text.charCodeAt(stop + 1);
    position = stop !== start ? stop : stop + (code >= 0xd800 && code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? 2 : 1);
  }
  return matches;
};

const wholeText = (pattern: string, flags: number, groups: number) => {
  const re2 = RE2JS.compile(pattern, flags).re2();
  return (text: string) =>
    allMatches((position) => {
      const [found, bounds] = re2.matchWithGroup(text, position, text.length, 0, groups) as [boolean, number[] | null];
      return found ? bounds! : undefined;
    }, text);
};

it('the patterns meant to run windowed are read as bounded, the others are not', () => {
  for (const pattern of WINDOWED) expect([pattern, boundedMatchLength(RE2JS.compile(pattern).re2())]).toEqual([pattern, expect.any(Number)]);
  for (const pattern of WHOLE_TEXT) {
    const re2 = RE2JS.compile(pattern).re2();
    expect([pattern, boundedMatchLength(re2), windowedSearch(re2, 1)]).toEqual([pattern, undefined, undefined]);
  }
  expect(boundedMatchLength(RE2JS.compile('\\d{4} ').re2())).toBe(10);
  // The installed re2js's programs read as expected, so long values do run windowed.
  expect(programsReadable()).toBe(true);
});

it('a windowed search finds exactly the matches and groups of the whole-text search', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...WINDOWED),
      fc.constantFrom(...FLAGS),
      fc.integer({ min: 1, max: 3 }),
      longText,
      fc.array(fc.constantFrom('1234 ', 'abc', 'def', '\n', 'K😀z', 'a😀b'), { maxLength: 30 }),
      (pattern, flags, groups, noise, inserts) => {
        // Matches sprinkled through noise: many windows, some with matches across their edges.
        let text = noise;
        for (const [index, insert] of inserts.entries()) {
          const at = (index * 97) % (text.length + 1);
          text = text.slice(0, at) + insert + text.slice(at);
        }
        const re2 = RE2JS.compile(pattern, flags).re2();
        const search = windowedSearch(re2, groups)!;
        expect(allMatches((position) => search(text, position), text)).toEqual(wholeText(pattern, flags, groups)(text));
      },
    ),
    { numRuns: RUNS },
  );
});

it('a match across any window edge is found whole: a sweep of its position through filler', () => {
  const inserts = ['ab', 'a😀b', '😀😀😀', '1234 ', 'K\u212az\n', '12-3-'];
  for (const pattern of WINDOWED) {
    for (const flags of [RE2JS.CASE_INSENSITIVE | RE2JS.MULTILINE]) {
      const re2 = RE2JS.compile(pattern, flags).re2();
      const search = windowedSearch(re2, 3)!;
      const reference = wholeText(pattern, flags, 3);
      for (const insert of inserts) {
        for (let at = 0; at < 72; at++) {
          // A second copy further on: it is found by a later, wider window.
          const text = `${'q'.repeat(at)}${insert}${'q'.repeat(at * 2)}${insert}${'q'.repeat(40)}`;
          const found = allMatches((position) => search(text, position), text);
          const expected = reference(text);
          if (JSON.stringify(found) !== JSON.stringify(expected))
            expect({ pattern, flags, insert, at, found }).toEqual({ pattern, flags, insert, at, found: expected });
        }
      }
    }
  }
});

describe('through the public API, on long values, as V8 replaces', () => {
  const masker = new DataMasking({ throwOnMissingField: false, logger: { warn: () => undefined } });
  /** JavaScript syntax (the `u` flag on V8's side: both read code points); the bounded ones run windowed. */
  const PATTERNS = ['\\d{4} ', '\\d{4}', '(\\d{2})(\\d{2})', 'a.b', '[^a ]{2}', '(?<first>k)', 'x?', '^a', '.{3}', 'a|bc|def', '\\d+', 'a$', '\\bx'];
  const value = fc.string({ unit: fc.constantFrom('a', 'b', 'k', 'K', 'x', '1', '2', '3', ' ', '\n', '😀', 'é', 'bc', '1234 '), maxLength: 300 });

  it('regexPattern and maskingRules', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PATTERNS),
        fc.constantFrom('u', 'iu', 'mu', 'su'),
        fc.constantFrom('*', '#$1#', '[$&]', '$<first>'),
        value,
        (pattern, flags, format, text) => {
          const regex = new RegExp(pattern, flags);
          const expected = text.replace(new RegExp(pattern, `${flags}g`), format);
          expect(masker.erase({ v: text }, { fields: ['v'], regexPattern: regex, maskFormat: format })).toEqual({ v: expected });
          expect(masker.erase({ a: { v: text } }, { maskingRules: { 'a.v': { regexPattern: regex, maskFormat: format } } })).toEqual({ a: { v: expected } });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('=~ filters', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATTERNS), fc.array(value, { minLength: 1, maxLength: 4 }), (pattern, values) => {
        const regex = new RegExp(pattern, 'u');
        const data = { list: values.map((text) => ({ v: text })) };
        const expected = { list: values.map((text) => (regex.test(text) ? '*****' : { v: text })) };
        expect(masker.erase(data, { fields: [`$.list[?(@.v =~ /${pattern}/u)]`] })).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});
