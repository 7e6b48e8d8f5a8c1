/**
 * README.md is documentation that cannot drift: every TypeScript block is an excerpt of a sample
 * or test that runs, every event shown is the sample's event file, and every output shown is what
 * the sample returns for it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Block {
  readonly language: string;
  readonly code: string;
  /** The HTML comment on the line before the fence, if any: `<!-- kind: argument -->`. */
  readonly marker?: { kind: string; argument: string };
  readonly line: number;
}

const blocks: Block[] = (() => {
  const lines = README.split('\n');
  const found: Block[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(\w*)\s*$/.exec(lines[index]!);
    if (fence === null) continue;
    const end = lines.indexOf('```', index + 1);
    if (end < 0) throw new Error(`unclosed code block at README.md:${index + 1}`);
    const marker = /^<!-- (\w+): (.+?) -->$/.exec(lines[index - 1] ?? '');
    found.push({
      language: fence[1]!,
      code: lines.slice(index + 1, end).join('\n'),
      marker: marker === null ? undefined : { kind: marker[1]!, argument: marker[2]! },
      line: index + 1,
    });
    index = end;
  }
  return found;
})();

/** Lines without their leading indentation or trailing spaces. */
const normalise = (text: string): string[] => text.split('\n').map((line) => line.trim());

const containsRun = (haystack: readonly string[], needle: readonly string[]): boolean => {
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((line, offset) => haystack[start + offset] === line)) return true;
  }
  return false;
};

const readJson = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as unknown;

const typescript = blocks.filter((block) => block.language === 'ts');
const events = blocks.filter((block) => block.marker?.kind === 'event');
const outputs = blocks.filter((block) => block.marker?.kind === 'output');

it('keeps the two quick start commands verbatim', () => {
  expect(README).toContain('npm ci && npm start');
  expect(README).toContain('npm ci && npm test');
});

it('has the documented sections', () => {
  const headings = README.split('\n').filter((line) => line.startsWith('#')).join('\n');
  for (const section of [
    'Quick start', 'Key features', 'Terminology', 'Install', 'Required resources', 'Erasing data', 'Encrypting data',
    'Decrypting data', 'Encryption context', 'Choosing parts of your data', 'JSON input', 'Custom masks and masking rules',
    'Decorators and @MaskHandler', 'Middy', 'NestJS', 'Advanced', 'Data serialization', 'Several keys', 'Provider options',
    'Caching data keys', 'Field-level encryption', 'Request flows', 'Testing your code', 'Performance', 'Errors',
    'From Powertools for AWS Lambda (Python)', 'From Powertools for AWS Lambda (TypeScript)',
  ]) {
    expect(headings).toContain(section);
  }
});

it('has TypeScript blocks, events and outputs to check', () => {
  expect(typescript.length).toBeGreaterThan(20);
  expect(events.length).toBeGreaterThan(8);
  expect(outputs.length).toBeGreaterThan(8);
});

describe.each(typescript.map((block) => [`README.md:${block.line}`, block] as const))('the TypeScript block at %s', (_where, block) => {
  it('names its source with <!-- sample: path -->, a file under samples/ or test/samples/', () => {
    expect(block.marker?.kind).toBe('sample');
    expect(block.marker!.argument).toMatch(/^(samples|test\/samples)\/.+\.ts$/);
  });

  it('is an excerpt of that file, line for line (indentation aside)', () => {
    const source = readFileSync(join(ROOT, block.marker!.argument), 'utf8');
    expect(containsRun(normalise(source), normalise(block.code))).toBe(true);
  });
});

describe.each(events.map((block) => [block.marker!.argument, block] as const))('the event %s', (path, block) => {
  it('is the sample event file', () => {
    expect(JSON.parse(block.code)).toEqual(readJson(path));
  });
});

describe.each(outputs.map((block) => [block.marker!.argument, block] as const))('the output of %s', (argument, block) => {
  it('is what the sample returns for that event', async () => {
    const [target, eventPath] = argument.split(' ') as [string, string];
    const [modulePath, exportName] = target.split('#') as [string, string];
    const sample = (await import(join(ROOT, modulePath))) as Record<string, (event: unknown) => Promise<unknown>>;
    expect(typeof sample[exportName]).toBe('function');
    expect(await sample[exportName]!(readJson(eventPath))).toEqual(JSON.parse(block.code));
  });
});

it('names only files that exist', () => {
  for (const [path] of README.matchAll(/\b(?:samples|test\/samples)\/[\w./-]+\.(?:ts|json)\b/g)) {
    expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
  }
});
