#!/usr/bin/env node
/**
 * Builds the published files into `dist` (or the directory given as the first argument).
 * `npm run build` and `npm pack` (prepack) run it; the consumer tests build the tarball with it.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const { resolve } = require('node:path');

const root = resolve(__dirname, '..');
const outDir = resolve(root, process.argv[2] ?? 'dist');

rmSync(outDir, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], {
  cwd: root,
  stdio: 'inherit',
});
