/**
 * Security: prototype pollution through paths or documents, the published jsonpath-plus RCE
 * payloads used as field paths, hostile expressions and documents (typed errors, never a stack
 * overflow), and no code evaluation anywhere in src/.
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataMasking } from '../../src/DataMasking';
import { DataMaskingFieldNotFoundError, DataMaskingInvalidPathError, DataMaskingUnsupportedTypeError } from '../../src/errors';
import { compilePath } from '../../src/jsonpath/compile';
import { selectLocations } from '../../src/jsonpath/walk';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const strict = new DataMasking();
const lenient = new DataMasking({ throwOnMissingField: false, logger: { warn: () => undefined } });

/** What must never change: the members of the built-in prototypes and what a fresh object inherits. */
const globalsSnapshot = () => ({
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  func: Object.getOwnPropertyNames(Function.prototype).sort(),
  string: Object.getOwnPropertyNames(String.prototype).sort(),
  inherited: ['polluted', 'x', 'isAdmin'].map((key) => (({}) as Record<string, unknown>)[key]),
  prototypeOfPlain: Object.getPrototypeOf({}) === Object.prototype,
});
const GLOBALS = globalsSnapshot();
const expectGlobalsUnchanged = (): void => {
  expect(globalsSnapshot()).toEqual(GLOBALS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
};

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
};

/** Runs `run` and returns the typed error it throws (failing the test if it throws nothing). */
const errorOf = (run: () => unknown): Error => {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, got a result');
};

describe('prototype pollution through paths', () => {
  const forbiddenPaths = [
    '__proto__.polluted',
    '__proto__',
    'constructor.prototype.polluted',
    "['__proto__']['x']",
    '$["__proto__"].polluted',
    '$["__pro\\u0074o__"].polluted', // an escaped name is checked after decoding
    '$..__proto__',
    '$..__proto__.polluted',
    '$..constructor.prototype',
    'a.constructor',
    'a.prototype.x',
    "$['a','__proto__']",
    '$[?(@.__proto__)]',
    "$[?(@['constructor'])]",
    '$..[?(@.constructor.prototype.polluted == 1)]',
    '$[?($.__proto__.polluted == 1)]',
  ];

  it.each(forbiddenPaths)('%s is rejected with a typed DataMaskingInvalidPathError naming the path and position', (field) => {
    for (const masker of [strict, lenient]) {
      for (const data of [{ a: { b: 1 } }, JSON.parse('{"__proto__": {"polluted": 1}, "a": {"prototype": {"x": 1}}}')]) {
        const error = errorOf(() => masker.erase(data, { fields: [field] }));
        expect(error).toBeInstanceOf(DataMaskingInvalidPathError);
        const { path, position } = error as DataMaskingInvalidPathError;
        expect(path).toBe(field);
        expect(field.slice(position)).toMatch(/^['"]?(__proto__|__pro\\u0074o__|constructor|prototype)/);
        expect(errorOf(() => masker.erase(data, { maskingRules: { [field]: { customMask: 'x' } } }))).toBeInstanceOf(DataMaskingInvalidPathError);
      }
    }
    expectGlobalsUnchanged();
  });

  it.each(['toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf', 'a.toString', 'a.length', 's.length'])(
    '%s (an inherited member, not an own one) selects nothing',
    (field) => {
      const data = { a: [1, 2], s: 'text' };
      expect(selectLocations(data, compilePath(field))).toEqual([]);
      expect(errorOf(() => strict.erase(data, { fields: [field] }))).toBeInstanceOf(DataMaskingFieldNotFoundError);
      expect(selectLocations(data, compilePath(`$[?(@.${field.split('.').pop()})]`))).toEqual([]);
      expectGlobalsUnchanged();
    },
  );
});

describe('documents carrying __proto__ / constructor keys (JSON.parse makes them own members)', () => {
  const TEXT =
    '{"__proto__": {"polluted": 1}, "a": 1, "constructor": {"prototype": {"polluted": 2}},' +
    ' "nested": {"__proto__": {"polluted": 3}, "b": 2}, "list": [{"__proto__": {"polluted": 4}, "b": 3}]}';
  const hostile = (): Record<string, unknown> => JSON.parse(TEXT) as Record<string, unknown>;

  /** The output is plain data: Object.prototype everywhere, `__proto__` kept as an own data member. */
  const expectPlainWithOwnProto = (value: unknown, input: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      expect(Object.getPrototypeOf(value)).toBe(Array.prototype);
    } else {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      const inputProto = Object.getOwnPropertyDescriptor(input, '__proto__');
      if (inputProto !== undefined) {
        const outputProto = Object.getOwnPropertyDescriptor(value, '__proto__');
        expect(outputProto).toBeDefined();
        expect(outputProto!.enumerable).toBe(true);
        expect('value' in outputProto!).toBe(true); // a data member, not the accessor
      }
    }
    for (const key of Object.keys(value)) {
      expectPlainWithOwnProto((value as Record<string, unknown>)[key], (input as Record<string, unknown> | undefined)?.[key]);
    }
  };

  type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Sets an own data member, as JSON.parse would (plain assignment of `__proto__` would set the prototype). */
  const define = (target: Doc, key: string, value: unknown): void => {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  };
  it.each<[string, (expected: Doc) => void]>([
    [
      '*',
      (d) => {
        for (const key of ['__proto__', 'a', 'constructor', 'nested']) define(d, key, '*****');
        d.list = ['*****'];
      },
    ],
    [
      '$..*',
      (d) => {
        for (const key of ['__proto__', 'a', 'constructor', 'nested']) define(d, key, '*****');
        d.list = ['*****'];
      },
    ],
    [
      '$..b',
      (d) => {
        d.nested.b = '*****';
        d.list[0].b = '*****';
      },
    ],
    [
      '$[?(@ == 1)]',
      (d) => {
        d.a = '*****';
      },
    ],
    [
      'nested.*',
      (d) => {
        define(d.nested, '__proto__', '*****');
        d.nested.b = '*****';
      },
    ],
    [
      '$..[?(@.b == 2)]',
      (d) => {
        d.nested = '*****';
      },
    ],
    [
      '$.list[?(@.b)]',
      (d) => {
        d.list[0] = '*****';
      },
    ],
    [
      '$..polluted',
      (d) => {
        define(d, '__proto__', { polluted: '*****' });
        d.constructor.prototype.polluted = '*****';
        define(d.nested, '__proto__', { polluted: '*****' });
        define(d.list[0], '__proto__', { polluted: '*****' });
      },
    ],
    [
      '$..[?(@.polluted == 3)]',
      (d) => {
        define(d.nested, '__proto__', '*****');
      },
    ],
    [
      '$.nested[?(@.polluted)]',
      (d) => {
        define(d.nested, '__proto__', '*****');
      },
    ],
  ])('%s reaches members named __proto__ / constructor / prototype as data, defined on the copy', (field, change) => {
    const input = deepFreeze(hostile());
    const before = JSON.stringify(input);
    const output = strict.erase(input, { fields: [field] }) as Record<string, unknown>;
    const expected = hostile();
    change(expected);
    // Compare as JSON text: it shows own `__proto__` members, and their order.
    expect(JSON.stringify(output)).toBe(JSON.stringify(expected));
    // The data under the own `__proto__` keys is copied, never the same object.
    expect(Object.getOwnPropertyDescriptor(output, '__proto__')!.value).not.toBe(Object.getOwnPropertyDescriptor(input, '__proto__')!.value);
    expect((output as { polluted?: unknown }).polluted).toBeUndefined();
    expectPlainWithOwnProto(output, input);
    // The (deep-frozen) input is unchanged. (Compared as JSON: jest's equality is unreliable on objects
    // whose own `constructor` / `__proto__` members are data.)
    expect(JSON.stringify(input)).toBe(before);
    expectGlobalsUnchanged();
  });

  it.each([
    ['dynamicMask', { dynamicMask: true }, '*'],
    ['customMask', { customMask: '#' }, '#'],
  ])('$..polluted with %s masks the values under __proto__ / constructor.prototype too', (_name, rule, mask) => {
    const output = strict.erase(hostile(), { fields: ['$..polluted'], ...rule }) as Doc;
    expect(Object.getOwnPropertyDescriptor(output, '__proto__')!.value).toEqual({ polluted: mask });
    expect(Object.getOwnPropertyDescriptor(output.constructor as object, 'prototype')!.value).toEqual({ polluted: mask });
    expectPlainWithOwnProto(output, hostile());
    expectGlobalsUnchanged();
  });

  it('filters read members named __proto__ as data: $..[?(@.polluted)] selects the objects holding one', () => {
    const output = strict.erase(hostile(), { fields: ['$..[?(@.polluted)]'] }) as Doc;
    expect(Object.getOwnPropertyDescriptor(output, '__proto__')!.value).toBe('*****');
    expect(Object.getOwnPropertyDescriptor(output.constructor as object, 'prototype')!.value).toBe('*****');
    expect(JSON.stringify(output.nested)).toBe('{"__proto__":"*****","b":2}');
    expectGlobalsUnchanged();
  });

  it('the JSON text itself, and the whole-payload masks, change nothing global either', () => {
    const fromText = strict.erase(TEXT, { fields: ['$..b', 'a'] }) as Record<string, unknown>;
    expectPlainWithOwnProto(fromText, hostile());
    expect(Object.getOwnPropertyDescriptor(fromText, '__proto__')!.value).toEqual({ polluted: 1 });
    for (const options of [{ dynamicMask: true }, { customMask: '#' }, { regexPattern: '\\d', maskFormat: '#' }]) {
      const masked = strict.erase(hostile(), options);
      expectPlainWithOwnProto(masked, hostile());
      expect(Object.hasOwn(masked as object, '__proto__')).toBe(true);
    }
    expect(strict.erase(hostile())).toBe('*****');
    expectGlobalsUnchanged();
  });

  it('a member someone added to Object.prototype is never selected nor copied as an own member', () => {
    const key = 'injectedByAnotherLibrary';
    Object.defineProperty(Object.prototype, key, { value: 'inherited', enumerable: true, configurable: true, writable: true });
    try {
      const output = strict.erase({ a: 1, b: { c: 2 } }, { fields: ['*'] }) as Record<string, unknown>;
      expect(Object.keys(output)).toEqual(['a', 'b']);
      const copy = strict.erase({ a: 1, b: { c: 2 } }, { fields: ['a'] }) as Record<string, unknown>;
      expect(Object.keys(copy)).toEqual(['a', 'b']);
      expect(Object.keys(copy.b as object)).toEqual(['c']);
      expect(errorOf(() => strict.erase({ a: 1 }, { fields: [key] }))).toBeInstanceOf(DataMaskingFieldNotFoundError);
      expect(errorOf(() => strict.erase({ a: { b: 1 } }, { fields: [`$[?(@.${key})]`] }))).toBeInstanceOf(DataMaskingFieldNotFoundError);
    } finally {
      delete (Object.prototype as Record<string, unknown>)[key];
    }
    expectGlobalsUnchanged();
  });
});

describe('the published jsonpath-plus RCE payloads run no code', () => {
  const flag = '__dataMaskingPwned';
  const file = join(tmpdir(), `data-masking-pwned-${process.pid}-${Date.now()}`);
  /** JavaScript a payload would run: sets a global flag, then writes a file. Quoted with `q`. */
  const sentinelCode = (q: "'" | '"'): string =>
    `globalThis.${flag}=${q}pwned${q};this.process.getBuiltinModule(${q}fs${q}).writeFileSync(${q}${file}${q},${q}pwned${q})`;
  const escapeFor = (code: string, q: "'" | '"'): string => code.replace(/\\/g, '\\\\').replaceAll(q, `\\${q}`);

  const templates: [string, (code: (q: "'" | '"') => string) => string][] = [
    // CVE-2024-21534 (jsonpath-plus < 10.0.7): script expression reaching Function through `constructor`.
    ['script expression', (code) => `$[(this.constructor.constructor("${escapeFor(code("'"), '"')}")())]`],
    // JSONPath-Plus issue #226 (bypass of 10.0.0's fix).
    ['issue 226', (code) => `$[?(var _$_root=[].constructor.constructor("${escapeFor(code("'"), '"')}");@root())]`],
    // CVE-2025-1302 (jsonpath-plus < 10.3.0, safe eval bypass).
    ['CVE-2025-1302', (code) => `$..[?(p="${escapeFor(code("'"), '"')}";a=''[['constructor']][['constructor']](p);a())]`],
    ['@.constructor.constructor', (code) => `$[?(@.constructor.constructor("${escapeFor(code("'"), '"')}")())]`],
    ['..@.constructor.constructor', (code) => `$..[?(@.constructor.constructor('${escapeFor(code('"'), "'")}')())]`],
    ["@['constructor']['constructor']", (code) => `$..[?(@['constructor']['constructor']('${escapeFor(code('"'), "'")}')())]`],
    ['through __proto__', (code) => `$[?(@.a.__proto__.constructor.constructor("${escapeFor(code("'"), '"')}")())]`],
    ['@property', (code) => `$..*[?(@property == 'a' && @.constructor.constructor("${escapeFor(code("'"), '"')}")())]`],
    ['comparison operand', (code) => `$[?(@.a == [].constructor.constructor("${escapeFor(code("'"), '"')}")())]`],
  ];
  const published = [
    "$..[?(p=\"console.log(this.process.mainModule.require('child_process').execSync('id').toString())\";a=''[['constructor']][['constructor']](p);a())]",
    '$[?(var _$_root=[].constructor.constructor("console.log(this.process.mainModule.require(\\"child_process\\").execSync(\\"id\\").toString())");@root())]',
    '$[(this.constructor.constructor("require(\\"child_process\\").exec(\\"cat /etc/passwd\\")")())]',
  ];
  const payloads: [string, string][] = [
    ...templates.map(([name, template]): [string, string] => [name, template(sentinelCode)]),
    ...published.map((payload, index): [string, string] => [`published #${index + 1}`, payload]),
  ];

  const reset = (): void => {
    delete (globalThis as Record<string, unknown>)[flag];
    rmSync(file, { force: true });
  };
  beforeEach(reset);
  afterAll(reset);

  it('control: the sentinel code, when actually executed, sets the flag and writes the file', () => {
    // Deliberately evaluated here (in the test, never in src/) to prove the sentinel detects execution.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function(sentinelCode("'"))();
    expect((globalThis as Record<string, unknown>)[flag]).toBe('pwned');
    expect(existsSync(file)).toBe(true);
  });

  it.each(payloads)('%s: a typed DataMaskingInvalidPathError or no effect', (_name, payload) => {
    const documents = [{ a: 'x', example: true }, [{ a: { b: 1 } }], JSON.parse('{"__proto__": {"a": 1}, "a": {"a": 1}}')];
    for (const data of documents) {
      for (const run of [
        () => strict.erase(data, { fields: [payload] }),
        () => lenient.erase(data, { fields: ['a', payload] }),
        () => lenient.erase(data, { maskingRules: { [payload]: { dynamicMask: true } } }),
        () => selectLocations(data, compilePath(payload)),
      ]) {
        let outcome: unknown;
        try {
          outcome = run();
        } catch (error) {
          outcome = error;
        }
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(DataMaskingInvalidPathError);
      }
    }
    expect((globalThis as Record<string, unknown>)[flag]).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    expectGlobalsUnchanged();
  });
});

describe('hostile expressions and documents fail typed, never with a stack overflow', () => {
  const data = { a: [{ a: 1 }, { a: 2 }] };

  it.each([
    ['10,000 nested parentheses', `$.a[?(${'('.repeat(10_000)}@.a == 1${')'.repeat(10_000)})]`],
    ['10,000 negations', `$.a[?(${'!'.repeat(10_000)}@.a)]`],
    ['10,000 unclosed parentheses', `$.a[?(${'('.repeat(10_000)}`],
    ['100,000 nested parentheses', `$.a[?(${'('.repeat(100_000)}@.a == 1${')'.repeat(100_000)})]`],
    ['10,000 nested brackets', `$${'['.repeat(10_000)}`],
  ])('%s: DataMaskingInvalidPathError', (_name, field) => {
    expect(errorOf(() => strict.erase(data, { fields: [field] }))).toBeInstanceOf(DataMaskingInvalidPathError);
  });

  // ENGINE BUG (fails until fixed): `||` / `&&` chains are not counted by the filter nesting limit,
  // parse into a left-deep tree of that many levels, and evaluateFilter recurses through it:
  // ~8,000 operands overflow the stack (RangeError) instead of a typed error or a result.
  it.each([
    ['||', 10_000],
    ['&&', 10_000],
    ['||', 100_000],
  ])('a chain of %s with %i operands: a typed DataMaskingInvalidPathError or the right result, never RangeError', (operator, count) => {
    const field = `$.a[?(${Array.from({ length: count }, () => '@.a == 1').join(` ${operator} `)})]`;
    let outcome: unknown;
    try {
      outcome = strict.erase(data, { fields: [field] });
    } catch (error) {
      outcome = error;
    }
    if (outcome instanceof Error) {
      expect(outcome).toBeInstanceOf(DataMaskingInvalidPathError);
    } else {
      expect(outcome).toEqual({ a: ['*****', { a: 2 }] });
    }
  });

  const nest = (depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown => {
    let value = leaf;
    for (let i = 0; i < depth; i++) value = wrap(value);
    return value;
  };

  it.each([
    ['a sibling copied', { deep: nest(10_000, 1, (inner) => ({ a: inner })), b: 1 }, { fields: ['b'] }],
    ['descendants searched', { deep: nest(10_000, 1, (inner) => ({ a: inner })), b: 1 }, { fields: ['$..zz'] }],
    ['a filter everywhere', { deep: nest(10_000, 1, (inner) => ({ a: inner })), b: 1 }, { fields: ['$..[?(@.zz)]'] }],
    ['arrays', [nest(10_000, 1, (inner) => [inner]), 1], { fields: ['[1]'] }],
    ['a mask over every leaf', { deep: nest(10_000, 1, (inner) => ({ a: inner })) }, { dynamicMask: true }],
    ['a rule over a deep field', { deep: nest(10_000, 1, (inner) => ({ a: inner })) }, { fields: ['deep'], customMask: '#' }],
  ])('a 10,000-deep document (%s): DataMaskingUnsupportedTypeError', (_name, document, options) => {
    const error = errorOf(() => lenient.erase(document, options));
    expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
    expect(error.message).toMatch(/deeper than \d+ levels/);
  });

  it('a 10,000-deep JSON string: DataMaskingUnsupportedTypeError', () => {
    const text = `{"b": 1, "deep": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    expect(errorOf(() => lenient.erase(text, { fields: ['b'] }))).toBeInstanceOf(DataMaskingUnsupportedTypeError);
  });

  const circular = (): Record<string, unknown> => {
    const root: Record<string, unknown> = { a: 1, b: { c: 2 }, list: [] };
    (root.b as Record<string, unknown>).self = root;
    (root.list as unknown[]).push(root.list);
    return root;
  };

  it.each([[{ fields: ['a'] }], [{ fields: ['b.c'] }], [{ fields: ['$..c'] }], [{ fields: ['$..[?(@.c == 2)]'] }], [{ dynamicMask: true }]])(
    'a circular document (%j): DataMaskingUnsupportedTypeError naming the cycle',
    (options) => {
      const error = errorOf(() => lenient.erase(circular(), options));
      expect(error).toBeInstanceOf(DataMaskingUnsupportedTypeError);
      expect(error.message).toMatch(/circular/);
    },
  );
});

describe('no code evaluation in src/', () => {
  const SRC = join(__dirname, '..', '..', 'src');
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return /\.[cm]?[jt]s$/.test(name) ? [path] : [];
    });
  /** The code without comments (so prose such as "no eval, Function or vm" is not a finding). */
  const code = (path: string): string =>
    readFileSync(path, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

  const FORBIDDEN: [string, RegExp][] = [
    ['eval(', /\beval\s*\(/],
    ['indirect eval', /\[\s*['"`]eval['"`]\s*\]|\(0\s*,\s*eval\)/],
    ['new Function', /\bnew\s+Function\b/],
    ['Function(...) call', /(^|[^\w.$])Function\s*\(/],
    ['vm import', /from\s+['"](node:)?vm['"]|require\(\s*['"](node:)?vm['"]\s*\)|import\(\s*['"](node:)?vm['"]\s*\)/],
    ['string timer', /\bset(Timeout|Interval|Immediate)\s*\(\s*['"`]/],
  ];

  it('finds the source files', () => {
    expect(sources(SRC).length).toBeGreaterThan(10);
  });

  it.each(FORBIDDEN)('no %s anywhere in src/', (_name, pattern) => {
    const offenders = sources(SRC).filter((path) => pattern.test(code(path)));
    expect(offenders).toEqual([]);
  });

  it('the scanner itself catches each form', () => {
    const samples: Record<string, string[]> = {
      'eval(': ['eval("1")', 'x = eval (code)'],
      'indirect eval': ["globalThis['eval']('1')", '(0, eval)("1")'],
      'new Function': ['new Function("return 1")'],
      'Function(...) call': ['Function("return 1")()', 'const f = Function(body)'],
      'vm import': ["import vm from 'node:vm';", "import { Script } from 'vm';", "require('vm')", "await import('node:vm')"],
      'string timer': ["setTimeout('x()', 1)"],
    };
    for (const [name, pattern] of FORBIDDEN) for (const sample of samples[name]!) expect([name, pattern.test(sample)]).toEqual([name, true]);
    // ... and does not flag what is not code evaluation.
    expect(FORBIDDEN.some(([, pattern]) => pattern.test(code.length > 0 ? 'evaluateFilter(x); const NOT_A_DTO = [Object, Function, Promise];' : ''))).toBe(
      false,
    );
  });
});
