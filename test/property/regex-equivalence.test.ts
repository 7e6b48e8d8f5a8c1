/**
 * regexPattern and `=~` filters run on RE2 (linear time), written in JavaScript syntax: on
 * ordinary inputs, every pattern, flag set and replacement gives what V8's RegExp gives.
 */
import fc from 'fast-check';
import { DataMasking } from '../../src/DataMasking';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);
const masker = new DataMasking({ throwOnMissingField: false, logger: { warn: () => undefined } });

const PATTERNS = [
  '\\d',
  '\\d{4}',
  '\\d+',
  '(.)(.*)@',
  '[aeiou]+',
  '^a',
  'a$',
  '(?<first>\\w)(\\w*)',
  '\\s+',
  '\\S+',
  '\\bx',
  'x*',
  'a|b',
  '[^a-z]',
  '(a)?b',
  '.',
  '.+',
  '[\\s@]',
  '(\\w+)@(\\w+)',
  '(?:ab)+',
  'é|É',
  '[A-Z]{2,}',
  '\\W',
  '^$',
  '\\.',
];
const FLAGS = ['', 'i', 'm', 's', 'ms', 'u', 'iu', 'g'];
const FORMATS = ['*', '$1', '$&', '$$', '[$<first>]', '$2$1', '$`', "$'", '$0', '$11', '$01', '$<', '$<nope>', '#$1#'];
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'x', 'é', 'É', 'A', '1', '2', ' ', '\n', '\r', '@', '.', '-', '_', '\u00a0', '😀'), maxLength: 30 });

it('regexPattern + maskFormat replaces exactly as String.prototype.replace with a global RegExp', () => {
  fc.assert(
    fc.property(fc.constantFrom(...PATTERNS), fc.constantFrom(...FLAGS), fc.constantFrom(...FORMATS), text, (pattern, flags, format, value) => {
      // Documented differences: RE2 reads code points (as JavaScript's u flag does) and its ^ and $
      // under m see only \n as a line break; inputs that would show them are not ordinary.
      fc.pre(!(flags.includes('m') && /[\r]/.test(value)));
      // Without u, V8 splits 😀 into two code units where RE2 reads one code point: any pattern
      // that can match or capture a single unit (an unescaped dot, \W, \S, a negated class, an empty match).
      fc.pre(flags.includes('u') || !value.includes('😀') || !/(?:^|[^\\])\.|\\W|\\S|\[\^|^x\*$|^\^\$$/.test(pattern));
      const regex = new RegExp(pattern, flags);
      const expected = value.replace(new RegExp(pattern, flags.includes('g') ? flags : `${flags}g`), format);
      expect(masker.erase({ v: value }, { fields: ['v'], regexPattern: regex, maskFormat: format })).toEqual({ v: expected });
      if (flags === '') expect(masker.erase({ v: value }, { fields: ['v'], regexPattern: pattern, maskFormat: format })).toEqual({ v: expected });
    }),
    { numRuns: RUNS },
  );
});

it('=~ filters select exactly what RegExp.test would', () => {
  fc.assert(
    fc.property(fc.constantFrom(...PATTERNS), fc.constantFrom('', 'i', 's'), fc.array(text, { minLength: 1, maxLength: 5 }), (pattern, flags, values) => {
      fc.pre(!pattern.includes('/'));
      const regex = new RegExp(pattern, flags);
      const data = { list: values.map((value) => ({ v: value })) };
      const expected = { list: values.map((value) => (regex.test(value) ? '*****' : { v: value })) };
      expect(masker.erase(data, { fields: [`$.list[?(@.v =~ /${pattern}/${flags})]`] })).toEqual(expected);
    }),
    { numRuns: RUNS },
  );
});
