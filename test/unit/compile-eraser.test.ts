/**
 * The compiled eraser: options validated and paths compiled once, then the same result as
 * `erase` on every call; missing paths throw, warn or are ignored as asked.
 */
import {
  DataMasking,
  DataMaskingFieldNotFoundError,
  DataMaskingInvalidOptionsError,
  DataMaskingInvalidPathError,
  DataMaskingUnsupportedTypeError,
  compileEraser,
} from '../../src';
import { getPathParseCount } from '../../src/jsonpath/compile'; // internal: the engine's own parse counter
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const record = () => ({
  user: { name: 'Ann', email: 'ann@example.com', password: 'hunter2' },
  cards: [
    { number: '4111', cvv: '123' },
    { number: '5500', cvv: '999' },
  ],
  orders: [
    { id: 10, total: 5 },
    { id: 60, total: 7 },
  ],
});

describe('compileEraser', () => {
  it.each([
    [{ fields: ['user.email'] }],
    [{ fields: ['$..password', 'cards[*].cvv'] }],
    [{ fields: ['$.orders[?(@.id > 50)].total'] }],
    [{ fields: ['cards'], customMask: 'XX' }],
    [{ fields: ['user'], dynamicMask: true }],
    [{ maskingRules: { 'user.email': { regexPattern: '(.).*@', maskFormat: '$1***@' } }, fields: ['cards[*].number'] }],
    [{}],
    [{ dynamicMask: true }],
  ])('gives the same result as erase for %j', (options) => {
    const masker = new DataMasking();
    const erase = compileEraser(options);
    expect(erase(record())).toStrictEqual(masker.erase(record(), options));
    expect(masker.compile(options)(record())).toStrictEqual(masker.erase(record(), options));
  });

  it('parses its paths once, never per call', () => {
    const erase = compileEraser({ fields: ['$.compiled.once[?(@.n > 1)].x', '$..compiledOnce'] });
    const before = getPathParseCount();
    for (let index = 0; index < 50; index++) erase({ compiled: { once: [{ n: 2, x: 'secret' }] }, compiledOnce: 1 });
    expect(getPathParseCount()).toBe(before);
  });

  it('never mutates its input and shares nothing with it', () => {
    const input = record();
    const snapshot = structuredClone(input);
    const result = compileEraser({ fields: ['user.password'] })(input) as ReturnType<typeof record>;
    expect(input).toStrictEqual(snapshot);
    expect(result.user).not.toBe(input.user);
    expect(result.cards).not.toBe(input.cards);
    expect(result.cards[0]).not.toBe(input.cards[0]);
  });

  it('with shareUnchanged, shares what no path reaches, changes nothing of the input, and serializes the same', () => {
    const input = record();
    const snapshot = structuredClone(input);
    const options = { fields: ['user.password', 'cards[0].cvv'] };
    const shared = compileEraser({ ...options, shareUnchanged: true })(input) as ReturnType<typeof record>;
    expect(JSON.stringify(shared)).toBe(JSON.stringify(compileEraser(options)(input)));
    expect(input).toStrictEqual(snapshot);
    expect(shared.orders).toBe(input.orders);
    expect(shared.cards[1]).toBe(input.cards[1]);
    expect(shared.user).not.toBe(input.user);
    expect(shared.cards).not.toBe(input.cards);
    expect(shared.cards[0]).not.toBe(input.cards[0]);
  });

  it('masks a value whose toJSON() calls the same eraser while it walks (re-entered walks are separate)', () => {
    const erase = compileEraser({ fields: ['$..password'], onMissingField: 'ignore', shareUnchanged: true });
    let inner: unknown;
    const nested = {
      toJSON: () => {
        inner = erase({ password: 'inner-secret' });
        return { password: 'outer-secret', n: 1 };
      },
    };
    const result = erase({ a: { password: 'a-secret' }, nested, b: [{ password: 'b-secret' }] });
    expect(inner).toStrictEqual({ password: '*****' });
    expect(result).toStrictEqual({ a: { password: '*****' }, nested: { password: '*****', n: 1 }, b: [{ password: '*****' }] });
  });

  it('walks correctly after a call that threw in the middle of a walk', () => {
    const erase = compileEraser({ fields: ['$..password', 'a.b'], onMissingField: 'ignore' });
    const hostile = {
      a: {
        b: 1,
        deep: {
          get password(): string {
            throw new Error('boom');
          },
        },
      },
    };
    expect(() => erase(hostile)).toThrow(DataMaskingUnsupportedTypeError);
    expect(erase({ a: { b: 'x', password: 'p' } })).toStrictEqual({ a: { b: '*****', password: '*****' } });
  });

  it.each([false, true])(
    'reads each member once (shareUnchanged %p): a getter cannot show one value to the paths and another to the output',
    (shareUnchanged) => {
      let reads = 0;
      const secret = { password: 'second-read-secret' };
      const object = Object.defineProperty({}, 'user', { enumerable: true, get: () => (reads++ === 0 ? { password: 'first' } : secret) });
      const array = Object.defineProperty([0], 0, { enumerable: true, get: () => (reads++ % 2 === 1 ? { password: 'first' } : secret) });
      const erase = compileEraser({ fields: ['$..password'], shareUnchanged });
      expect(JSON.stringify(erase({ object, array }))).not.toContain('second-read-secret');
    },
  );

  it('parses a JSON string input and returns it parsed', () => {
    expect(compileEraser({ fields: ['a'] })('{"a":"secret","b":1}')).toStrictEqual({ a: '*****', b: 1 });
  });

  it('rejects bad options when compiling, before any data is seen', () => {
    expect(() => compileEraser({ fields: ['a..'] })).toThrow(DataMaskingInvalidPathError);
    expect(() => compileEraser({ fields: [] })).toThrow(DataMaskingInvalidOptionsError);
    // As a JavaScript caller could: TypeScript refuses regexPattern without maskFormat.
    expect(() => compileEraser({ fields: ['a'], regexPattern: 'x' } as never)).toThrow(DataMaskingInvalidOptionsError);
    expect(() => compileEraser({ fields: ['a'], onMissingField: 'shout' as never })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => compileEraser(42 as never)).toThrow(DataMaskingInvalidOptionsError);
  });

  it('rejects data JSON cannot hold, per call, with the typed error', () => {
    const erase = compileEraser({ fields: ['a'] });
    expect(() => erase({ a: 1, b: 10n })).toThrow(DataMaskingUnsupportedTypeError);
    expect(() => erase(undefined)).toThrow(DataMaskingUnsupportedTypeError);
  });

  describe('a path that selects nothing', () => {
    it('throws by default, naming the path and not the data', () => {
      const erase = compileEraser({ fields: ['user.ssn'] });
      expect(() => erase({ user: { name: 'canary-value' } })).toThrow(DataMaskingFieldNotFoundError);
      expect(() => erase({ user: { name: 'canary-value' } })).toThrow(/user\.ssn/);
      expect(() => erase({ user: { name: 'canary-value' } })).not.toThrow(/canary-value/);
    });

    it("warns on each call with 'warn', through the given logger", () => {
      const warn = jest.fn();
      const erase = compileEraser({ fields: ['user.ssn', 'user.name'], onMissingField: 'warn', logger: { warn } });
      expect(erase({ user: { name: 'x' } })).toStrictEqual({ user: { name: '*****' } });
      erase({ user: { name: 'x' } });
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn.mock.calls[0]![0]).toMatch(/user\.ssn/);
    });

    it("is silent with 'ignore' (log records often lack a field)", () => {
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      try {
        const erase = compileEraser({ fields: ['user.ssn'], onMissingField: 'ignore' });
        expect(erase({ user: { name: 'x' } })).toStrictEqual({ user: { name: 'x' } });
        expect(warn).not.toHaveBeenCalled();
      } finally {
        warn.mockRestore();
      }
    });

    it("follows the masker's throwOnMissingField through masker.compile", () => {
      const warn = jest.fn();
      const lenient = new DataMasking({ throwOnMissingField: false, logger: { warn } });
      expect(lenient.compile({ fields: ['nope'] })({ a: 1 })).toStrictEqual({ a: 1 });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(() => new DataMasking().compile({ fields: ['nope'] })({ a: 1 })).toThrow(DataMaskingFieldNotFoundError);
      expect(() => new DataMasking().compile({ fields: ['nope'], onMissingField: 'ignore' })({ a: 1 })).not.toThrow();
    });
  });

  it('reads only its own options, never through the prototype chain', () => {
    const inherited = Object.create({ fields: ['user.email'] }) as { fields?: string[] };
    // No own `fields`: a whole-payload eraser, not one for the inherited path.
    expect(compileEraser(inherited)(record())).toBe('*****');
  });
});

describe('compileEraser: each call keeps its own matches', () => {
  it('a run re-entered from inside (a toJSON() that uses the same eraser) keeps its own matches', () => {
    const eraseA = compileEraser({ fields: ['a'] });
    const data = { a: 'outer secret', inner: { toJSON: () => eraseA({ a: 'inner secret' }) } };
    expect(eraseA(data)).toEqual({ a: '*****', inner: { a: '*****' } });
    // Inner run first in the document: the outer one still finds its own `a` afterwards.
    const innerFirst = { inner: { toJSON: () => eraseA({ a: 'inner secret' }) }, a: 'outer secret' };
    expect(eraseA(innerFirst)).toEqual({ inner: { a: '*****' }, a: '*****' });
  });

  it('a call that missed a path leaves nothing behind for the next one (and the next miss is reported again)', () => {
    const eraseBoth = compileEraser({ fields: ['a', 'b'] });
    expect(() => eraseBoth({ a: 1 })).toThrow(DataMaskingFieldNotFoundError);
    expect(eraseBoth({ a: 1, b: 2 })).toEqual({ a: '*****', b: '*****' });
    expect(() => eraseBoth({ b: 2 })).toThrow(DataMaskingFieldNotFoundError);
    expect(() => eraseBoth({ a: 1 })).toThrow(DataMaskingFieldNotFoundError);
  });
});
