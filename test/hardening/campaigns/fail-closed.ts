/**
 * Fail-closed campaign (issue 9, erase engine): seeded random cases per attack class, each
 * checked through the public API. A case "holds" when no selected value comes out in clear,
 * nothing global changes and every failure is a typed DataMaskingError. Shared by
 * `test/hardening/fail-closed.test.ts` (CI size) and `bench/reliability.bench.ts` (full size).
 *
 * Classes:
 * - names: documents whose members are named `__proto__`, `constructor`, `prototype`, selected by `..`, `*`, filters;
 * - polluted options: `Object.prototype` given one erase option, erase compared with a clean run;
 * - overlaps: random `fields` and `maskingRules` on the same or nested locations, at least as masked as each alone;
 * - JSON views: objects with `toJSON()` (private stores, hidden members, throwing ones), getters, Proxies, binary data;
 * - regular expressions: catastrophic patterns on hostile values up to `regexBytes`, each timed;
 * - messages: megabyte, multi-line and control-character paths and member names, each error one bounded line.
 */
import { DataMasking, DataMaskingError, type EraseOptions, type MaskingRule } from 'lambda-data-masking';
import { Prng, errorClassName } from '../support/runtime';
import { enableRegex } from 'lambda-data-masking';

enableRegex(); // regexPattern rules and =~ filters are opt-in

export interface ClassTally {
  readonly name: string;
  runs: number;
  /** Cases where the property held. */
  held: number;
  /** Typed errors among the outcomes (expected for some classes). */
  typedErrors: number;
  untypedErrors: number;
  /** The first few failures, described without data. */
  readonly failures: string[];
  /** Longest case, in milliseconds (regular expressions), or longest message (messages). */
  worst: number;
}

export interface FailClosedResult {
  readonly seed: number;
  readonly classes: readonly ClassTally[];
  readonly durationMs: number;
}

export interface FailClosedOptions {
  readonly runs: number;
  readonly seed: number;
  /** Size of the hostile values for the regular-expression class. */
  readonly regexBytes: number;
}

const SECRET = 'S3CRET';
const quiet = { warn: () => undefined };
const strict = new DataMasking();
const lenient = new DataMasking({ throwOnMissingField: false, logger: quiet });

const tally = (name: string): ClassTally => ({ name, runs: 0, held: 0, typedErrors: 0, untypedErrors: 0, failures: [], worst: 0 });

const fail = (entry: ClassTally, what: string): void => {
  if (entry.failures.length < 5) entry.failures.push(what);
};

/** Runs one case: `check` returns true when it held; a thrown DataMaskingError counts as typed (and held when `typedHolds`). */
const runCase = (entry: ClassTally, label: string, check: () => boolean, typedHolds = true): void => {
  entry.runs++;
  try {
    if (check()) entry.held++;
    else fail(entry, label);
  } catch (error) {
    if (error instanceof DataMaskingError) {
      entry.typedErrors++;
      if (typedHolds) entry.held++;
      else fail(entry, `${label}: ${errorClassName(error)}`);
    } else {
      entry.untypedErrors++;
      fail(entry, `${label}: untyped ${errorClassName(error)}`);
    }
  }
};

const globalsIntact = (): boolean =>
  Object.getOwnPropertyNames(Object.prototype).length === OBJECT_PROTOTYPE_SIZE && ({} as Record<string, unknown>).x === undefined;
const OBJECT_PROTOTYPE_SIZE = Object.getOwnPropertyNames(Object.prototype).length;

// --- names ------------------------------------------------------------------------------------
const NAMES = ['__proto__', 'constructor', 'prototype', 'a', 'x'];

const randomDocumentText = (prng: Prng, depth: number): string => {
  if (depth > 3 || prng.next() < 0.3) return JSON.stringify(`${SECRET}-${prng.int(0, 999)}`);
  const members = Array.from({ length: prng.int(1, 4) }, () => `${JSON.stringify(prng.pick(NAMES))}:${randomDocumentText(prng, depth + 1)}`);
  return prng.next() < 0.2 ? `[${members.map((member) => member.slice(member.indexOf(':') + 1)).join(',')}]` : `{${members.join(',')}}`;
};

const namesCase = (prng: Prng, entry: ClassTally): void => {
  const text = randomDocumentText(prng, 0);
  const path = prng.pick(['$..*', '$.*', '$..x', '$..[?(@.x)]']);
  runCase(entry, `names ${path}`, () => {
    const result = JSON.stringify(lenient.erase({ w: JSON.parse(text) as unknown }, { fields: [path] }));
    // `*` and `..*` mask every value below the root; `..x` and the filter every value under an `x` member.
    const leaked = path.endsWith('*') ? result.includes(SECRET) : result.includes(`"x":"${SECRET}`);
    return globalsIntact() && !leaked;
  });
};

// --- polluted options -------------------------------------------------------------------------
const POLLUTIONS: readonly [string, unknown][] = [
  ['fields', ['nothing']],
  ['maskingRules', { nothing: {} }],
  ['regexPattern', '^$'],
  ['maskFormat', '$&'],
  ['customMask', 'LEAK'],
  ['dynamicMask', true],
  ['throwOnMissingField', false],
  ['logger', quiet],
];

const pollutedCase = (prng: Prng, entry: ClassTally): void => {
  const [key, value] = prng.pick(POLLUTIONS);
  const data = { email: `${SECRET}@x`, card: { number: `${SECRET}1` }, name: 'Ann' };
  const options: EraseOptions = prng.pick<EraseOptions>([
    { fields: ['email', 'card.number'] },
    {},
    { maskingRules: { email: { dynamicMask: true } } },
    { fields: ['email'], customMask: '#' },
  ]);
  const clean = JSON.stringify(new DataMasking().erase(data, options));
  runCase(
    entry,
    `Object.prototype.${key}`,
    () => {
      const target = Object.prototype as Record<string, unknown>;
      target[key] = value;
      try {
        return (
          JSON.stringify(new DataMasking().erase(data, options)) === clean && !JSON.stringify(new DataMasking().erase(data, options)).includes(`${SECRET}@`)
        );
      } finally {
        delete target[key];
      }
    },
    false,
  );
};

// --- overlaps ---------------------------------------------------------------------------------
const OVERLAP_PATHS = ['a', 'a.b', 'a.*', '$..b', 'a.b.c', '$..c', 'a[?(@.c)]', '$.*'];
const RULES: readonly MaskingRule[] = [
  {},
  { dynamicMask: true },
  { customMask: '#' },
  { regexPattern: 'zz', maskFormat: '#' },
  { regexPattern: '\\d', maskFormat: '#' },
];

const leaves = (value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> => {
  if (typeof value === 'object' && value !== null) for (const [key, child] of Object.entries(value)) leaves(child, `${prefix}/${key}`, out);
  else out.set(prefix, value);
  return out;
};

const overlapCase = (prng: Prng, entry: ClassTally): void => {
  const data = { a: { b: { c: `${SECRET}1`, d: 'x1' }, e: `${SECRET}2` }, f: 3 };
  const fields = Array.from({ length: prng.int(1, 2) }, () => prng.pick(OVERLAP_PATHS));
  const maskingRules = Object.fromEntries(Array.from({ length: prng.int(1, 2) }, () => [prng.pick(OVERLAP_PATHS), prng.pick(RULES)]));
  const fieldsRule = prng.pick(RULES);
  runCase(
    entry,
    `fields ${fields.join(',')} rules ${Object.keys(maskingRules).join(',')}`,
    () => {
      const input = leaves(data, '', new Map());
      const combined = leaves(lenient.erase(data, { ...fieldsRule, fields, maskingRules }), '', new Map());
      const alone = [
        lenient.erase(data, { ...fieldsRule, fields }),
        ...Object.entries(maskingRules).map(([path, rule]) => lenient.erase(data, { maskingRules: { [path]: rule } })),
      ].map((result) => leaves(result, '', new Map()));
      for (const [location, value] of input) {
        if (combined.get(location) !== value) continue;
        if (alone.some((result) => result.get(location) !== value)) return false;
      }
      return true;
    },
    false,
  );
};

// --- JSON views -------------------------------------------------------------------------------
class Stored {
  readonly #store: Record<string, unknown>;
  public constructor(store: Record<string, unknown>) {
    this.#store = store;
  }
  public toJSON(): Record<string, unknown> {
    return { ...this.#store };
  }
}

class Hiding {
  public constructor(
    public readonly name: string,
    public readonly hash: string,
  ) {}
  public toJSON(): Record<string, unknown> {
    return { name: this.name };
  }
}

const viewCase = (prng: Prng, entry: ClassTally): void => {
  const kind = prng.int(0, 5);
  const hidden = `${SECRET}-hidden`;
  const thrown = `${SECRET}-thrown`;
  const cases: (() => boolean)[] = [
    () => {
      const data = { users: [new Stored({ role: 'admin', ssn: `${SECRET}a` }), new Stored({ role: 'user', ssn: 'ok' })] };
      return !JSON.stringify(strict.erase(data, { fields: ["$.users[?(@.role == 'admin')].ssn"] })).includes(SECRET);
    },
    () =>
      !JSON.stringify(
        lenient.erase({ user: new Hiding('Ann', hidden) }, prng.pick<EraseOptions>([{ fields: ['$..*'] }, { fields: ['user.name'] }, { dynamicMask: true }])),
      ).includes(hidden),
    () => {
      try {
        strict.erase(
          {
            a: {
              toJSON: () => {
                throw new Error(thrown);
              },
            },
          },
          { fields: [prng.pick(['a', '$..x', 'a.b'])] },
        );
        return false;
      } catch (error) {
        return error instanceof DataMaskingError && !error.message.includes(SECRET) && (error.cause as Error).message === thrown;
      }
    },
    () => {
      const data = {
        a: 1,
        get b(): string {
          throw new Error(thrown);
        },
      };
      try {
        strict.erase(data, prng.pick<EraseOptions>([{ fields: ['a'] }, { dynamicMask: true }]));
        return false;
      } catch (error) {
        return error instanceof DataMaskingError && !error.message.includes(SECRET);
      }
    },
    () => {
      try {
        strict.erase({ b: prng.pick<unknown>([Buffer.from(SECRET), new Uint8Array(4), new DataView(new ArrayBuffer(1))]), a: 1 }, { fields: ['a'] });
        return false;
      } catch (error) {
        return error instanceof DataMaskingError;
      }
    },
    () => {
      try {
        strict.erase(
          {
            p: new Proxy(
              {},
              {
                ownKeys: () => {
                  throw new Error(thrown);
                },
              },
            ),
          },
          { fields: ['p.x'] },
        );
        return false;
      } catch (error) {
        return error instanceof DataMaskingError && !error.message.includes(SECRET);
      }
    },
  ];
  runCase(entry, `view kind ${kind}`, cases[kind]!, false);
};

// --- regular expressions ----------------------------------------------------------------------
const CATASTROPHIC: readonly [string, (bytes: number) => string][] = [
  ['(a+)+$', (n) => `${'a'.repeat(n)}!`],
  ['(a|a)*$', (n) => `${'a'.repeat(n)}!`],
  ['(.*)*$', (n) => `${'a'.repeat(n)}\n!`],
  ['^(a|aa)+$', (n) => `${'a'.repeat(n)}!`],
  ['\\w*\\w*@', (n) => 'a'.repeat(n)],
  ['(.)(.*)@', (n) => 'a'.repeat(n)],
  ['(x+x+)+y', (n) => 'x'.repeat(n)],
];

const regexCase = (prng: Prng, entry: ClassTally, bytes: number): void => {
  const [pattern, build] = prng.pick(CATASTROPHIC);
  const value = build(prng.int(Math.floor(bytes / 2), bytes));
  const asFilter = prng.next() < 0.3;
  runCase(
    entry,
    `regex ${pattern}${asFilter ? ' (filter)' : ''}`,
    () => {
      const start = performance.now();
      const result = asFilter
        ? lenient.erase({ list: [{ v: value }] }, { fields: [`list[?(@.v =~ /${pattern}/)]`] })
        : lenient.erase({ v: value }, { fields: ['v'], regexPattern: pattern, maskFormat: '#' });
      entry.worst = Math.max(entry.worst, performance.now() - start);
      return result !== undefined;
    },
    false,
  );
};

// --- messages ---------------------------------------------------------------------------------
const MESSAGE_LIMIT = 600;

const messageCase = (prng: Prng, entry: ClassTally): void => {
  const noise = prng.pick(['\n', '\r\n', '\u0000', '\u2028', '\u001b[31m', 'x']).repeat(prng.int(1, 2000));
  const long = 'k'.repeat(prng.int(1, 200_000));
  const scenarios: (() => unknown)[] = [
    () => strict.erase({ a: 1 }, { fields: [`$['${noise}${long}']`] }),
    () => strict.erase({ a: 1 }, { fields: [`a.${long}${noise}[`] }),
    () => strict.erase({ [`${noise}${long}`]: () => 1 }, { fields: ['$..zz'] }),
    () => {
      const cycle: Record<string, unknown> = {};
      cycle[`${noise}`] = { [long.slice(0, 50)]: cycle };
      return strict.erase(cycle, { fields: ['$..zz'] });
    },
    () => strict.erase({ a: 1 }, { fields: Array.from({ length: prng.int(20, 300) }, (_, index) => `${noise}${index}`) }),
  ];
  const scenario = prng.int(0, scenarios.length - 1);
  runCase(
    entry,
    `message scenario ${scenario}`,
    () => {
      try {
        scenarios[scenario]!();
        return false;
      } catch (error) {
        if (!(error instanceof DataMaskingError)) throw error;
        entry.worst = Math.max(entry.worst, error.message.length);
        // eslint-disable-next-line no-control-regex
        return error.message.length <= MESSAGE_LIMIT && !/[\u0000-\u001f\u2028\u2029]/.test(error.message);
      }
    },
    false,
  );
};

/** Runs every class `runs` times (the regular-expression class a tenth as often: its values are large). */
export const runFailClosedCampaign = (options: FailClosedOptions): FailClosedResult => {
  const prng = new Prng(options.seed);
  const start = performance.now();
  const entries = {
    names: tally('members named __proto__ / constructor / prototype'),
    polluted: tally('options on a polluted Object.prototype'),
    overlaps: tally('overlapping fields and maskingRules'),
    views: tally('toJSON(), getters, Proxies, binary data'),
    regex: tally(`catastrophic regular expressions on values up to ${Math.round(options.regexBytes / 1024)} KB`),
    messages: tally('hostile paths and member names in messages'),
  };
  for (let run = 0; run < options.runs; run++) {
    namesCase(prng, entries.names);
    pollutedCase(prng, entries.polluted);
    overlapCase(prng, entries.overlaps);
    viewCase(prng, entries.views);
    messageCase(prng, entries.messages);
    if (run % 10 === 0) regexCase(prng, entries.regex, options.regexBytes);
  }
  return { seed: options.seed, classes: Object.values(entries), durationMs: performance.now() - start };
};
