/**
 * Fail closed (issue 9, engine): through the public API, no value escapes erase in clear and
 * every failure is typed. One describe per attack class: member names, polluted prototypes,
 * JSON views (toJSON, getters, binary data), Python parity, bounded error messages.
 */
import {
  DataMasking,
  DataMaskingError,
  DataMaskingFieldNotFoundError,
  DataMaskingInvalidOptionsError,
  DataMaskingInvalidPathError,
  DataMaskingUnsupportedTypeError,
} from '../../src';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const strict = new DataMasking();
const silent = { warn: () => undefined };
const lenient = new DataMasking({ throwOnMissingField: false, logger: silent });

const errorOf = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, got a result');
};

describe('member names constructor, prototype and __proto__ in data are data', () => {
  const data = (): Record<string, unknown> =>
    JSON.parse('{"constructor":{"x":"c-secret"},"prototype":{"x":"p-secret"},"__proto__":{"x":"q-secret"},"y":{"x":"ok"}}') as Record<string, unknown>;

  it.each(['$..x', '$.*.x', '$..*', '$.*'])('%s reaches and masks them; Object.prototype is untouched', (path) => {
    const result = strict.erase(data(), { fields: [path] }) as Record<string, unknown>;
    const text = JSON.stringify(result);
    for (const secret of ['c-secret', 'p-secret', 'q-secret', 'ok']) expect(text).not.toContain(secret);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('a class instance whose own members are named constructor/prototype is masked by $.*', () => {
    class Holder {
      public constructor() {
        Object.defineProperty(this, 'constructor', { value: 'secret-1', enumerable: true });
        (this as unknown as Record<string, unknown>).prototype = 'secret-2';
      }
    }
    expect(JSON.stringify(strict.erase(new Holder(), { fields: ['$.*'] }))).toBe('{"constructor":"*****","prototype":"*****"}');
  });

  it('writing such a name inside a path is still refused', () => {
    for (const path of ['a.__proto__', "$['constructor']", '$[?(@.prototype)]']) {
      expect(errorOf(() => lenient.erase({ a: 1 }, { fields: [path] }))).toBeInstanceOf(DataMaskingInvalidPathError);
    }
  });
});

describe('options are read as own properties only (a polluted Object.prototype changes nothing)', () => {
  const data = { email: 'a@b.c', name: 'Ann', card: { number: '4111' } };
  const pollute = (key: string, value: unknown, run: () => void): void => {
    const target = Object.prototype as Record<string, unknown>;
    target[key] = value;
    try {
      run();
    } finally {
      delete target[key];
    }
    expect(Object.hasOwn(Object.prototype, key)).toBe(false);
  };

  it.each<[string, unknown]>([
    ['fields', ['name']],
    ['maskingRules', { name: { customMask: 'X' } }],
    ['regexPattern', /^$/],
    ['maskFormat', '$&'],
    ['customMask', 'SAFE'],
    ['dynamicMask', true],
  ])('Object.prototype.%s neither switches masking off nor changes what is selected', (key, value) => {
    const expectedFields = strict.erase(data, { fields: ['email', 'card.number'] });
    const expectedWhole = strict.erase(data);
    const expectedRules = strict.erase(data, { maskingRules: { email: { dynamicMask: true } } });
    pollute(key, value, () => {
      expect(strict.erase(data, { fields: ['email', 'card.number'] })).toEqual(expectedFields);
      expect(strict.erase(data)).toEqual(expectedWhole);
      expect(strict.erase(data, { maskingRules: { email: { dynamicMask: true } } })).toEqual(expectedRules);
    });
  });

  it('Object.prototype.regexPattern + maskFormat cannot turn the default mask into a no-op', () => {
    pollute('regexPattern', /^$/, () =>
      pollute('maskFormat', '', () => {
        expect(strict.erase(data, { fields: ['email'] })).toEqual({ ...data, email: '*****' });
        expect(strict.erase('secret')).toBe('*****');
      }),
    );
  });

  it('Object.prototype.throwOnMissingField = false does not silence a missing path', () => {
    pollute('throwOnMissingField', false, () => {
      expect(errorOf(() => new DataMasking().erase(data, { fields: ['nope'] }))).toBeInstanceOf(DataMaskingFieldNotFoundError);
    });
  });

  it('Object.prototype.logger is not used', () => {
    const warn = jest.fn();
    pollute('logger', { warn }, () => {
      const masker = new DataMasking({ throwOnMissingField: false });
      const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      try {
        masker.erase(data, { fields: ['nope'] });
      } finally {
        spy.mockRestore();
      }
      expect(warn).not.toHaveBeenCalled();
    });
  });

  it('a hole in fields is not filled from a polluted Array.prototype', () => {
    const arrayPrototype = Array.prototype as unknown as Record<string, unknown>;
    arrayPrototype[0] = 'name';
    try {
      // eslint-disable-next-line no-sparse-arrays
      // biome-ignore lint/suspicious/noSparseArray: a list with a hole is the input under test
      const fields = [, 'email'] as unknown as string[];
      expect(errorOf(() => strict.erase(data, { fields }))).toBeInstanceOf(DataMaskingInvalidOptionsError);
    } finally {
      delete arrayPrototype[0];
    }
  });

  it('a rule inherits nothing: its own members only', () => {
    const rule = Object.create({ customMask: 'LEAK' }) as object;
    expect(strict.erase(data, { maskingRules: { email: rule } })).toEqual({ ...data, email: '*****' });
  });

  it('options that are not booleans or loggers are refused', () => {
    expect(() => new DataMasking({ throwOnMissingField: 'false' as unknown as boolean })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => new DataMasking({ logger: {} as never })).toThrow(DataMaskingInvalidOptionsError);
  });
});

describe('erase reads and returns the JSON view (what JSON.stringify would serialize)', () => {
  /** A Mongoose-style document: fields live in a private store, toJSON() exposes them. */
  class Doc {
    readonly #store: Record<string, unknown>;
    public constructor(store: Record<string, unknown>) {
      this.#store = store;
    }
    public toJSON(): Record<string, unknown> {
      return { ...this.#store };
    }
  }

  it('filters run on the toJSON view, so a Mongoose-style document cannot escape them', () => {
    const data = { users: [new Doc({ role: 'admin', ssn: '111' }), new Doc({ role: 'user', ssn: '222' })] };
    expect(strict.erase(data, { fields: ["$.users[?(@.role == 'admin')].ssn"] })).toEqual({
      users: [
        { role: 'admin', ssn: '*****' },
        { role: 'user', ssn: '222' },
      ],
    });
    expect(strict.erase(new Doc({ a: { ssn: '1' } }), { fields: ['$[?(@.ssn)]'] })).toEqual({ a: '*****' });
  });

  it('a DTO whose toJSON() hides a member never gets it back, selected or not', () => {
    class User {
      public constructor(
        public name: string,
        public passwordHash: string,
      ) {}
      public toJSON() {
        return { name: this.name };
      }
    }
    const user = new User('Ann', 'HASH-SECRET');
    for (const options of [{ fields: ['user.name'] }, { fields: ['$.*'] }, { dynamicMask: true }, {}]) {
      expect(JSON.stringify(strict.erase({ user }, options))).not.toContain('HASH-SECRET');
    }
  });

  it('the output equals erasing JSON.parse(JSON.stringify(input))', () => {
    const input = { at: new Date(0), doc: new Doc({ b: 1, c: [1, 2] }), skip: undefined };
    const plain = JSON.parse(JSON.stringify(input)) as unknown;
    for (const fields of [['doc.b'], ['$..*'], ['at'], ['doc.c']]) {
      expect(strict.erase(input, { fields })).toEqual(strict.erase(plain, { fields }));
    }
    expect(strict.erase(new Doc({ list: [1, 2] }))).toBe('*****');
  });

  it('a throwing getter or toJSON() is a typed error, the original as cause, no value in the message', () => {
    const getter = {
      a: 1,
      get secret(): string {
        throw new Error('SECRET-VALUE-123');
      },
    };
    const throwingJson = {
      a: {
        toJSON: () => {
          throw new Error('SECRET-VALUE-123');
        },
      },
    };
    for (const [data, options] of [
      [getter, { fields: ['a'] }],
      [getter, { dynamicMask: true }],
      [throwingJson, { fields: ['a'] }],
      [throwingJson, { fields: ['$..x'] }],
      [{ list: [throwingJson] }, { fields: ['list[?(@.a.b)]'] }],
    ] as const) {
      const error = errorOf(() => strict.erase(data, options));
      expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
      expect(error.message).not.toContain('SECRET-VALUE-123');
      expect((error.cause as Error).message).toBe('SECRET-VALUE-123');
    }
  });

  it("a plain object's own toJSON getter is read once, selected or in an untouched subtree", () => {
    for (const fields of [['doc'], ['other'], ['doc.x'], ['$..x']]) {
      let reads = 0;
      const doc = { x: 'in-clear' };
      Object.defineProperty(doc, 'toJSON', {
        get: () => {
          reads++;
          return () => ({ x: 'view' });
        },
        enumerable: false,
      });
      const result = lenient.erase({ doc, other: 1 }, { fields });
      expect(reads).toBe(1);
      expect(JSON.stringify(result)).not.toContain('in-clear');
    }
  });

  it('a Proxy whose toJSON appears only on a second read is refused, never copied in clear', () => {
    let reads = 0;
    const target = { secret: 'in-clear', toJSON: () => ({ secret: 'view' }) };
    const proxy = new Proxy(target, { get: (object, key) => (key === 'toJSON' && reads++ === 0 ? undefined : Reflect.get(object, key)) });
    const error = errorOf(() => strict.erase({ p: proxy, a: 1 }, { fields: ['a'] }));
    expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect(error.message).not.toContain('in-clear');
  });

  it('a throwing Proxy is a typed error too', () => {
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    expect(errorOf(() => strict.erase({ p: proxy }, { fields: ['p.x'] }))).toBeInstanceOf(DataMaskingUnsupportedTypeError);
  });

  it('Buffer, typed arrays and DataView are refused as binary data, selected or not, whole or by field', () => {
    for (const binary of [Buffer.from('secret'), new Uint8Array([1, 2]), new Float64Array(1), new DataView(new ArrayBuffer(2))]) {
      for (const run of [
        () => strict.erase({ b: binary, a: 1 }, { fields: ['a'] }),
        () => strict.erase({ b: binary }, { fields: ['b'] }),
        () => strict.erase({ b: binary }, { dynamicMask: true }),
        () => strict.erase(binary),
      ]) {
        const error = errorOf(run);
        expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
        expect(error.message).toMatch(/Buffer|typed array|DataView/);
      }
    }
  });
});

describe('Python parity', () => {
  it('null under dynamicMask or customMask becomes *****, at the root and inside a selected object or array', () => {
    expect(strict.erase(null, { dynamicMask: true })).toBe('*****');
    expect(strict.erase(null, { customMask: 'X' })).toBe('*****');
    expect(strict.erase({ a: { b: null, c: [null, 'xy'] } }, { fields: ['a'], dynamicMask: true })).toEqual({ a: { b: '*****', c: ['*****', '**'] } });
    expect(strict.erase({ a: null }, { fields: ['a'], customMask: 'X' })).toEqual({ a: '*****' });
  });

  it('a maskingRules rule that selects a null leaves it', () => {
    expect(strict.erase({ a: null, b: 'x' }, { maskingRules: { a: { dynamicMask: true }, b: { dynamicMask: true } } })).toEqual({ a: null, b: '*' });
    expect(strict.erase({ a: null }, { maskingRules: { a: {} } })).toEqual({ a: null });
  });

  it('an empty customMask means the default mask', () => {
    expect(strict.erase({ a: 'xyz' }, { fields: ['a'], customMask: '' })).toEqual({ a: '*****' });
    expect(strict.erase('xyz', { customMask: '' })).toBe('*****');
    expect(strict.erase({ a: 'xy' }, { fields: ['a'], customMask: '', dynamicMask: true } as never)).toEqual({ a: '**' }); // as JavaScript may
  });

  it('fields on a number, a boolean or null is an unsupported type, also from a JSON string', () => {
    for (const data of [42, true, null, '42', 'null']) {
      expect(errorOf(() => lenient.erase(data, { fields: ['a'] }))).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    }
  });

  it('a selected function is refused like any value JSON cannot hold (never erased silently)', () => {
    for (const options of [{ fields: ['f'] }, { fields: ['f'], dynamicMask: true }, { fields: ['$.*'] }]) {
      expect(errorOf(() => strict.erase({ f: () => 1 }, options))).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    }
  });
});

describe('error messages are escaped and bounded', () => {
  const expectShortLine = (error: Error): void => {
    expect(error).toBeInstanceOf(DataMaskingError);
    expect(error.message.length).toBeLessThan(600);
    expect(error.message).not.toMatch(/[\u0000-\u001f\u2028\u2029]/);
  };

  it('a 100 KB path', () => {
    const path = `a.${'b'.repeat(100_000)}`;
    expectShortLine(errorOf(() => strict.erase({ a: 1 }, { fields: [path] })));
    expectShortLine(errorOf(() => strict.erase({ a: 1 }, { fields: [`${path}[`] })));
  });

  it('a path with line breaks and control characters', () => {
    const path = "$['line\\nbreak\\u0000\\u2028']";
    const error = errorOf(() => strict.erase({ a: 1 }, { fields: [path] }));
    expectShortLine(error);
    const invalid = errorOf(() => strict.erase({ a: 1 }, { fields: ['a\n\r.[x'] }));
    expectShortLine(invalid);
  });

  it('a warning for a missing path is one bounded line', () => {
    const warnings: string[] = [];
    new DataMasking({ throwOnMissingField: false, logger: { warn: (message: string) => void warnings.push(message) } }).erase(
      { a: 1 },
      { fields: [`$['x\ny${'z'.repeat(50_000)}']`] },
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.length).toBeLessThan(600);
    expect(warnings[0]).not.toContain('\n');
  });

  it('a cycle, a deep document and a key with line breaks', () => {
    const cycle: Record<string, unknown> = { a: {} };
    (cycle.a as Record<string, unknown>).a = cycle;
    expectShortLine(errorOf(() => strict.erase(cycle, { fields: ['$..zz'] })));
    let deep: Record<string, unknown> = { end: 1 };
    for (let index = 0; index < 600; index++) deep = { [`k${'y'.repeat(50)}\n`]: deep };
    expectShortLine(errorOf(() => strict.erase(deep, { fields: ['$..end'] })));
    expectShortLine(errorOf(() => strict.erase({ ['bad\nkey'.repeat(1000)]: () => 1 }, { fields: ['a'] })));
  });

  it('many missing paths are counted, not all listed', () => {
    const fields = Array.from({ length: 500 }, (_, index) => `missing_${index}`);
    expectShortLine(errorOf(() => strict.erase({ a: 1 }, { fields })));
  });
});
