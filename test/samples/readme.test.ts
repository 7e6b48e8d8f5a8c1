/**
 * README.md and the guides in docs/ are documentation that cannot drift: every TypeScript block is
 * an excerpt of a sample or test that runs, every event shown is the sample's event file, and every
 * output shown is what the sample returns for it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** README.md, then every Markdown guide directly under docs/ (docs/api is generated, not a guide). */
const DOCUMENTS: readonly string[] = [
  'README.md',
  ...(existsSync(join(ROOT, 'docs'))
    ? readdirSync(join(ROOT, 'docs'))
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => `docs/${name}`)
    : []),
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

/** The document without its fenced code blocks (a `#` in a shell block is no heading, a `](x)` in code no link). */
const withoutCode = (text: string): string => text.replace(/^```[\s\S]*?^```$/gm, '');

const headingsOf = (document: string): string[] =>
  withoutCode(readFileSync(join(ROOT, document), 'utf8'))
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^#+ /, ''));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
const anchorsOf = (document: string): string[] => {
  const seen = new Map<string, number>();
  return headingsOf(document).map((heading) => {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    return count === 0 ? slug : `${slug}-${count}`;
  });
};

const readJson = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as unknown;

const typescript = blocks.filter((block) => block.language === 'ts');
const events = blocks.filter((block) => block.marker?.kind === 'event');
const outputs = blocks.filter((block) => block.marker?.kind === 'output');

it('keeps the two quick start commands verbatim', () => {
  expect(README).toContain('npm ci && npm start');
  expect(README).toContain('npm ci && npm test');
});

it('opens with a working example: a tested sample, its event and its real output, within 60 lines', () => {
  const [first, second, third] = readmeBlocks.filter((block) => block.language !== 'bash');
  expect(first?.marker).toEqual({ kind: 'sample', argument: 'samples/getting-started-erase.ts' });
  expect(Number(first!.where.split(':')[1])).toBeLessThanOrEqual(60);
  expect(second?.marker?.kind).toBe('event');
  expect(third?.marker?.kind).toBe('output');
});

it('stays a front door: under about 400 lines, the guides in docs/', () => {
  expect(README.split('\n').length).toBeLessThanOrEqual(410);
});

it('has the documented sections', () => {
  const headings = README.split('\n')
    .filter((line) => line.startsWith('#'))
    .join('\n');
  for (const section of ['A first example', 'Quick start', 'Install', 'Key features', 'A tour of the API', 'Errors', 'Guides', 'API reference']) {
    expect(headings).toContain(section);
  }
});

/** Where each guide of the former long README lives now, with the headings it must keep. */
const GUIDES: Record<string, readonly string[]> = {
  'docs/choosing-parts.md': ['Choosing parts of your data', 'What the copy holds', 'Optional fields', 'JSON input'],
  'docs/custom-masks.md': ['Custom masks and masking rules'],
  'docs/encryption.md': [
    'Terminology',
    'Encrypting data',
    'Decrypting data',
    'Encryption context',
    'Data serialization',
    'Several keys',
    'Provider options',
    'Caching data keys',
    'Without KMS: a raw AES keyring',
    'Many tenants',
  ],
  'docs/field-level-encryption.md': ['Field-level encryption'],
  'docs/deployment.md': ['Deploying'],
  'docs/decorators.md': ['Decorators and @MaskHandler', 'Compilers, bundlers and nested DTOs', 'Supported combinations'],
  'docs/middy.md': ['Middy'],
  'docs/nestjs.md': ['NestJS', 'A complete application'],
  'docs/logging.md': ['Log masking'],
  'docs/testing.md': ['Testing your code'],
  'docs/request-flows.md': ['Request flows', 'Erase', 'Encrypt with KMS', 'Decrypt with KMS', 'Caching and coalescing'],
  'docs/performance.md': ['Performance'],
  'docs/reliability.md': ['Reliability'],
  'docs/migration.md': ['From Powertools for AWS Lambda (Python)', 'From Powertools for AWS Lambda (TypeScript)'],
  'docs/threat-model.md': ['Threat model'],
};

it.each(Object.entries(GUIDES))('%s keeps its sections', (document, sections) => {
  const headings = headingsOf(document).join('\n');
  for (const section of sections) expect({ document, section, found: headings.includes(section) }).toEqual({ document, section, found: true });
});

it('links every guide in docs/ from the README (upper-case names, such as ARCHITECTURE.md, are for contributors)', () => {
  for (const document of DOCUMENTS.filter((name) => /^docs\/[a-z0-9-]+\.md$/.test(name))) {
    expect({ document, linked: README.includes(`](${document})`) }).toEqual({ document, linked: true });
  }
});

it('has TypeScript blocks, events and outputs to check, in the README and across the guides', () => {
  expect(readmeBlocks.filter((block) => block.language === 'ts').length).toBeGreaterThanOrEqual(8);
  expect(readmeBlocks.filter((block) => block.marker?.kind === 'output').length).toBeGreaterThanOrEqual(2);
  expect(typescript.length).toBeGreaterThan(40);
  expect(events.length).toBeGreaterThan(10);
  expect(outputs.length).toBeGreaterThan(10);
});

it.each(DOCUMENTS.map((document) => [document]))('%s links only to files and headings that exist', (document) => {
  const text = withoutCode(readFileSync(join(ROOT, document), 'utf8'));
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target!)) continue; // https:, mailto:
    const [file, anchor] = target!.split('#') as [string, string | undefined];
    const path = file === '' ? document : posix.join(posix.dirname(document), file);
    if (path.startsWith('docs/api')) continue; // generated by `npm run docs`
    expect({ document, target, exists: existsSync(join(ROOT, path)) }).toEqual({ document, target, exists: true });
    if (anchor !== undefined && path.endsWith('.md')) {
      expect({ document, target, anchored: anchorsOf(path).includes(anchor) }).toEqual({ document, target, anchored: true });
    }
  }
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
