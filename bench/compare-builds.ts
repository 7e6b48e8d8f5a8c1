/**
 * `npm run bench:builds -- first=<index.js> now=<index.js>`: the erase cases of `bench/erase.bench.ts`
 * through two or more builds of this library (each a CommonJS entry, e.g. a checkout's
 * `dist/cjs/index.js` after `npm run build`), side by side. Peer ratios drift with the peers and the
 * machine; two builds measured on the same clock tell what a change did to our own speed.
 *
 * Each of `PROCESSES` fresh Node processes (one garbage-collector thread) loads every build and
 * runs them interleaved (the harness's rounds, CPU time); a row shows each build's time against the first build,
 * the median over the processes, and the spread (lowest to highest) so noise is visible.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { type Candidate, measure, median } from './harness';
import { largeObject, smallObject } from './fixtures';

interface Masker {
  erase(data: unknown, options: { fields: string[] }): unknown;
}
type Build = { readonly label: string; readonly masker: Masker };

const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 5);
const CHILD_FLAG = '--child';

const CASES: readonly { readonly name: string; readonly data: () => object; readonly fields: string[] }[] = [
  { name: 'small object, `a.b.c`', data: smallObject, fields: ['a.b.c'] },
  { name: 'large object, wildcard paths', data: largeObject, fields: ['users[*].password', 'users[*].profile.preferences.apiKey'] },
  { name: 'large object, `$..password`', data: largeObject, fields: ['$..password'] },
  { name: 'large object, filter `$.users[?(@.id > 50)].email`', data: largeObject, fields: ['$.users[?(@.id > 50)].email'] },
];

/** `label=path` arguments, in order; the first build is the reference. */
const parseBuilds = (args: readonly string[]): { label: string; path: string }[] =>
  args.map((arg) => {
    const separator = arg.indexOf('=');
    if (separator <= 0) throw new Error(`expected label=path/to/index.js, got ${arg}`);
    return { label: arg.slice(0, separator), path: resolve(arg.slice(separator + 1)) };
  });

/** One process: every case through every build; prints each case's times against the first build, as JSON. */
const runChild = (specs: readonly { label: string; path: string }[]): void => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const builds: Build[] = specs.map(({ label, path }) => ({ label, masker: new (require(path) as { DataMasking: new () => Masker }).DataMasking() }));
  const ratios = CASES.map(({ data, fields }) => {
    const input = data();
    const candidates: Candidate[] = builds.map(({ label, masker }) => ({ name: label, run: () => masker.erase(input, { fields }) }));
    const [reference, ...others] = measure(candidates, { clock: 'cpu' });
    return others.map((other) => reference!.opsPerSecond / other.opsPerSecond);
  });
  process.stdout.write(JSON.stringify(ratios));
};

const runParent = (args: readonly string[]): void => {
  const specs = parseBuilds(args);
  if (specs.length < 2) throw new Error('give at least two builds: first=path/to/index.js now=path/to/index.js');
  const runs: number[][][] = [];
  for (let run = 0; run < PROCESSES; run++) {
    // One garbage-collector thread: helper threads' CPU time otherwise varies from run to run.
    const output = execFileSync(process.execPath, ['--single-threaded-gc', ...process.execArgv, __filename, CHILD_FLAG, ...args], { encoding: 'utf8' });
    runs.push(JSON.parse(output) as number[][]);
  }
  const others = specs.slice(1);
  console.log(`| case | ${others.map(({ label }) => `${label} / ${specs[0]!.label} (median, lowest-highest)`).join(' | ')} |`);
  console.log(`| --- | ${others.map(() => '---:').join(' | ')} |`);
  CASES.forEach(({ name }, caseIndex) => {
    const cells = others.map((_, buildIndex) => {
      const values = runs.map((ratios) => ratios[caseIndex]![buildIndex]!);
      return `${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)})`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  });
  console.log(`\n${PROCESSES} processes, CPU time; below 1.00 the build is faster than ${specs[0]!.label}.`);
};

const args = process.argv.slice(2);
if (args[0] === CHILD_FLAG) runChild(parseBuilds(args.slice(1)));
else runParent(args);
