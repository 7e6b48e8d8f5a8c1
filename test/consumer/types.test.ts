/**
 * Every entry's types resolve from the packed tarball under each `moduleResolution` a consumer
 * may use, with `types: []` (our declarations must reference the Node types they use themselves)
 * and, once, `skipLibCheck: false` (our declarations are checked too). This repository's
 * TypeScript (6.0); other versions: matrix-typescript.test.ts.
 */
import { consumerProject, type ConsumerProject, type RunResult, CONSUMER_TIMEOUT_MS } from './support/consumer';
import { AWS_LAMBDA_STUB, EVERY_ENTRY_DEPS, RESOLUTIONS, type ResolutionName, USES_EVERY_ENTRY, everyEntryTsconfig } from './support/every-entry';

jest.setTimeout(CONSUMER_TIMEOUT_MS);

const NAMES = Object.keys(RESOLUTIONS) as ResolutionName[];

describe('types of every entry under each moduleResolution (tsc)', () => {
  let project: ConsumerProject;
  const results: Record<string, Promise<RunResult>> = {};

  beforeAll(() => {
    project = consumerProject({
      deps: ['typescript', ...EVERY_ENTRY_DEPS],
      files: {
        'src/uses-every-entry.ts': USES_EVERY_ENTRY,
        'src/aws-lambda.d.ts': AWS_LAMBDA_STUB,
        ...Object.fromEntries(NAMES.map((name) => [`tsconfig.${name}.json`, JSON.stringify(everyEntryTsconfig(name, 6))])),
      },
    });
    // Side by side: the full check and the three others take about as long.
    for (const name of NAMES) results[name] = project.tscAsync(['-p', `tsconfig.${name}.json`]);
  });

  it.each(NAMES)('%s', async (name) => {
    const result = await results[name]!;
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
