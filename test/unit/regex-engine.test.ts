/**
 * Regular expressions on data run on RE2 (re2js): hostile inputs cannot make them backtrack,
 * patterns RE2 cannot bound are refused when compiled, and the README's examples keep working.
 * (Their speed on 1 MB values is measured in bench/regex.bench.ts, not here.)
 */
import { DataMasking, DataMaskingInvalidOptionsError, DataMaskingInvalidPathError } from '../../src';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const masker = new DataMasking();

const errorOf = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, got a result');
};

describe('patterns RE2 cannot run in linear time are refused at compile time', () => {
  it.each([
    ['a backreference', '(a)\\1'],
    ['a named backreference', '(?<x>a)\\k<x>'],
    ['a lookahead', '\\d{4}(?= )'],
    ['a negative lookahead', 'a(?!b)'],
    ['a lookbehind', '(?<=x)y'],
    ['a negative lookbehind', '(?<!x)y'],
  ])('%s in regexPattern: DataMaskingInvalidOptionsError', (_name, pattern) => {
    for (const regexPattern of [pattern, new RegExp(pattern)]) {
      const error = errorOf(() => masker.erase({ a: 'x' }, { fields: ['a'], regexPattern, maskFormat: '*' }));
      expect(error).toBeInstanceOf(DataMaskingInvalidOptionsError);
      expect(error.message).toMatch(/linear time/);
    }
    expect(errorOf(() => masker.erase('x', { maskingRules: { a: { regexPattern: pattern, maskFormat: '*' } } }))).toBeInstanceOf(
      DataMaskingInvalidOptionsError,
    );
  });

  it('the same in a =~ filter: DataMaskingInvalidPathError', () => {
    for (const pattern of ['(a)\\1', 'a(?=b)', '(?<=x)y']) {
      expect(errorOf(() => masker.erase({ a: [{ b: 'ab' }] }, { fields: [`a[?(@.b =~ /${pattern}/)]`] }))).toBeInstanceOf(DataMaskingInvalidPathError);
    }
  });

  it('invalid patterns and the sticky and unicode-sets flags are refused', () => {
    // biome-ignore lint/complexity/useRegexLiterals: a /v literal needs an ES2024 target; the constructor builds it at run time
    for (const regexPattern of ['(', '[z-a]', /a/y, new RegExp('a', 'v')]) {
      expect(errorOf(() => masker.erase({ a: 'x' }, { fields: ['a'], regexPattern, maskFormat: '*' }))).toBeInstanceOf(DataMaskingInvalidOptionsError);
    }
  });
});

describe('hostile inputs against the classic catastrophic shapes complete and replace correctly', () => {
  const hostile = `${'a'.repeat(30_000)}!`;
  // What each pattern leaves of `hostile` (V8 itself would backtrack for ages on most of them).
  it.each<[string, string]>([
    ['(a+)+$', hostile],
    ['(a|a)*$', `${hostile}#`],
    ['(.*)*$', '##'],
    ['(a*)*b', hostile],
    ['^(a|aa)+$', hostile],
    ['(\\w*)*@', hostile],
    ['\\w*\\w*@', hostile],
    ['(a+)+!', '#'],
  ])('%s', (pattern, expected) => {
    expect(masker.erase({ v: hostile }, { fields: ['v'], regexPattern: pattern, maskFormat: '#' })).toEqual({ v: expected });
  });

  it('a =~ filter on a hostile value', () => {
    const data = { list: [{ v: hostile }, { v: 'aaa' }] };
    expect(masker.erase(data, { fields: ['list[?(@.v =~ /^(a+)+$/)]'] })).toEqual({ list: [{ v: hostile }, '*****'] });
  });
});

describe('long values (past what re2js backtracks whole: searched over windows) give what V8 gives', () => {
  const pieces = ['4111 1111 ', 'ab', '😀', '\n', 'x'.repeat(50), 'K', '12-', 'é', '\u212a'];
  let value = '';
  for (let index = 0; value.length < 120_000; index++) value += pieces[(index * 7 + (index >> 3)) % pieces.length];

  it.each<[RegExp, string]>([
    [/\d{4} /u, '**** '],
    [/(\d{2})(\d{2})/u, '$2$1'],
    [/^./mu, '#'],
    [/k./iu, '[$&]'],
    [/\d?/u, '-'],
    [/(?<smile>😀)\n?/u, '<$<smile>>'],
  ])('%s through regexPattern and maskingRules', (pattern, format) => {
    const expected = value.replace(new RegExp(pattern.source, `${pattern.flags}g`), format);
    expect(masker.erase({ v: value }, { fields: ['v'], regexPattern: pattern, maskFormat: format })).toEqual({ v: expected });
    expect(masker.erase({ a: [{ v: value }] }, { maskingRules: { 'a[*].v': { regexPattern: pattern, maskFormat: format } } })).toEqual({
      a: [{ v: expected }],
    });
  });

  it('through a =~ filter', () => {
    const data = { list: [{ v: value }, { v: value.replace(/\d/g, '') }] };
    expect(masker.erase(data, { fields: ['list[?(@.v =~ /\\d{4} /)]'] })).toEqual({ list: ['*****', data.list[1]] });
  });
});

describe('JavaScript syntax is kept', () => {
  it('the README email example, named groups, $& and $$', () => {
    expect(masker.erase('john.doe@example.com', { regexPattern: /(.)(.*)@/, maskFormat: '$1***@' })).toBe('j***@example.com');
    expect(masker.erase('2024-05', { regexPattern: /(?<y>\d{4})-(?<m>\d{2})/, maskFormat: '$<m>/$<y> ($&, $$)' })).toBe('05/2024 (2024-05, $)');
  });

  it('flags i, m, s and u', () => {
    expect(masker.erase('aXa', { regexPattern: /x/i, maskFormat: '_' })).toBe('a_a');
    expect(masker.erase('a\nb', { regexPattern: /^b/m, maskFormat: '_' })).toBe('a\n_');
    expect(masker.erase('a\nb', { regexPattern: /a.b/s, maskFormat: '_' })).toBe('_');
    expect(masker.erase('a\nb', { regexPattern: /a.b/, maskFormat: '_' })).toBe('a\nb');
    expect(masker.erase('😀', { regexPattern: /./u, maskFormat: '_' })).toBe('_');
  });

  it('groups, escaped parentheses and parentheses in classes, with a replacement that uses no group (the group-free program)', () => {
    const value = 'x(a)(bc y (a)(bc';
    for (const pattern of [/\((a)\)[(]b(?<n>c)/, /\((?:a)\)\(b(c)/, /[()](a)?/, /(?<n>\()(?<m>a)?/]) {
      for (const format of ['#', '[$&]', "$`|$'"]) {
        expect([String(pattern), format, masker.erase(value, { regexPattern: pattern, maskFormat: format })]).toEqual([
          String(pattern),
          format,
          value.replace(new RegExp(pattern.source, 'g'), format),
        ]);
      }
    }
  });

  it("\\s is JavaScript's (non-breaking and other Unicode spaces included)", () => {
    expect(masker.erase('a\u00a0b\u2003c', { regexPattern: /\s/, maskFormat: '_' })).toBe('a_b_c');
    expect(masker.erase('a\u00a0b', { regexPattern: /\S/, maskFormat: '_' })).toBe('_\u00a0_');
  });
});
