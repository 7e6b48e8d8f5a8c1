/**
 * Support matrix, TypeScript: a consumer that imports every entry, compiled from the packed
 * tarball under each `moduleResolution` (node10, node16, nodenext, bundler) by TypeScript versions
 * installed from the npm registry (`skipLibCheck: false` once, under node16). The peers are this
 * repository's copies (consumerProject); only the compiler changes.
 *
 * Supported: TypeScript 5.3 or later (our declarations import ES-module-only packages' types with
 * `resolution-mode` import attributes, which 5.3 introduced). `npm test` runs 5.3 (the oldest
 * supported; 6.0, this repository's own, runs in types.test.ts); `npm run test:matrix` runs 5.3,
 * 5.4, 5.9 and 6.0.
 */
import { consumerProject, type ConsumerProject, type RunResult } from './support/consumer';
import { AWS_LAMBDA_STUB, EVERY_ENTRY_DEPS, RESOLUTIONS, type ResolutionName, USES_EVERY_ENTRY, everyEntryTsconfig } from './support/every-entry';
import { MATRIX_TIMEOUT_MS, installTypeScript, matrixVersions } from './support/registry';

jest.setTimeout(MATRIX_TIMEOUT_MS);

const VERSIONS = matrixVersions({ default: ['5.3'], full: ['5.3', '5.4', '5.9', '6.0'] });
const NAMES = Object.keys(RESOLUTIONS) as ResolutionName[];

let project: ConsumerProject;
const results: Record<string, RunResult> = {};

beforeAll(async () => {
  const compilers = Object.fromEntries(VERSIONS.map((version) => [version, installTypeScript(version)]));
  project = consumerProject({
    deps: EVERY_ENTRY_DEPS,
    files: {
      'src/uses-every-entry.ts': USES_EVERY_ENTRY,
      'src/aws-lambda.d.ts': AWS_LAMBDA_STUB,
      ...Object.fromEntries(
        VERSIONS.flatMap((version) =>
          NAMES.map((name) => [`tsconfig.${version}.${name}.json`, JSON.stringify(everyEntryTsconfig(name, Number(version.split('.')[0])))]),
        ),
      ),
    },
  });
  for (const version of VERSIONS) {
    const tsc = await compilers[version]!;
    // One version's four compilations side by side.
    await Promise.all(
      NAMES.map(async (name) => {
        results[`${version} ${name}`] = await project.nodeAsync(tsc, ['-p', `tsconfig.${version}.${name}.json`]);
      }),
    );
  }
});

describe.each(VERSIONS)('TypeScript %s, installed from the registry', (version) => {
  it.each(NAMES)('compiles every entry under %s', (name) => {
    const result = results[`${version} ${name}`]!;
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
