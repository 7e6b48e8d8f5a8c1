/**
 * An ES module bundle (esbuild `--format=esm`, no `createRequire` banner) of every entry of the
 * packed package loads in Node and exposes the entry's exports. The library and the Encryption
 * SDK are bundled; the frameworks and loggers the entries plug into (NestJS, rxjs, Middy, pino,
 * winston, Powertools) and `@aws-sdk/*` stay external, imported from node_modules as a
 * function deployed with them would.
 */
import { consumerProject, type ConsumerProject, CONSUMER_TIMEOUT_MS } from './support/consumer';
import { KMS_PEERS } from './support/kms-peers';

jest.setTimeout(CONSUMER_TIMEOUT_MS);

/** Each entry and an export it must have once loaded. */
const ENTRIES: Record<string, string> = {
  'lambda-data-masking': 'DataMasking',
  'lambda-data-masking/kms': 'AWSEncryptionSDKProvider',
  'lambda-data-masking/testing': 'LocalKms',
  'lambda-data-masking/middy': 'maskResponse',
  'lambda-data-masking/nestjs': 'DataMaskingInterceptor',
  'lambda-data-masking/logger/powertools': 'MaskingLogFormatter',
  'lambda-data-masking/logger/pino': 'withMasking',
  'lambda-data-masking/logger/winston': 'maskingFormat',
};

const PLUGGED_INTO = ['@aws-sdk/*', '@nestjs/*', 'rxjs', '@middy/*', 'pino', 'winston', '@aws-lambda-powertools/*'];

const fileName = (entry: string): string => entry.replace(/\//g, '_');

describe('ES module bundles of every entry, without a createRequire banner', () => {
  let project: ConsumerProject;

  beforeAll(() => {
    project = consumerProject({
      deps: [
        'esbuild',
        ...KMS_PEERS,
        '@nestjs/common',
        '@nestjs/core',
        'rxjs',
        '@middy/core',
        'pino',
        'winston',
        '@aws-lambda-powertools/logger',
        '@aws-lambda-powertools/commons',
        'class-transformer',
      ],
      files: Object.fromEntries(
        Object.keys(ENTRIES).map((entry) => [
          `src/${fileName(entry)}.mjs`,
          `import * as entry from '${entry}';\nconsole.log(JSON.stringify(Object.keys(entry).sort()));\n`,
        ]),
      ),
    });
  });

  it.each(Object.keys(ENTRIES))('%s', (entry) => {
    const bundle = project.esbuild(`src/${fileName(entry)}.mjs`, { format: 'esm', minify: true, external: PLUGGED_INTO });
    // The library itself is in the bundle (its ES module build), not imported at run time.
    expect(bundle.inputs.some((file) => file.includes('lambda-data-masking/dist/esm/'))).toBe(true);
    const exported = JSON.parse(project.nodeOk(bundle.outfile, [], { env: { AWS_EC2_METADATA_DISABLED: 'true' } }).stdout) as string[];
    expect(exported).toContain(ENTRIES[entry]);
  });
});
