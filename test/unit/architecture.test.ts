/**
 * The layout of src/ as a rule: every import runs down the declared layers, and a folder imports
 * only the folders its row names. The map in docs/ARCHITECTURE.md explains the same table.
 *
 * Imports are read with the TypeScript parser (static and type imports, `export ... from`,
 * `import()`, `require()`, `typeof import()`), so comments and strings never count.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const SRC = resolve(__dirname, '../../src');

/** The files and folders every layer may use: errors, their formatting, public types. */
const FOUNDATION = ['errors', 'errors-format', 'types'] as const;

/**
 * From the top down: a module (a folder of src/, written `name/`, or a file at its root) may
 * import the modules its row names, and those must all sit in LOWER rows. Anything else is a
 * violation: an import that runs back up, or a shortcut across the tree.
 */
const LAYERS: readonly { readonly module: string; readonly mayImport: readonly string[] }[] = [
  // Entry points (package subpaths): the core entry, then the optional ones.
  {
    module: 'index',
    mayImport: ['decorators/', 'handler-result/', 'DataMasking', 'dto/', 'operations/', 'metadata/', 'jsonpath/', 'masks/', 'json/', ...FOUNDATION],
  },
  { module: 'integrations/', mayImport: ['handler-result/', 'DataMasking', 'metadata/', 'json/', 'optional/', ...FOUNDATION] },
  { module: 'logging/', mayImport: ['operations/', ...FOUNDATION] },
  { module: 'providers/', mayImport: ['operations/', 'json/', 'optional/', ...FOUNDATION] },
  { module: 'testing/', mayImport: [...FOUNDATION] },
  // What users write on their classes and handlers.
  { module: 'decorators/', mayImport: ['handler-result/', 'dto/', 'operations/', 'metadata/', 'masks/', 'json/', ...FOUNDATION] },
  // Masking a handler's result (shared by @MaskHandler, Middy and NestJS): above DataMasking.
  { module: 'handler-result/', mayImport: ['DataMasking', 'dto/', 'operations/', 'metadata/', 'json/', ...FOUNDATION] },
  { module: 'DataMasking', mayImport: ['dto/', 'operations/', 'json/', ...FOUNDATION] },
  // The DTO interpreter: reads the decorators' record, masks through the operations.
  { module: 'dto/', mayImport: ['operations/', 'metadata/', 'jsonpath/', 'masks/', 'json/', ...FOUNDATION] },
  // The record the decorators write on classes (and class-transformer's, read).
  { module: 'metadata/', mayImport: ['masks/', ...FOUNDATION] },
  // Erase, encrypt and decrypt over the fields the JSONPath engine selects.
  { module: 'operations/', mayImport: ['jsonpath/', 'masks/', 'json/', ...FOUNDATION] },
  // The JSONPath engine: parse, compile, select, walk.
  { module: 'jsonpath/', mayImport: ['masks/', 'json/', ...FOUNDATION] },
  // Leaf masks: default, dynamic, custom, regex.
  { module: 'masks/', mayImport: ['json/', 'optional/', ...FOUNDATION] },
  // The data model: the JSON view of a value, own members only, safe copies.
  { module: 'json/', mayImport: [...FOUNDATION] },
  { module: 'optional/', mayImport: [...FOUNDATION] },
  { module: 'types', mayImport: ['errors'] },
  { module: 'errors', mayImport: ['errors-format'] },
  { module: 'errors-format', mayImport: [] },
];

/**
 * Packages a module may import (beyond `node:` built-ins): the peers stay where they are used, so
 * the core entry loads none of them (Lambda cold starts).
 */
const PACKAGES: Readonly<Record<string, readonly string[]>> = {
  'integrations/': ['@middy/core', '@nestjs/*', 'rxjs'],
  'logging/': ['@aws-lambda-powertools/logger', 'pino', 'winston', 'logform'],
  'providers/': ['@aws-crypto/*', '@aws-sdk/client-kms', '@aws-sdk/client-dynamodb', 'buffer', 'stream'],
  'metadata/': ['class-transformer', 'reflect-metadata'],
  'masks/': ['re2js'],
};

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));

/** `src/dto/plan.ts` -> `dto/`; `src/DataMasking.ts` -> `DataMasking`. */
const moduleOf = (file: string): string => {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? `${parts[0]}/` : parts[0].replace(/\.ts$/, '');
};

/** `@scope/name/deep/path` -> `@scope/name`; `name/deep` -> `name`. */
const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Every module specifier a file names, by the parser. */
const specifiersOf = (fileName: string, text: string): string[] => {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) found.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS));
  return found;
};

const sources = walk(SRC).filter((file) => file.endsWith('.ts'));
const imports = sources.flatMap((file) =>
  specifiersOf(file, readFileSync(file, 'utf8')).map((specifier) => ({
    file: relative(SRC, file),
    from: moduleOf(file),
    specifier,
    to: specifier.startsWith('.') ? moduleOf(resolve(dirname(file), specifier)) : undefined,
  })),
);

const rank = new Map(LAYERS.map(({ module }, index) => [module, index]));
const row = new Map(LAYERS.map((layer) => [layer.module, layer]));

describe('architecture: imports run one way down the declared layers', () => {
  it('reads the imports of every source file (the check has something to check)', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(imports.filter(({ to }) => to !== undefined).length).toBeGreaterThan(300);
  });

  it('the table itself points downwards only', () => {
    const upwards = LAYERS.flatMap(({ module, mayImport }) =>
      mayImport.filter((target) => !((rank.get(target) ?? -1) > (rank.get(module) ?? Infinity))).map((target) => `${module} -> ${target}`),
    );
    expect(upwards).toEqual([]);
  });

  it('every module of src/ has a row in the table', () => {
    const unknown = [...new Set(sources.map(moduleOf))].filter((module) => !rank.has(module));
    expect(unknown).toEqual([]);
  });

  it('no file imports a module its row does not name (nothing runs back up)', () => {
    const violations = imports
      .filter(({ from, to }) => to !== undefined && to !== from && !(row.get(from)?.mayImport.includes(to) ?? false))
      .map(
        ({ file, specifier, from, to }) => `${file}: '${specifier}' (${from} -> ${to}${(rank.get(to!) ?? 0) < (rank.get(from) ?? 0) ? ', runs back up' : ''})`,
      );
    expect(violations).toEqual([]);
  });

  it('packages are imported only by the modules that own them (the core entry loads no peer)', () => {
    const violations = imports
      .filter(({ specifier }) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
      .filter(
        ({ from, specifier }) =>
          !(PACKAGES[from] ?? []).some((allowed) => allowed === packageOf(specifier) || allowed === `${packageOf(specifier).split('/')[0]}/*`),
      )
      .map(({ file, specifier }) => `${file}: '${specifier}'`);
    expect(violations).toEqual([]);
  });

  it('the reader sees every form of import a file can use', () => {
    const text = [
      "import a from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "export * from './d';",
      "const e = require('./e');",
      "const f = () => import('./f');",
      "type G = typeof import('./g');",
      "// import h from './h';",
      'const i = "import j from \'./j\'";',
    ].join('\n');
    expect(specifiersOf('sample.ts', text)).toEqual(['./a', '../b', './c', './d', './e', './f', './g']);
  });
});
