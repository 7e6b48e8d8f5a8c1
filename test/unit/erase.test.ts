import {
  DataMasking,
  DataMaskingError,
  DataMaskingFieldNotFoundError,
  DataMaskingInvalidOptionsError,
  DataMaskingInvalidPathError,
  DataMaskingUnsupportedTypeError,
  MAX_DEPTH,
} from '../../src';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const masker = new DataMasking();

describe('erase: whole payload', () => {
  it.each([
    ['a string', 'secret'],
    ['an empty string', ''],
    ['a number', 42],
    ['a negative float', -1.11],
    ['a boolean', false],
    ['null', null],
    ['an empty object', {}],
    ['a nested object', { a: { b: [1, 2] } }],
  ])('turns %s into *****', (_name, value) => {
    expect(masker.erase(value)).toBe('*****');
  });

  it("keeps an array's length without inspecting its elements", () => {
    expect(masker.erase([1, { a: 1 }, [2, 3], null])).toEqual(['*****', '*****', '*****', '*****']);
    expect(masker.erase([])).toEqual([]);
  });

  it('a JSON string without fields is a string value and is erased whole', () => {
    expect(masker.erase('{"a": 1}')).toBe('*****');
  });

  it('rejects undefined, functions, symbols and bigints with a typed error', () => {
    for (const value of [undefined, () => 1, Symbol('s'), 10n]) {
      expect(() => masker.erase(value)).toThrow(DataMaskingUnsupportedTypeError);
    }
  });
});

describe('erase: custom masks on the whole payload recurse into the structure', () => {
  const data = { email: 'john.doe@example.com', age: 30, active: true, tags: ['a-b', 'c d'], none: null };

  it('dynamicMask keeps - _ . and spaces, stringifying numbers and booleans; null becomes *****, as in Python', () => {
    expect(masker.erase(data, { dynamicMask: true })).toEqual({
      email: '****.***********.***',
      age: '**',
      active: '****',
      tags: ['*-*', '* *'],
      none: '*****',
    });
  });

  it('dynamicMask counts code points: an emoji is one *', () => {
    expect(masker.erase('a😀b', { dynamicMask: true })).toBe('***');
  });

  it("customMask is the mask itself, cut to the value's length when longer", () => {
    expect(masker.erase({ pin: '12', card: '1234567890' }, { customMask: 'XXXX' })).toEqual({ pin: 'XX', card: 'XXXX' });
    expect(masker.erase('😀😀', { customMask: '😎😎😎' })).toBe('😎😎');
  });

  it('regexPattern + maskFormat replaces every match with JS replacement syntax', () => {
    expect(masker.erase('john@example.com', { regexPattern: /(.)(.*)@/, maskFormat: '$1***@' })).toBe('j***@example.com');
    expect(masker.erase('a1b2c3', { regexPattern: '\\d', maskFormat: '#' })).toBe('a#b#c#');
    expect(masker.erase('2024-01-31', { regexPattern: /(?<y>\d{4})-\d{2}-\d{2}/, maskFormat: '$<y>-**-**' })).toBe('2024-**-**');
  });

  it('precedence, for JavaScript callers (TypeScript refuses the combinations): regex + format, then customMask, then dynamicMask', () => {
    expect(masker.erase('abc', { regexPattern: 'b', maskFormat: '_', customMask: 'Z', dynamicMask: true } as never)).toBe('a_c');
    expect(masker.erase('abc', { customMask: 'Z', dynamicMask: true } as never)).toBe('Z');
  });
});

describe('erase: with fields', () => {
  const user = {
    name: 'Ann',
    email: 'ann@example.com',
    address: { street: '1 Main St', city: 'Paris', zip: '75001' },
    cards: [
      { number: '4111', cvv: '123' },
      { number: '5500', cvv: '456' },
    ],
  };

  it('replaces a matched object with ***** and a matched array with same-length *****', () => {
    expect(masker.erase(user, { fields: ['address', 'cards'] })).toEqual({
      ...user,
      address: '*****',
      cards: ['*****', '*****'],
    });
  });

  it('the order of fields never matters', () => {
    const forward = masker.erase(user, { fields: ['address', 'address.street'] });
    const backward = masker.erase(user, { fields: ['address.street', 'address'] });
    expect(forward).toEqual({ ...user, address: '*****' });
    expect(backward).toEqual(forward);
  });

  it('applies rule options to each leaf of the selected values', () => {
    expect(masker.erase(user, { fields: ['address', 'cards[*].number'], customMask: '#' })).toEqual({
      ...user,
      address: { street: '#', city: '#', zip: '#' },
      cards: [
        { number: '#', cvv: '123' },
        { number: '#', cvv: '456' },
      ],
    });
  });

  it('maskingRules give each path its own rule; a plain field on the same location keeps its full mask', () => {
    const result = masker.erase(user, {
      fields: ['email', 'name'],
      maskingRules: {
        email: { regexPattern: /(.)(.*)@/, maskFormat: '$1***@' },
        'cards[*].number': { dynamicMask: true },
      },
    });
    expect(result).toEqual({
      ...user,
      name: '*****',
      email: '*****',
      cards: [
        { number: '****', cvv: '123' },
        { number: '****', cvv: '456' },
      ],
    });
  });

  it('maskingRules alone leave everything else untouched', () => {
    expect(masker.erase(user, { maskingRules: { 'address.zip': { customMask: '00000' } } })).toEqual({
      ...user,
      address: { ...user.address, zip: '00000' },
    });
  });

  it('accepts a top-level array and class instances (their own enumerable data)', () => {
    class Person {
      public constructor(
        public name: string,
        public ssn: string,
      ) {}
      public greet(): string {
        return this.name;
      }
    }
    expect(masker.erase([new Person('A', '1'), new Person('B', '2')], { fields: ['[*].ssn'] })).toEqual([
      { name: 'A', ssn: '*****' },
      { name: 'B', ssn: '*****' },
    ]);
  });

  it('serialises Dates through toJSON and drops undefined members, as JSON does', () => {
    const when = new Date('2024-01-02T03:04:05.000Z');
    expect(masker.erase({ when, gone: undefined, list: [undefined], secret: 1 }, { fields: ['secret'] })).toEqual({
      when: '2024-01-02T03:04:05.000Z',
      list: [null],
      secret: '*****',
    });
  });

  it('never mutates the input and shares no object with it', () => {
    const input = structuredClone(user);
    const result = masker.erase(input, { fields: ['email'] }) as typeof user;
    expect(input).toEqual(user);
    expect(result.address).not.toBe(input.address);
    expect(result.cards).not.toBe(input.cards);
    expect(result.cards[0]).not.toBe(input.cards[0]);
  });

  it('erases the root with $', () => {
    expect(masker.erase(user, { fields: ['$'] })).toBe('*****');
  });
});

describe('erase: missing fields', () => {
  it('throws DataMaskingFieldNotFoundError naming the path, never the data', () => {
    const error = captureError(() => masker.erase({ secret: 'hunter2' }, { fields: ['secret', 'missing.path'] }));
    expect(error).toBeInstanceOf(DataMaskingFieldNotFoundError);
    expect(error.message).toContain("'missing.path'");
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain("'secret'");
  });

  it('a filter that selects nothing is missing too; maskingRules obey the flag', () => {
    expect(() => masker.erase({ a: [{ b: 1 }] }, { fields: ['a[?(@.b > 5)]'] })).toThrow(DataMaskingFieldNotFoundError);
    expect(() => masker.erase({ a: 1 }, { maskingRules: { b: { customMask: 'x' } } })).toThrow(DataMaskingFieldNotFoundError);
  });

  it('with throwOnMissingField: false warns through the logger and carries on', () => {
    const warnings: string[] = [];
    const lenient = new DataMasking({ throwOnMissingField: false, logger: { warn: (message: string) => warnings.push(message) } });
    expect(lenient.erase({ a: 'x', b: 'y' }, { fields: ['a', 'nope'], maskingRules: { 'also.nope': {} } })).toEqual({ a: '*****', b: 'y' });
    expect(warnings).toHaveLength(2);
    expect(warnings.join()).toContain('nope');
    expect(warnings.join()).not.toContain('y');
  });
});

describe('erase: bad input gets a typed error', () => {
  it.each([
    ['an empty fields list', { fields: [] }],
    ['a non-array fields', { fields: 'a' }],
    ['a non-string field', { fields: [1] }],
    ['an invalid regex', { regexPattern: '(', maskFormat: '*' }],
    ['regexPattern without maskFormat', { regexPattern: 'a' }],
    ['maskFormat without regexPattern', { maskFormat: 'a' }],
    ['a non-string customMask', { customMask: 5 }],
    ['empty maskingRules', { maskingRules: {} }],
  ])('%s -> DataMaskingInvalidOptionsError', (_name, options) => {
    expect(() => masker.erase({ a: 'x' }, options as never)).toThrow(DataMaskingInvalidOptionsError);
  });

  it('an invalid path -> DataMaskingInvalidPathError with its position', () => {
    const error = captureError(() => masker.erase({ a: 1 }, { fields: ['a[?(@.b >)]'] }));
    expect(error).toBeInstanceOf(DataMaskingInvalidPathError);
    expect((error as DataMaskingInvalidPathError).position).toBe(9);
  });

  it('an invalid JSON string -> DataMaskingUnsupportedTypeError without quoting it', () => {
    const error = captureError(() => masker.erase('{"card": "4111 oops', { fields: ['card'] }));
    expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect(error.message).not.toContain('4111');
  });

  it('functions, symbols and bigints inside the data -> DataMaskingUnsupportedTypeError naming the location', () => {
    const error = captureError(() => masker.erase({ a: 1, b: { c: () => 1 } }, { fields: ['a'] }));
    expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect(error.message).toContain('$.b');
    expect(() => masker.erase({ a: 1, b: [Symbol('x')] }, { fields: ['a'] })).toThrow(DataMaskingUnsupportedTypeError);
    expect(() => masker.erase({ a: 1, b: 2n }, { fields: ['$..a'] })).toThrow(DataMaskingUnsupportedTypeError);
    expect(() => masker.erase({ a: 1, b: new Map() }, { fields: ['a'] })).toThrow(DataMaskingUnsupportedTypeError);
  });

  it('circular references and data deeper than MAX_DEPTH -> typed errors, never a stack overflow', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(captureError(() => masker.erase(circular, { fields: ['a'] })).message).toContain('circular');
    expect(captureError(() => masker.erase(circular, { fields: ['$..a'] })).message).toContain('circular');
    let deep: unknown = 'leaf';
    for (let level = 0; level < MAX_DEPTH + 10; level++) deep = { next: deep };
    const error = captureError(() => masker.erase({ deep, a: 1 }, { fields: ['a'] }));
    expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect(error.message).toContain(String(MAX_DEPTH));
    expect(() => masker.erase(circular, { dynamicMask: true })).toThrow(DataMaskingUnsupportedTypeError);
  });

  it('every error is a DataMaskingError with its own name', () => {
    const error = captureError(() => masker.erase({}, { fields: ['x'] }));
    expect(error).toBeInstanceOf(DataMaskingError);
    expect(error.name).toBe('DataMaskingFieldNotFoundError');
  });
});

function captureError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
