/**
 * Regular expressions on data (`regexPattern`, `=~`): ours run on RE2 (re2js), in time linear in
 * the value. Two tables:
 * - 1 MB values, hostile to backtracking, through every regex example of the docs and through the
 *   classic catastrophic shapes: one erase each (median of a few), against V8's RegExp on the same
 *   value in a child process stopped after a few seconds (it would otherwise run for hours);
 * - ordinary values (an email, a card number, a phone), side by side with V8's RegExp.
 */
import { execFileSync } from 'node:child_process';
import { DataMasking } from '../src';
import { compileRegex } from '../src/masks/regex';
import { type ReportSection, measure, median } from './harness';
import { enableRegex } from '../src';

enableRegex(); // regexPattern rules and =~ filters are opt-in

const MB = 1024 * 1024;
/** Wall time the V8 child may take: long enough for a loaded machine, far below a catastrophic backtrack. */
const V8_LIMIT_MS = 10_000;

/** The process's CPU time (user + system) in milliseconds: on a crowded machine, wall time mostly measures the wait for a core. */
const cpuMilliseconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const masker = new DataMasking();

interface LargeCase {
  readonly label: string;
  readonly pattern: string;
  readonly format: string;
  /** Builds the value, about 1 MB (its source is also run in the child, so no megabyte goes through argv). */
  readonly value: () => string;
}

/** Values that make a backtracking engine try every split: long runs with no way to finish the match. */
const largeCases: readonly LargeCase[] = [
  { label: 'README email `/(.)(.*)@/` → `$1***@`, no `@` in the value', pattern: '(.)(.*)@', format: '$1***@', value: () => 'a'.repeat(MB) },
  { label: 'README phone `/\\d{4}$/` → `****`', pattern: '\\d{4}$', format: '****', value: () => `${'1'.repeat(MB)}x` },
  { label: 'README card `/\\d{4} /g` → `**** `', pattern: '\\d{4} ', format: '**** ', value: () => '1234 '.repeat(MB / 5) },
  { label: '`(a+)+$`', pattern: '(a+)+$', format: '#', value: () => `${'a'.repeat(MB)}!` },
  { label: '`(a|a)*$`', pattern: '(a|a)*$', format: '#', value: () => `${'a'.repeat(MB)}!` },
  { label: '`(.*)*$`', pattern: '(.*)*$', format: '#', value: () => `${'a'.repeat(MB)}\n!` },
  { label: '`^(a|aa)+$`', pattern: '^(a|aa)+$', format: '#', value: () => `${'a'.repeat(MB)}!` },
  { label: '`\\w*\\w*@`', pattern: '\\w*\\w*@', format: '#', value: () => 'a'.repeat(MB) },
  { label: '`(\\w+\\s?)+$`', pattern: '(\\w+\\s?)+$', format: '#', value: () => `${'ab '.repeat(MB / 3)}!` },
  { label: '`(x+x+)+y`', pattern: '(x+x+)+y', format: '#', value: () => 'x'.repeat(MB) },
];

/** V8's RegExp on the same value in a child process: milliseconds, or undefined past the limit. */
const v8Milliseconds = ({ pattern, format, value }: LargeCase): number | undefined => {
  const script = `const MB = ${MB}; const value = (${value.toString()})(); const regex = new RegExp(${JSON.stringify(pattern)}, 'g');
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const start = cpu(); const out = value.replace(regex, ${JSON.stringify(format)});
console.log(cpu() - start, out.length);`;
  try {
    const output = execFileSync(process.execPath, ['-e', script], { timeout: V8_LIMIT_MS, encoding: 'utf8' });
    return Number(output.split(' ')[0]);
  } catch {
    return undefined;
  }
};

const oursMilliseconds = (testCase: LargeCase): number => {
  const data = { value: testCase.value() };
  const options = { fields: ['value'], regexPattern: testCase.pattern, maskFormat: testCase.format };
  masker.erase(data, options); // compiles and warms up
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = cpuMilliseconds();
    masker.erase(data, options);
    times.push(cpuMilliseconds() - start);
  }
  return median(times);
};

const ordinaryCases = [
  { label: 'email `/(.)(.*)@/`', pattern: '(.)(.*)@', format: '$1***@', value: 'john.doe@example.com' },
  { label: 'card `/\\d{4} /g`', pattern: '\\d{4} ', format: '**** ', value: '4111 1111 1111 1111' },
  { label: 'phone `/\\d{4}$/`', pattern: '\\d{4}$', format: '****', value: '+1 555-0100' },
  { label: 'named groups `/(?<y>\\d{4})-(?<m>\\d\\d)/`', pattern: '(?<y>\\d{4})-(?<m>\\d\\d)', format: '$<m>/$<y>', value: 'born 1990-04-01' },
];

const ms = (value: number | undefined): string => (value === undefined ? `> ${V8_LIMIT_MS / 1000} s (stopped)` : `${value.toFixed(1)} ms`);

export const runRegexBench = (): ReportSection[] => {
  const largeLines = largeCases.map((testCase) => {
    const ours = oursMilliseconds(testCase);
    return `| ${testCase.label} | ${ms(ours)} | ${ms(v8Milliseconds(testCase))} | ${ours < 100 ? 'yes' : '**no**'} |`;
  });
  const ordinaryLines = ordinaryCases.map(({ label, pattern, format, value }) => {
    const ours = compileRegex(pattern, 'bench');
    const v8 = new RegExp(pattern, 'g');
    const [re2, native] = measure(
      [
        { name: 're2', run: () => ours.replaceAll(value, format) },
        { name: 'v8', run: () => value.replace(v8, format) },
      ],
      { clock: 'cpu' },
    ).map((row) => row.opsPerSecond);
    return `| ${label} on \`${value}\` | ${(1e6 / re2!).toFixed(2)} µs | ${(1e6 / native!).toFixed(2)} µs | ${(native! / re2!).toFixed(1)}× |`;
  });
  return [
    {
      title: 'Regular expressions on data: 1 MB hostile values',
      description: `One \`erase\` of a 1 MB value with \`regexPattern\` (median of 5), ours on RE2 (re2js) against V8's RegExp on the same value in a child process, stopped after ${V8_LIMIT_MS / 1000} s of wall time. CPU time (\`process.cpuUsage\`) on both sides: on a crowded machine wall time mostly measures the wait for a core. The doc examples and the classic catastrophic shapes; the bar is 100 ms.`,
      lines: ['| pattern, value | ours (RE2) | V8 RegExp | under 100 ms |', '| --- | ---: | ---: | :---: |', ...largeLines],
    },
    {
      title: 'Regular expressions on data: ordinary values',
      description: 'One replace-all on a short value: the price of linear time where backtracking would be harmless. CPU time, candidates interleaved.',
      lines: ['| pattern, value | ours (RE2) | V8 RegExp | time vs V8 |', '| --- | ---: | ---: | ---: |', ...ordinaryLines],
    },
  ];
};
