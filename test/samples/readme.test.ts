/**
 * README.md and the guides in docs/ are documentation that cannot drift: every TypeScript block is
 * an excerpt of a sample or test that runs, every event shown is the sample's event file, and every
 * output shown is what the sample returns for it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** README.md, then every Markdown guide directly under docs/ (docs/api is generated, not a guide). */
const DOCUMENTS: readonly string[] = [
  'README.md',
  ...(existsSync(join(ROOT, 'docs')) ? readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`) : []),
];

interface Block {
  readonly language: string;
  readonly code: string;
  /** The HTML comment on the line before the fence, if any: `<!-- kind: argument -->`. */
  readonly marker?: { kind: string; argument: string };
  /** `file:line` of the opening fence. */
  readonly where: string;
}

const blocksOf = (document: string): Block[] => {
  const lines = readFileSync(join(ROOT, document), 'utf8').split('\n');
  const found: Block[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(\w*)\s*$/.exec(lines[index]!);
    if (fence === null) continue;
    const end = lines.indexOf('```', index + 1);
    if (end < 0) throw new Error(`unclosed code block at ${document}:${index + 1}`);
    const marker = /^<!-- (\w+): (.+?) -->$/.exec(lines[index - 1] ?? '');
    found.push({
      language: fence[1]!,
      code: lines.slice(index + 1, end).join('\n'),
      marker: marker === null ? undefined : { kind: marker[1]!, argument: marker[2]! },
      where: `${document}:${index + 1}`,
    });
    index = end;
  }
  return found;
};

const blocks: Block[] = DOCUMENTS.flatMap(blocksOf);
const readmeBlocks: Block[] = blocksOf('README.md');

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

it('has TypeScript blocks, events and outputs to check in the README', () => {
  expect(readmeBlocks.filter((block) => block.language === 'ts').length).toBeGreaterThan(20);
  expect(readmeBlocks.filter((block) => block.marker?.kind === 'event').length).toBeGreaterThan(8);
  expect(readmeBlocks.filter((block) => block.marker?.kind === 'output').length).toBeGreaterThan(8);
});

describe.each(typescript.map((block) => [block.where, block] as const))('the TypeScript block at %s', (_where, block) => {
  it('names its source with <!-- sample: path -->, a file under samples/ or test/samples/', () => {
    expect(block.marker?.kind).toBe('sample');
    expect(block.marker!.argument).toMatch(/^(samples|test\/samples)\/.+\.ts$/);
  });

  it('is an excerpt of that file, line for line (indentation aside)', () => {
    const source = readFileSync(join(ROOT, block.marker!.argument), 'utf8');
    expect(containsRun(normalise(source), normalise(block.code))).toBe(true);
  });
});

describe.each(events.map((block) => [`${block.marker!.argument} (${block.where})`, block] as const))('the event %s', (_label, block) => {
  it('is the sample event file', () => {
    expect(JSON.parse(block.code)).toEqual(readJson(block.marker!.argument));
  });
});

describe.each(outputs.map((block) => [`${block.marker!.argument} (${block.where})`, block] as const))('the output of %s', (_label, block) => {
  it('is what the sample returns for that event', async () => {
    const [target, eventPath] = block.marker!.argument.split(' ') as [string, string];
    const [modulePath, exportName] = target.split('#') as [string, string];
    const sample = (await import(join(ROOT, modulePath))) as Record<string, (event: unknown) => Promise<unknown>>;
    expect(typeof sample[exportName]).toBe('function');
    expect(await sample[exportName]!(readJson(eventPath))).toEqual(JSON.parse(block.code));
  });
});

it.each(DOCUMENTS.map((document) => [document]))('%s names only files that exist', (document) => {
  const text = readFileSync(join(ROOT, document), 'utf8');
  for (const [path] of text.matchAll(/\b(?:samples|test\/samples)\/[\w./-]+\.(?:ts|json)\b/g)) {
    expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
  }
});
