/**
 * What a `lambda-data-masking/kms` user sees when a peer is missing, from the packed tarball:
 * - unbundled CommonJS: the import names it (though the KMS client loads only when a provider
 *   is built with `keys`: a function fails at once, not on its first use);
 * - an ES module bundle: the bundler refuses to build and names the package; with `@aws-sdk/*`
 *   left external (the Lambda runtime provides it) and absent where the bundle runs, Node names
 *   it when the bundle loads (a static import: no library code runs before it, so the error is
 *   Node's, not `DataMaskingMissingDependencyError`).
 */
import { consumerProject, type ConsumerProject, CONSUMER_TIMEOUT_MS } from './support/consumer';
import { KMS_PEERS } from './support/kms-peers';

jest.setTimeout(CONSUMER_TIMEOUT_MS);

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const HANDLER = `import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';

export const handler = async () => new AWSEncryptionSDKProvider({ keys: ['${KEY_ARN}'] }) !== undefined;
`;

describe('/kms without @aws-sdk/client-kms', () => {
  let project: ConsumerProject;

  beforeAll(() => {
    project = consumerProject({
      deps: ['esbuild', ...KMS_PEERS.filter((name) => name !== '@aws-sdk/client-kms')],
      files: {
        'kms.cjs': `try {
  require('lambda-data-masking/kms');
  console.log(JSON.stringify({ imported: true }));
} catch (error) {
  console.log(JSON.stringify({ name: error.name, message: error.message, packages: error.packages }));
}`,
        'src/handler.ts': HANDLER,
      },
    });
  });

  it('CommonJS: the import names the package and the npm install line', () => {
    expect(JSON.parse(project.nodeOk('kms.cjs').stdout)).toEqual({
      name: 'DataMaskingMissingDependencyError',
      message: "'lambda-data-masking/kms' needs @aws-sdk/client-kms: npm install @aws-sdk/client-kms",
      packages: ['@aws-sdk/client-kms'],
    });
  });

  it('ES module bundle: esbuild refuses to build and names the package', () => {
    const result = project.run(project.path('node_modules/esbuild/bin/esbuild'), [
      'src/handler.ts',
      '--bundle',
      '--platform=node',
      '--format=esm',
      `--outfile=${project.path('out/refused.mjs')}`,
    ]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Could not resolve "@aws-sdk/client-kms"');
  });

  it('ES module bundle with @aws-sdk/* external: Node names the package when the bundle loads', () => {
    const bundle = project.esbuild('src/handler.ts', { format: 'esm', minify: true, external: ['@aws-sdk/*'] });
    const result = project.run(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(bundle.outfile)});`]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Cannot find package '@aws-sdk/client-kms'");
  });
});

describe('/kms without the streaming encrypt the SDK uses for messages over 64 KB', () => {
  it('names it at import, not on the first large message', () => {
    const project = consumerProject({
      deps: KMS_PEERS.filter((name) => name !== '@aws-crypto/encrypt-node'),
      files: {
        'kms.cjs': `try { require('lambda-data-masking/kms'); console.log('{}'); } catch (error) { console.log(JSON.stringify({ name: error.name, packages: error.packages })); }`,
      },
    });
    expect(JSON.parse(project.nodeOk('kms.cjs').stdout)).toEqual({ name: 'DataMaskingMissingDependencyError', packages: ['@aws-crypto/encrypt-node'] });
  });
});
