/**
 * Regular expressions on data reach the rules and filters only when handed over by `enableRegex()`
 * (or by `@Erase({ regexPattern })`, which calls it). Before, every API that compiles a
 * `regexPattern` rule or a `=~` filter refuses it where it is compiled, with a typed error naming
 * the fix, and returns nothing. The same rule holds in the CommonJS build and in the ES module
 * build bundlers use (test/consumer/bundles, test/consumer/regex-engine).
 * Each test loads the library afresh, as a new process would.
 */
import middy from '@middy/core';
import type * as Library from 'lambda-data-masking';
import type * as Middy from 'lambda-data-masking/middy';
import type * as Pino from 'lambda-data-masking/logger/pino';

interface Fresh {
  library: typeof Library;
  middy: typeof Middy;
  pino: typeof Pino;
}

/** The core, Middy and pino entries of one fresh copy of the library (one registry). */
const fresh = (): Fresh => {
  let loaded!: Fresh;
  jest.isolateModules(() => {
    loaded = {
      library: require('lambda-data-masking') as typeof Library,
      middy: require('lambda-data-masking/middy') as typeof Middy,
      pino: require('lambda-data-masking/logger/pino') as typeof Pino,
    };
  });
  return loaded;
};

const NOT_ENABLED = /^regexPattern rules and =~ filters need enableRegex\(\) first \(and npm install re2js\)$/;

const DATA = { email: 'john.doe@example.com', list: [{ v: 'ab' }, { v: 'x' }] };
const EMAIL_RULE = { regexPattern: /(.)(.*)@/, maskFormat: '$1***@' };
const FILTER = 'list[?(@.v =~ /^a/)]';

/** The options-based ways to ask for a regular expression, with what each gives once enabled. */
const REGEX_OPTIONS: readonly [string, Library.EraseOptions, unknown][] = [
  ['a regexPattern option', { fields: ['email'], ...EMAIL_RULE }, { ...DATA, email: 'j***@example.com' }],
  ['a maskingRules entry', { maskingRules: { email: EMAIL_RULE } }, { ...DATA, email: 'j***@example.com' }],
  ['a =~ filter', { fields: [FILTER] }, { ...DATA, list: ['*****', { v: 'x' }] }],
  ['a =~ filter under a rule', { maskingRules: { [FILTER]: { customMask: '#' } } }, { ...DATA, list: [{ v: '#' }, { v: 'x' }] }],
  ['a whole-value regexPattern', { ...EMAIL_RULE }, { ...DATA, email: 'j***@example.com' }],
];

const lambdaContext = {
  functionName: 'masked-fn',
  awsRequestId: 'r-1',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Parameters<middy.MiddyfiedHandler>[1];

describe('enableRegex', () => {
  it.each(REGEX_OPTIONS)('erase refuses %s before enableRegex(), naming the fix, and runs it after', (_, options, expected) => {
    const { library } = fresh();
    const masker = new library.DataMasking();
    expect(() => masker.erase(DATA, options)).toThrow(library.DataMaskingInvalidOptionsError);
    expect(() => masker.erase(DATA, options)).toThrow(NOT_ENABLED);
    // Everything else still works, and nothing was changed by the refusal.
    expect(masker.erase(DATA, { fields: ['email'] })).toEqual({ ...DATA, email: '*****' });
    expect(DATA.email).toBe('john.doe@example.com');
    library.enableRegex();
    library.enableRegex(); // again: does nothing
    expect(masker.erase(DATA, options)).toEqual(expected);
  });

  it.each(REGEX_OPTIONS)('compileEraser refuses %s when it compiles, before any value is seen', (_, options, expected) => {
    const { library } = fresh();
    expect(() => library.compileEraser(options)).toThrow(NOT_ENABLED);
    library.enableRegex();
    expect(library.compileEraser(options)(DATA)).toEqual(expected);
  });

  it('the log maskers refuse a regex rule or filter at setup, not per line', () => {
    const { library, pino } = fresh();
    expect(() => pino.withMasking({}, { fields: ['email'], ...EMAIL_RULE })).toThrow(NOT_ENABLED);
    expect(() => pino.withMasking({}, { fields: [FILTER] })).toThrow(library.DataMaskingInvalidOptionsError);
    library.enableRegex();
    expect(() => pino.withMasking({}, { fields: [FILTER] })).not.toThrow();
  });

  it('the Middy middleware refuses a =~ filter when it is set up, with a typed error, and runs it after', async () => {
    const { library, middy: integration } = fresh();
    expect(() => integration.maskResponse([FILTER])).toThrow(library.DataMaskingInvalidOptionsError);
    expect(() => integration.maskResponse({ erase: [FILTER] })).toThrow(NOT_ENABLED);
    library.enableRegex();
    const handler = middy(async () => structuredClone(DATA)).use(integration.maskResponse([FILTER]));
    expect(await handler({}, lambdaContext)).toEqual({ ...DATA, list: ['*****', { v: 'x' }] });
  });

  it('@Erase({ regexPattern }) enables it itself (decorators are not size-critical), and so the options too', () => {
    const { library } = fresh();
    const masker = new library.DataMasking();
    expect(() => masker.erase(DATA, { fields: [FILTER] })).toThrow(NOT_ENABLED);
    class User {
      @library.Erase(EMAIL_RULE) public email = 'john.doe@example.com';
    }
    expect(masker.maskSync(new User())).toEqual({ email: 'j***@example.com' });
    expect(masker.erase(DATA, { fields: [FILTER] })).toEqual({ ...DATA, list: ['*****', { v: 'x' }] });
  });

  it('@Erase without a regexPattern does not enable it', () => {
    const { library } = fresh();
    class User {
      @library.Erase({ dynamicMask: true }) public email = 'ab';
    }
    expect(new library.DataMasking().maskSync(new User())).toEqual({ email: '**' });
    expect(() => new library.DataMasking().erase(DATA, { fields: [FILTER] })).toThrow(NOT_ENABLED);
  });

  it('a bad pattern is still refused as before once enabled (the opt-in changes no validation)', () => {
    const { library } = fresh();
    library.enableRegex();
    expect(() => new library.DataMasking().erase(DATA, { fields: ['email'], regexPattern: '(a)\\1', maskFormat: 'x' })).toThrow(/cannot run in linear time/);
    expect(() => new library.DataMasking().erase(DATA, { fields: ['list[?(@.v =~ /(a)\\1/)]'] })).toThrow(library.DataMaskingInvalidPathError);
  });
});
