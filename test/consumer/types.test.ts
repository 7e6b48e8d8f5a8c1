/**
 * Every entry's types resolve from the packed tarball under each `moduleResolution` a consumer
 * may use, with `types: []` (our declarations must reference the Node types they use themselves)
 * and, once, `skipLibCheck: false` (our declarations are checked too).
 */
import { consumerProject, type ConsumerProject, type RunResult, CONSUMER_TIMEOUT_MS } from './support/consumer';
import { KMS_PEERS } from './support/kms-peers';

jest.setTimeout(CONSUMER_TIMEOUT_MS);

const USES_EVERY_ENTRY = `import { DataMasking, Erase, DataMaskingError, type EraseOptions } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { maskResponse } from 'lambda-data-masking/middy';
import { DataMaskingModule } from 'lambda-data-masking/nestjs';

const options: EraseOptions = { fields: ['a'] };
export const uses = [DataMasking, Erase, DataMaskingError, AWSEncryptionSDKProvider, LocalKms, maskResponse, DataMaskingModule, options];
export const masked: { a: unknown } = new DataMasking().erase({ a: 1 }, { fields: ['a'] });
`;

const RESOLUTIONS = {
  node10: { module: 'commonjs', moduleResolution: 'node10' },
  node16: { module: 'node16', moduleResolution: 'node16' },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
} as const;

/**
 * Checking every declaration file (`skipLibCheck: false`) costs ~1200 files of AWS SDK, NestJS and
 * Node types: done once, under node16 (where a CommonJS declaration importing an ES-module-only
 * package fails, TS1479); the other resolutions check how every entry resolves and types.
 */
const FULL_CHECK = 'node16';

const tsconfig = (name: string, resolution: (typeof RESOLUTIONS)[keyof typeof RESOLUTIONS]) => ({
  compilerOptions: {
    ...resolution,
    target: 'es2022',
    strict: true,
    noEmit: true,
    skipLibCheck: name !== FULL_CHECK,
    types: [],
    experimentalDecorators: true,
    // TypeScript 6 deprecates node10; a consumer on it silences the notice this way.
    ...(resolution.moduleResolution === 'node10' ? { ignoreDeprecations: '6.0' } : {}),
  },
  files: ['src/uses-every-entry.ts', 'src/aws-lambda.d.ts'],
});

describe('types of every entry under each moduleResolution (tsc)', () => {
  let project: ConsumerProject;
  const results: Record<string, Promise<RunResult>> = {};

  beforeAll(() => {
    project = consumerProject({
      // @aws-sdk/client-dynamodb: the hierarchical keyring's option types name its client, so a /kms
      // user with skipLibCheck off needs it installed even without that keyring (known, not fixed).
      deps: ['typescript', '@types/node', ...KMS_PEERS, '@aws-sdk/client-dynamodb', '@middy/core', '@nestjs/common', '@nestjs/core', 'rxjs', 'class-transformer'],
      files: {
        'src/uses-every-entry.ts': USES_EVERY_ENTRY,
        // Middy's own declarations import 'aws-lambda' (@types/aws-lambda, which Middy users install;
        // this repository does not): a stub, as only our declarations are under test here.
        'src/aws-lambda.d.ts': `declare module 'aws-lambda' {
  export interface Context { functionName: string }
  export type Handler<TEvent = any, TResult = any> = (event: TEvent, context: Context) => Promise<TResult>;
}
`,
        ...Object.fromEntries(Object.entries(RESOLUTIONS).map(([name, resolution]) => [`tsconfig.${name}.json`, JSON.stringify(tsconfig(name, resolution))])),
      },
    });
    // Side by side: the full check and the three others take about as long.
    for (const name of Object.keys(RESOLUTIONS)) results[name] = project.tscAsync(['-p', `tsconfig.${name}.json`]);
  });

  it.each(Object.keys(RESOLUTIONS))('%s', async (name) => {
    const result = await results[name]!;
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
