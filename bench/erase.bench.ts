import { DataMasking } from '../src';
import { type ReportSection, comparisonTable, measure } from './harness';
import { jsonPathPlusErase } from './jsonpath-plus-baseline';
import { largeObject, smallObject } from './fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fastRedact = require('fast-redact') as (options: object) => (value: object) => { restore?: () => void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pinoRedact = require('@pinojs/redact') as (options: object) => (value: object) => unknown;

const masker = new DataMasking();
const MASK = '*****';

/** The approach of Powertools for AWS Lambda (TypeScript): structuredClone, then walk each dotted path. */
const cloneAndWalk = (data: unknown, paths: readonly string[][]): unknown => {
  const copy = structuredClone(data);
  const assign = (node: unknown, keys: readonly string[]): void => {
    if (typeof node !== 'object' || node === null) return;
    const [key, ...rest] = keys;
    const children = key === '*' ? Object.keys(node) : [key!];
    for (const child of children) {
      if (!(child in node)) continue;
      if (rest.length === 0) (node as Record<string, unknown>)[child] = MASK;
      else assign((node as Record<string, unknown>)[child], rest);
    }
  };
  for (const keys of paths) assign(copy, keys);
  return copy;
};

const staticCandidates = (data: object, paths: { ours: string[]; redact: string[]; walk: string[][]; jsonPath: string[] }) => {
  const fast = fastRedact({ paths: paths.redact, censor: MASK, serialize: false });
  const pino = pinoRedact({ paths: paths.redact, censor: MASK, serialize: false });
  return [
    { name: 'lambda-data-masking erase', run: () => masker.erase(data, { fields: paths.ours }) },
    { name: '@pinojs/redact (selective clone)', run: () => pino(data) },
    {
      name: 'fast-redact (mutate, then restore)',
      run: () => {
        const result = fast(data);
        result.restore?.();
        return result;
      },
    },
    { name: 'structuredClone + path walk', run: () => cloneAndWalk(data, paths.walk) },
    { name: 'jsonpath-plus + callback', run: () => jsonPathPlusErase(data, paths.jsonPath) },
  ];
};

/** Erase benchmarks: static and wildcard paths against the redaction libraries, `..` and filters against jsonpath-plus. */
export const runEraseBench = (): ReportSection[] => {
  const small = smallObject();
  const large = largeObject();
  // CPU time: on a shared machine wall time mostly measures the wait for a core.
  const cpu = { clock: 'cpu' } as const;
  const smallRows = measure(staticCandidates(small, { ours: ['a.b.c'], redact: ['a.b.c'], walk: [['a', 'b', 'c']], jsonPath: ['$.a.b.c'] }), cpu);
  const largeRows = measure(
    staticCandidates(large, {
      ours: ['users[*].password', 'users[*].profile.preferences.apiKey'],
      redact: ['users[*].password', 'users[*].profile.preferences.apiKey'],
      walk: [
        ['users', '*', 'password'],
        ['users', '*', 'profile', 'preferences', 'apiKey'],
      ],
      jsonPath: ['$.users[*].password', '$.users[*].profile.preferences.apiKey'],
    }),
    cpu,
  );
  const descendantRows = measure(
    [
      { name: 'lambda-data-masking erase', run: () => masker.erase(large, { fields: ['$..password'] }) },
      { name: 'jsonpath-plus + callback', run: () => jsonPathPlusErase(large, ['$..password']) },
    ],
    cpu,
  );
  const filterRows = measure(
    [
      { name: 'lambda-data-masking erase', run: () => masker.erase(large, { fields: ['$.users[?(@.id > 50)].email'] }) },
      { name: 'jsonpath-plus + callback', run: () => jsonPathPlusErase(large, ['$.users[?(@.id > 50)].email']) },
    ],
    cpu,
  );
  const size = (value: unknown): string => `${(JSON.stringify(value).length / 1024).toFixed(1)} KB`;
  return [
    {
      title: 'Erase: small object, one static path',
      description: `fast-redact's benchmark shape (${size(small)}), path \`a.b.c\`. Every candidate leaves the input unchanged.`,
      lines: comparisonTable(smallRows),
    },
    {
      title: 'Erase: large object, wildcard paths',
      description: `100 users (${size(large)}), \`users[*].password\` and \`users[*].profile.preferences.apiKey\`. Ours returns a full copy sharing nothing with the input; @pinojs/redact shares untouched branches; fast-redact's result is the input itself until restored.`,
      lines: comparisonTable(largeRows),
    },
    {
      title: 'Erase: recursive descent `$..password`',
      description: 'The large object, against jsonpath-plus (on a structuredClone, as a caller must to keep the input).',
      lines: comparisonTable(descendantRows),
    },
    {
      title: 'Erase: filter `$.users[?(@.id > 50)].email`',
      description: 'The large object, against jsonpath-plus (its safe-eval filter).',
      lines: comparisonTable(filterRows),
    },
  ];
};
