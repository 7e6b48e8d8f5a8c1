#!/usr/bin/env node
/**
 * Builds the published files into `dist` (or the directory given as the first argument):
 *
 * - `dist/cjs`: CommonJS with declarations. Node loads it for `require` AND `import` (Node's ESM
 *   loader imports CommonJS), so a process holds one copy of the library: one decorator metadata
 *   store, one path cache, one `DataMaskingError` class (no dual-package hazard).
 * - `dist/esm`: ES modules (`.mjs`) for bundlers only, through the `module` export condition that
 *   esbuild, webpack, Rollup and Vite apply to `import` and `require` alike (so a bundle also holds
 *   one copy) and that Node ignores. Tree-shakable; where a file has an `x.esm.ts` variant
 *   (`moduleSuffixes`), the ESM build uses it (static imports a bundler can follow, see those files).
 *
 * No source maps are shipped (the CommonJS output is plain readable JavaScript).
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve, sep } = require('node:path');

const root = resolve(__dirname, '..');
const outDir = resolve(root, process.argv[2] ?? 'dist');
const tsc = (project, dir) =>
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project, '--outDir', dir], { cwd: root, stdio: 'inherit' });

const walk = (dir) => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));

/** `./x` -> the emitted file it names (`x.esm.js` first, then `x.js`, `x/index.js`), as a `.mjs` specifier. */
const resolveRelative = (fromFile, specifier) => {
  const base = resolve(dirname(fromFile), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.esm.js`, `${base}.js`, join(base, 'index.esm.js'), join(base, 'index.js')]) {
    if (existsSync(candidate)) {
      const path = relative(dirname(fromFile), candidate).replace(/\.js$/, '.mjs');
      return path.startsWith('.') ? path : `./${path}`;
    }
  }
  throw new Error(`${relative(root, fromFile)}: cannot resolve ${specifier}`);
};

const RELATIVE_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/g;

const buildEsm = (esmDir) => {
  const staging = `${esmDir}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  tsc('tsconfig.esm.json', staging);
  const files = walk(staging).filter((file) => file.endsWith('.js'));
  const variants = new Set(files.filter((file) => file.endsWith('.esm.js')).map((file) => file.replace(/\.esm\.js$/, '.js')));
  for (const file of files) {
    if (variants.has(file)) continue; // replaced by its .esm variant
    const text = readFileSync(file, 'utf8').replace(
      RELATIVE_SPECIFIER,
      (_, lead, quote, specifier) => `${lead}${quote}${resolveRelative(file, specifier)}${quote}`,
    );
    const target = join(esmDir, relative(staging, file)).replace(/\.js$/, '.mjs');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  rmSync(staging, { recursive: true, force: true });
};

/**
 * NestJS 11+ and Middy 5+ ship ES modules only: a CommonJS declaration file must import their
 * types with `resolution-mode: import`, or `tsc` (node16/nodenext, no skipLibCheck) reports TS1479.
 */
const ESM_ONLY_TYPES = /^import \{([^}]*)\} from '(@nestjs\/[a-z-]+)';$/gm;
const fixDeclarations = (cjsDir) => {
  for (const file of walk(cjsDir).filter((name) => name.endsWith('.d.ts'))) {
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(ESM_ONLY_TYPES, (_, names, module) => {
      const list = names
        .split(',')
        .map((name) => name.trim().replace(/^type\s+/, ''))
        .filter(Boolean)
        .join(', ');
      return `import type { ${list} } from '${module}' with { 'resolution-mode': 'import' };`;
    });
    if (fixed !== text) writeFileSync(file, fixed);
  }
};

/**
 * The CommonJS entry's decorator modules, field-level encryption (`enableEncryption`) and regular
 * expressions on data (`enableRegex`) load on
 * first use of their exports: `require` of the core entry, which every erase-only function pays
 * at cold start, then loads the engine only.
 * `tsc` emits `var X_1 = require("./decorators/X");` followed by getters (`return X_1.Name;`) that
 * Node's ES module loader recognises as named exports; the module object becomes a proxy that
 * requires it on the first read, so the getters and the export names stay as emitted.
 * `symbol-metadata` stays eager: it defines `Symbol.metadata`, which a class with standard
 * decorators reads before it calls the first decorator. `FIELD_CONTEXT_KEY` is a constant of
 * `operations/context`, whose context checks only encryption needs.
 */
const LAZY_CJS_IMPORT = /^var (\w+) = require\("(\.\/(?:[\w-]+\/)*(?:Encrypt|Erase|MaskHandler|MaskNested|mask-result|encryption|enable-regex|context))"\);$/gm;
const makeDecoratorsLazy = (cjsDir) => {
  const file = join(cjsDir, 'index.js');
  const memberTarget = walk(cjsDir).find((name) => name.endsWith(`${sep}symbol-metadata.js`));
  if (memberTarget === undefined) throw new Error('scripts/build.js: symbol-metadata.js not found');
  const LAZY_MODULE_HELPER = [
    '/** Loads a module on the first read of one of its exports (scripts/build.js). */',
    'var __lazyModule = function (load) { var loaded; return new Proxy({}, { get: function (_, name) { return (loaded !== null && loaded !== void 0 ? loaded : (loaded = load()))[name]; } }); };',
    `require("./${relative(cjsDir, memberTarget).split(sep).join('/').replace(/\.js$/, '')}");`,
  ].join('\n');
  const text = readFileSync(file, 'utf8');
  let count = 0;
  const lazy = text.replace(LAZY_CJS_IMPORT, (_, name, specifier) => {
    count++;
    return `var ${name} = __lazyModule(function () { return require("${specifier}"); });`;
  });
  if (count !== 8)
    throw new Error(`scripts/build.js: expected 8 lazy imports (decorators, encryption, regex, FIELD_CONTEXT_KEY) in dist/cjs/index.js, found ${count}`);
  writeFileSync(
    file,
    lazy.replace('Object.defineProperty(exports, "__esModule", { value: true });', (line) => `${line}\n${LAZY_MODULE_HELPER}`),
  );
};

rmSync(outDir, { recursive: true, force: true });
tsc('tsconfig.build.json', join(outDir, 'cjs'));
fixDeclarations(join(outDir, 'cjs'));
makeDecoratorsLazy(join(outDir, 'cjs'));
buildEsm(join(outDir, 'esm'));
