/**
 * Erase and path fuzz campaign (fast-check): random JSON documents — deep (past the engine's
 * 512-level limit), wide, unicode keys, and `__proto__` / `constructor` / `prototype` keys as
 * JSON.parse makes them (own properties) — against random and malformed path expressions and
 * random masking options. For every sample:
 *
 * - the outcome is a result or a typed DataMaskingError of an allowed class, nothing else;
 * - the input is not mutated (its JSON text is unchanged), and the result shares no object with it;
 * - nothing is polluted: `Object.prototype`, `Array.prototype`, `Function.prototype` keep their
 *   exact own properties, `({}).polluted` and `[].polluted` stay undefined, and every object of
 *   the result has a plain prototype (a `__proto__` key never becomes a prototype);
 * - a deep-frozen copy of the input gives the same outcome (erase never tries to write into it);
 * - a path that matches nothing (warnings on) returns the document exactly, own `__proto__` keys included.
 *
 * Field-level encrypt/decrypt take the same paths through a fast in-memory provider: typed
 * errors only, input untouched, no pollution, and a round trip restores the document.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import {
  DataMasking,
  DataMaskingContextMismatchError,
  DataMaskingError,
  DataMaskingFieldNotFoundError,
  DataMaskingInvalidOptionsError,
  DataMaskingInvalidPathError,
  DataMaskingUnsupportedTypeError,
  type EncryptionProvider,
  type EraseOptions,
  type ProviderCallOptions,
  enableEncryption,
} from 'lambda-data-masking';
import type { SecretsLedger } from '../support/canary';
import { errorClassName } from '../support/runtime';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

/** The error classes erase and the path parser may throw. */
export const ERASE_ERRORS: readonly string[] = [
  DataMaskingInvalidPathError.name,
  DataMaskingFieldNotFoundError.name,
  DataMaskingInvalidOptionsError.name,
  DataMaskingUnsupportedTypeError.name,
];

// ---------------------------------------------------------------------------------------------
// Documents: generated as JSON text, then JSON.parse'd (so `__proto__` is an own property).

const SPECIAL_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'polluted',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'length',
  '0',
  '1',
  '-1',
  '*',
  '$',
  '@',
  '.',
  '..',
  "'",
  '"',
  '[',
  ']',
  '?',
  '()',
  ' ',
  '',
  'a.b',
  "a'b",
  'a b',
  'ü',
  'ключ',
  '键',
  '🔐',
  '\u0000',
  '\u202e',
  '\\',
];
const PLAIN_KEYS = ['a', 'b', 'c', 'name', 'ssn', 'items'];

const keyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...PLAIN_KEYS) },
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);

/** A canary-bearing string leaf, deterministic for shrinking. */
const canaryArb = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((n) => `CANARY-${n.toString(16).padStart(16, '0')}`);

const leafArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: canaryArb },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.integer({ min: -20000, max: 20000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

type Tree = { readonly json: string };

const jsonTree = fc.letrec<{ value: Tree; object: Tree; array: Tree }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 6, depthIdentifier: 'doc' },
    { weight: 3, arbitrary: leafArb.map((leaf) => ({ json: JSON.stringify(leaf) })) },
    { weight: 2, arbitrary: tie('object') },
    { weight: 1, arbitrary: tie('array') },
  ),
  object: fc
    .array(fc.tuple(keyArb, tie('value')), { maxLength: 6, depthIdentifier: 'doc' })
    .map((entries) => ({ json: `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value.json}`).join(',')}}` })),
  array: fc.array(tie('value'), { maxLength: 5, depthIdentifier: 'doc' }).map((items) => ({ json: `[${items.map((item) => item.json).join(',')}]` })),
}));

/** Wide: hundreds of members or elements at one level. */
const wideArb = fc.oneof(
  fc
    .array(fc.tuple(keyArb, leafArb), { minLength: 100, maxLength: 600 })
    .map(
      (entries) => `{${entries.map(([key, value], index) => `${JSON.stringify(`${key}${index % 7 === 0 ? '' : index}`)}:${JSON.stringify(value)}`).join(',')}}`,
    ),
  fc.array(leafArb, { minLength: 100, maxLength: 2000 }).map((items) => JSON.stringify({ items })),
);

/** Deep: a chain 400–700 levels deep (the engine stops at 512 with a typed error). */
const deepArb = fc
  .tuple(fc.integer({ min: 400, max: 700 }), fc.constantFrom('a', '__proto__', '0'), fc.boolean(), canaryArb)
  .map(([depth, key, arrays, leaf]) =>
    arrays
      ? `${'['.repeat(depth)}${JSON.stringify(leaf)}${']'.repeat(depth)}`
      : `${`{${JSON.stringify(key)}:`.repeat(depth)}${JSON.stringify(leaf)}${'}'.repeat(depth)}`,
  );

export const documentText: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.oneof(jsonTree.object, jsonTree.array).map((tree) => tree.json) },
  { weight: 1, arbitrary: jsonTree.value.map((tree) => tree.json) },
  { weight: 1, arbitrary: wideArb },
  { weight: 1, arbitrary: deepArb },
);

// ---------------------------------------------------------------------------------------------
// Expressions: generated valid paths, mutated paths, random strings and hostile constants.

const quote = (key: string): string => `'${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const memberSegment = keyArb.chain((key) =>
  fc.constantFrom(IDENTIFIER.test(key) ? `.${key}` : `[${quote(key)}]`, `[${quote(key)}]`, `["${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`),
);

const literal = fc.oneof(fc.integer({ min: -5, max: 20000 }).map(String), fc.constantFrom("'x'", '"y"', 'true', 'false', 'null', '1.5', "'secret'"));
const query = fc
  .array(keyArb, { minLength: 1, maxLength: 3 })
  .map((keys) => `@${keys.map((key) => (IDENTIFIER.test(key) ? `.${key}` : `[${quote(key)}]`)).join('')}`);
const comparison = fc.tuple(query, fc.constantFrom('==', '!=', '<', '<=', '>', '>='), literal).map(([q, op, l]) => `${q} ${op} ${l}`);
const filterExpression = fc.oneof(
  comparison,
  query,
  fc.tuple(comparison, fc.constantFrom('&&', '||'), query).map(([a, op, b]) => `${a} ${op} ${b}`),
  query.map((q) => `!${q}`),
  fc.tuple(query, fc.constantFrom('/x/', '/^C.*/i', '/[/', '/a{2,}/')).map(([q, re]) => `${q} =~ ${re}`),
  comparison.map((c) => `(${c})`),
);

const segment = fc.oneof(
  { weight: 6, arbitrary: memberSegment },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 6 }).map((index) => `[${index}]`) },
  { weight: 2, arbitrary: fc.constantFrom('[*]', '.*') },
  { weight: 1, arbitrary: keyArb.map((key) => (IDENTIFIER.test(key) ? `..${key}` : `..[${quote(key)}]`)) },
  { weight: 1, arbitrary: fc.constant('..*') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.option(fc.integer({ min: -4, max: 4 })), fc.option(fc.integer({ min: -4, max: 6 })), fc.option(fc.integer({ min: -3, max: 3 })))
      .map(([start, end, step]) => `[${start ?? ''}:${end ?? ''}${step === null ? '' : `:${step}`}]`),
  },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: -2, max: 4 }), { minLength: 2, maxLength: 3 }).map((indexes) => `[${indexes.join(',')}]`) },
  { weight: 1, arbitrary: fc.array(keyArb, { minLength: 2, maxLength: 3 }).map((keys) => `[${keys.map(quote).join(',')}]`) },
  { weight: 2, arbitrary: filterExpression.chain((expression) => fc.constantFrom(`[?(${expression})]`, `[?${expression}]`)) },
);

/** A syntactically valid path (the parser may still refuse a forbidden key, with a typed error). */
export const validPath: fc.Arbitrary<string> = fc.tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 5 })).map(([rooted, segments]) => {
  const body = segments.join('');
  if (rooted) return `$${body}`;
  return body.startsWith('.') && !body.startsWith('..') ? body.slice(1) : body;
});

const PATH_ALPHABET = [...'$.[]*?@()\'"=!<>&|:,-0123456789 ab_~/\\'];

const mutatedPath = fc
  .tuple(validPath, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...PATH_ALPHABET), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 4 }))
  .map(([path, edits]) => {
    let text = path;
    for (const [position, other, char, kind] of edits) {
      const at = text.length === 0 ? 0 : position % text.length;
      if (kind === 0) text = text.slice(0, at) + text.slice(at + 1);
      else if (kind === 1) text = text.slice(0, at) + char + text.slice(at);
      else if (kind === 2) text = text.slice(0, at) + text.slice(at, at + 1 + (other % 6)) + text.slice(at);
      else text = text.slice(0, at) + char + text.slice(at + 1);
    }
    return text;
  });

const HOSTILE_PATHS = [
  '',
  '$',
  '$.',
  '$..',
  '..',
  '.',
  '[',
  ']',
  '[]',
  '[?]',
  '[?()]',
  '[?(@)]',
  "$['",
  '$["a]',
  '$[*',
  '$[-]',
  '$[1:2:0]',
  '__proto__.polluted',
  '$.__proto__.polluted',
  "$['__proto__']['polluted']",
  '$.constructor.prototype.polluted',
  '$..__proto__',
  '$..constructor',
  '$[?(@.__proto__)]',
  '$[?(@.constructor.prototype)]',
  '$.prototype',
  `$${'['.repeat(2000)}`,
  `$${'[?('.repeat(500)}@.a`,
  `$[?(${'('.repeat(5000)}@.a${')'.repeat(5000)})]`,
  `$[?(${'!'.repeat(5000)}@.a)]`,
  `a${'.a'.repeat(5000)}`,
  `$${'..a'.repeat(300)}`,
  `$${'[*]'.repeat(600)}`,
  '$[99999999999999999999]',
  '$[-99999999999999999999]',
  `$[0:${'9'.repeat(400)}]`,
  `$[?(@.a == '${'x'.repeat(10000)}')]`,
  '$[?(@.a =~ /(/)]',
  '$[?(@.a =~ /a/gimsuyd)]',
  '$.a\u0000b',
  '$.\u202e',
  '$.🔐',
  "$['\\u0041']",
  "$['\\'",
  '$[?(@.a == 1e309)]',
  '$[?(@.a == -0)]',
];

/** Paths whose selected locations never nest (no recursive descent, no filter), so a round trip is exact. */
export const flatPath: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    fc.array(
      fc.oneof(
        memberSegment,
        fc.integer({ min: -2, max: 3 }).map((index) => `[${index}]`),
        fc.constantFrom('[*]', '.*', '[0:2]', '[::2]', '[0,1]'),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([rooted, segments]) => {
    const body = segments.join('');
    return rooted ? `$${body}` : body.startsWith('.') ? body.slice(1) : body;
  });

type Location = readonly { readonly key: string | number; readonly length?: number }[];

/** Locations of a document, breadth first, at most `limit` and `maxDepth` deep. */
const locationsOf = (root: unknown, limit = 150, maxDepth = 6): Location[] => {
  const found: Location[] = [];
  const queue: { value: unknown; location: Location }[] = [{ value: root, location: [] }];
  while (queue.length > 0 && found.length < limit) {
    const { value, location } = queue.shift()!;
    if (location.length > 0) found.push(location);
    if (typeof value !== 'object' || value === null || location.length >= maxDepth) continue;
    if (Array.isArray(value)) value.forEach((item, index) => void queue.push({ value: item, location: [...location, { key: index, length: value.length }] }));
    else for (const key of Object.keys(value)) queue.push({ value: (value as Record<string, unknown>)[key], location: [...location, { key }] });
  }
  return found;
};

/**
 * A path to a location that exists in the document, spelled in a random mix of forms (dot,
 * single or double quoted brackets, negative indexes) — and with `wildcard`, some steps widened
 * to `[*]` / `.*`, which keeps the selected locations at one depth (never nested).
 */
const pathTo = (location: Location, rooted: boolean, styles: readonly number[], wildcard: boolean): string => {
  const body = location
    .map(({ key, length }, index) => {
      const style = styles[index % styles.length] ?? 0;
      if (wildcard && style === 3) return '[*]';
      if (typeof key === 'number') return style === 1 && length !== undefined ? `[${key - length}]` : `[${key}]`;
      if (style === 0 && IDENTIFIER.test(key)) return `.${key}`;
      return style === 2 ? `["${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]` : `[${quote(key)}]`;
    })
    .join('');
  if (rooted) return `$${body}`;
  return body.startsWith('.') ? body.slice(1) : body;
};

/** A flat path (see {@link pathTo}) to a location of the document in `text`, or a random flat path. */
export const existingPath = (text: string, wildcard = true): fc.Arbitrary<string> => {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return flatPath;
  }
  const locations = locationsOf(root);
  if (locations.length === 0) return flatPath;
  return fc
    .tuple(fc.constantFrom(...locations), fc.boolean(), fc.array(fc.integer({ min: 0, max: wildcard ? 3 : 2 }), { minLength: 1, maxLength: 6 }))
    .map(([location, rooted, styles]) => pathTo(location, rooted, styles, wildcard));
};

export const expression: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: validPath },
  { weight: 4, arbitrary: mutatedPath },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PATH_ALPHABET), { maxLength: 24 }).map((chars) => chars.join('')) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_PATHS) },
);

// ---------------------------------------------------------------------------------------------
// Options.

const ruleArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: fc.constant({ dynamicMask: true }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }).map((customMask) => ({ customMask })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('(.)(.*)', 'CANARY-(\\w{4})', '\\d', '^', '(?<n>.)', 'x*'), fc.constantFrom('$1***', '*', '$<n>', '$&$&', ''))
      .map(([regexPattern, maskFormat]) => ({ regexPattern, maskFormat })),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.tuple(fc.string({ maxLength: 6 }), fc.string({ maxLength: 4 })).map(([regexPattern, maskFormat]) => ({ regexPattern, maskFormat })),
      fc.constantFrom({ regexPattern: '(', maskFormat: '*' }, { regexPattern: '.' }, { maskFormat: '*' }, { customMask: 7 }, { dynamicMask: 'yes' }),
    ),
  },
);

export interface EraseSample {
  readonly text: string;
  readonly options: Record<string, unknown>;
  readonly throwOnMissingField: boolean;
}

export const eraseSample: fc.Arbitrary<EraseSample> = fc.tuple(documentText, fc.boolean()).chain(([text, throwOnMissingField]) => {
  // Half the paths exist in the document (so masking really happens), half are random or hostile.
  const path = fc.oneof(existingPath(text), expression);
  return fc.record({
    text: fc.constant(text),
    throwOnMissingField: fc.constant(throwOnMissingField),
    options: fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.array(path, { minLength: 1, maxLength: 4 }), ruleArb).map(([fields, rule]) => ({ fields, ...rule })) },
      { weight: 2, arbitrary: fc.array(fc.tuple(path, ruleArb), { minLength: 1, maxLength: 3 }).map((rules) => ({ maskingRules: Object.fromEntries(rules) })) },
      { weight: 1, arbitrary: ruleArb },
      { weight: 1, arbitrary: fc.constantFrom({ fields: [] }, { fields: 'a' }, { fields: [7] }, { maskingRules: [] }, { maskingRules: {} }) },
    ),
  });
});

/** A document and one path for field-level crypto: a flat path to an existing location (round trip), or any expression. */
export const cryptoSample: fc.Arbitrary<CryptoSample> = documentText.chain((text) =>
  fc.oneof(
    { weight: 3, arbitrary: existingPath(text).map((path) => ({ text, path, roundTrip: true })) },
    { weight: 1, arbitrary: flatPath.map((path) => ({ text, path, roundTrip: true })) },
    { weight: 2, arbitrary: expression.map((path) => ({ text, path, roundTrip: false })) },
  ),
);

// ---------------------------------------------------------------------------------------------
// The checks.

type ProtoSnapshot = ReadonlyMap<object, string>;

const PROTOTYPES: readonly object[] = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype];

const describeOwn = (target: object): string =>
  JSON.stringify(
    Reflect.ownKeys(target).map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
      return [String(key), typeof descriptor.value, typeof descriptor.get, descriptor.writable, descriptor.enumerable, descriptor.configurable];
    }),
  );

export const snapshotPrototypes = (): ProtoSnapshot => new Map(PROTOTYPES.map((prototype) => [prototype, describeOwn(prototype)]));

/** Throws when any prototype changed or `polluted` became visible on plain objects or arrays. */
export const assertNoPollution = (snapshot: ProtoSnapshot): void => {
  for (const [prototype, before] of snapshot) {
    if (describeOwn(prototype) !== before)
      throw new Error(`a built-in prototype was modified: ${(prototype as { constructor?: { name?: string } }).constructor?.name}`);
  }
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || ([] as unknown as Record<string, unknown>).polluted !== undefined) throw new Error('({}).polluted is defined');
  if (Object.getPrototypeOf(probe) !== Object.prototype) throw new Error('a fresh object has another prototype');
};

/** Every object reachable from `root` (iterative: documents may be 700 levels deep). */
const objectsOf = (root: unknown): Set<object> => {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    for (const key of Object.keys(value)) stack.push((value as Record<string, unknown>)[key]);
  }
  return seen;
};

const PLAIN_PROTOTYPES = new Set<unknown>([Object.prototype, Array.prototype, null]);

/** Throws when the result shares an object with the input or holds an object with an odd prototype. */
const assertDetached = (input: unknown, result: unknown): void => {
  const inputs = objectsOf(input);
  for (const object of objectsOf(result)) {
    if (inputs.has(object)) throw new Error('the result shares a mutable object with the input');
    if (!PLAIN_PROTOTYPES.has(Object.getPrototypeOf(object))) throw new Error('an object of the result has a non-plain prototype');
  }
};

const deepFreeze = (root: unknown): unknown => {
  for (const object of objectsOf(root)) Object.freeze(object);
  return root;
};

/** The outcome of one call: `ok` with the result, or the error class name (untyped errors are violations). */
const attempt = (run: () => unknown, allowed: readonly string[], ledger: SecretsLedger, label: string): { outcome: string; result?: unknown } => {
  try {
    return { outcome: 'ok', result: run() };
  } catch (error) {
    ledger.recordError(error, label);
    const name = errorClassName(error);
    if (!(error instanceof DataMaskingError)) throw new Error(`untyped error ${name}: ${error instanceof Error ? error.message : String(error)}`);
    if (!allowed.includes(name)) throw new Error(`unexpected error class ${name}: ${(error as Error).message}`);
    return { outcome: name };
  }
};

export interface FuzzTally {
  runs: number;
  readonly outcomes: Record<string, number>;
}

const count = (tally: FuzzTally, outcome: string): void => {
  tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + 1;
};

/** The property of one erase sample; throws on any violation. */
export const checkEraseSample = (sample: EraseSample, ledger: SecretsLedger, tally: FuzzTally, prototypes: ProtoSnapshot): void => {
  tally.runs += 1;
  const input = JSON.parse(sample.text) as unknown;
  const before = JSON.stringify(input);
  const masker = new DataMasking({ throwOnMissingField: sample.throwOnMissingField, logger: ledger.logger });
  const options = sample.options as EraseOptions;
  const first = attempt(() => masker.erase(input, options), ERASE_ERRORS, ledger, 'erase fuzz');
  count(tally, first.outcome);
  assertNoPollution(prototypes);
  if (JSON.stringify(input) !== before) throw new Error('erase mutated its input');
  if (first.outcome === 'ok') {
    assertDetached(input, first.result);
    JSON.stringify(first.result); // the result is JSON data
  }
  // The same call on a deep-frozen copy: the same outcome (erase never writes into its input).
  const frozen = deepFreeze(JSON.parse(sample.text));
  const second = attempt(() => masker.erase(frozen, options), ERASE_ERRORS, ledger, 'erase fuzz (frozen)');
  if (second.outcome !== first.outcome) throw new Error(`frozen input: ${second.outcome}, unfrozen: ${first.outcome}`);
  if (first.outcome === 'ok' && JSON.stringify(second.result) !== JSON.stringify(first.result)) throw new Error('frozen input gave another result');
  assertNoPollution(prototypes);
};

/** Selecting nothing (warning only) must return the document exactly, `__proto__` members included. */
export const checkIdentityCopy = (text: string, ledger: SecretsLedger, tally: FuzzTally, prototypes: ProtoSnapshot): void => {
  tally.runs += 1;
  const input = JSON.parse(text) as unknown;
  const masker = new DataMasking({ throwOnMissingField: false, logger: ledger.logger });
  const { outcome, result } = attempt(
    () => masker.erase(input, { fields: ['$.zz-no-such-member-zz'] }),
    [DataMaskingUnsupportedTypeError.name],
    ledger,
    'identity copy',
  );
  count(tally, outcome);
  assertNoPollution(prototypes);
  if (outcome !== 'ok') return;
  assertDetached(input, result);
  if (JSON.stringify(result) !== JSON.stringify(input)) throw new Error('a copy that erases nothing differs from its input');
};

/**
 * A fast, real (reversible, context-checking) provider: the ciphertext is base64 of the context
 * and the value. Field-level crypto is about paths here, not cryptography.
 */
export class JsonEnvelopeProvider implements EncryptionProvider {
  public constructor() {
    enableEncryption();
  }

  public async encrypt(value: unknown, options: ProviderCallOptions = {}): Promise<string> {
    return `ENV:${Buffer.from(JSON.stringify([options.context ?? {}, value]), 'utf8').toString('base64')}`;
  }

  public async decrypt(ciphertext: string, options: ProviderCallOptions = {}): Promise<unknown> {
    const [context, value] = JSON.parse(Buffer.from(ciphertext.slice(4), 'base64').toString('utf8')) as [unknown, unknown];
    if (!isDeepStrictEqual(context, options.context ?? {})) throw new DataMaskingContextMismatchError('context mismatch');
    return value;
  }
}

export interface CryptoSample {
  readonly text: string;
  readonly path: string;
  /** True for {@link flatPath}s: their locations never nest, so decrypt(encrypt(x)) must be x. */
  readonly roundTrip: boolean;
}

const FIELD_CRYPTO_ERRORS = [...ERASE_ERRORS, 'DataMaskingDecryptValueError', DataMaskingContextMismatchError.name];

/** Field-level encrypt then decrypt with one path: typed errors only, input untouched, round trip exact. */
export const checkCryptoSample = async (sample: CryptoSample, ledger: SecretsLedger, tally: FuzzTally, prototypes: ProtoSnapshot): Promise<void> => {
  tally.runs += 1;
  const input = JSON.parse(sample.text) as unknown;
  const before = JSON.stringify(input);
  const masker = new DataMasking({ provider: new JsonEnvelopeProvider(), throwOnMissingField: true, logger: ledger.logger });
  const context = { tenant_id: 'fuzz' };
  let encrypted: unknown;
  try {
    encrypted = await masker.encrypt(input, { fields: [sample.path], context });
  } catch (error) {
    ledger.recordError(error, 'crypto fuzz');
    const name = errorClassName(error);
    if (!(error instanceof DataMaskingError) || !FIELD_CRYPTO_ERRORS.includes(name)) {
      throw new Error(`encrypt: ${error instanceof DataMaskingError ? 'unexpected' : 'untyped'} error ${name}: ${(error as Error).message}`);
    }
    count(tally, `encrypt: ${name}`);
    assertNoPollution(prototypes);
    if (JSON.stringify(input) !== before) throw new Error('encrypt mutated its input');
    return;
  }
  assertNoPollution(prototypes);
  if (JSON.stringify(input) !== before) throw new Error('encrypt mutated its input');
  assertDetached(input, encrypted);
  const encryptedText = JSON.stringify(encrypted);
  let decrypted: unknown;
  try {
    decrypted = await masker.decrypt(encrypted, { fields: [sample.path], context });
  } catch (error) {
    ledger.recordError(error, 'crypto fuzz (decrypt)');
    const name = errorClassName(error);
    if (!(error instanceof DataMaskingError) || !FIELD_CRYPTO_ERRORS.includes(name)) {
      throw new Error(`decrypt: ${error instanceof DataMaskingError ? 'unexpected' : 'untyped'} error ${name}: ${(error as Error).message}`);
    }
    // A filter or recursive descent may select other locations once values are ciphertexts.
    if (sample.roundTrip) throw new Error(`decrypt of a flat path failed: ${name}: ${(error as Error).message}`);
    count(tally, `decrypt: ${name}`);
    return;
  }
  if (JSON.stringify(encrypted) !== encryptedText) throw new Error('decrypt mutated its input');
  assertDetached(encrypted, decrypted);
  assertNoPollution(prototypes);
  if (sample.roundTrip && JSON.stringify(decrypted) !== before) throw new Error('field-level round trip changed the document');
  count(tally, sample.roundTrip ? 'round trip' : 'encrypt + decrypt');
};

export interface EraseFuzzResult {
  readonly seed: number;
  readonly erase: FuzzTally;
  readonly identity: FuzzTally;
  readonly crypto: FuzzTally;
  /** fast-check's report of the first failing property, shrunk; undefined when all held. */
  readonly failures: readonly string[];
  readonly durationMs: number;
}

/** Runs the three properties with fast-check and tallies the outcomes. */
export const runEraseFuzz = async (
  ledger: SecretsLedger,
  runs: { erase: number; identity: number; crypto: number },
  seed: number,
): Promise<EraseFuzzResult> => {
  const started = performance.now();
  const prototypes = snapshotPrototypes();
  const erase: FuzzTally = { runs: 0, outcomes: {} };
  const identity: FuzzTally = { runs: 0, outcomes: {} };
  const crypto: FuzzTally = { runs: 0, outcomes: {} };
  const failures: string[] = [];
  const report = <Ts>(details: fc.RunDetails<Ts>): void => {
    if (details.failed) failures.push(fc.defaultReportMessage(details) ?? 'failed');
  };
  report(
    fc.check(
      fc.property(eraseSample, (sample) => checkEraseSample(sample, ledger, erase, prototypes)),
      { numRuns: runs.erase, seed },
    ),
  );
  report(
    fc.check(
      fc.property(documentText, (text) => checkIdentityCopy(text, ledger, identity, prototypes)),
      { numRuns: runs.identity, seed: seed + 1 },
    ),
  );
  report(
    await fc.check(
      fc.asyncProperty(cryptoSample, (sample) => checkCryptoSample(sample, ledger, crypto, prototypes)),
      { numRuns: runs.crypto, seed: seed + 2 },
    ),
  );
  return { seed, erase, identity, crypto, failures, durationMs: performance.now() - started };
};
