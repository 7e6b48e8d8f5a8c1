/**
 * Lambda handlers bundled with esbuild from the packed tarball, as CommonJS and as ES modules,
 * minified, `@aws-sdk/*` left out (the Lambda runtime provides it), then run under Node:
 * an erase-only handler (size and contents checked against the footprint goals) and an
 * encrypting handler that talks to LocalKms.
 */
import { type BundleResult, consumerProject, type ConsumerProject, CONSUMER_TIMEOUT_MS } from './support/consumer';
import { KMS_PEERS } from './support/kms-peers';

jest.setTimeout(CONSUMER_TIMEOUT_MS);

const ERASE_HANDLER = `import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

export const handler = async (event: { user: { email: string; name: string } }) =>
  masker.erase(event, { fields: ['user.email'] });
`;

/** Regular expressions on data, opted in: the front end and re2js come into the bundle with `enableRegex`. */
const REGEX_HANDLER = `import { DataMasking, enableRegex } from 'lambda-data-masking';

enableRegex();
const masker = new DataMasking();

export const handler = async (event: { email: string; list: { v: string }[] }) => ({
  rule: masker.erase(event, { fields: ['email'], regexPattern: /(.)(.*)@/, maskFormat: '$1***@' }),
  filter: masker.erase(event, { fields: ['list[?(@.v =~ /^a/)]'] }),
});
`;
const REGEX_EVENT = { email: 'john.doe@example.com', list: [{ v: 'ab' }, { v: 'x' }] };
const REGEX_RESULT = {
  rule: { email: 'j***@example.com', list: [{ v: 'ab' }, { v: 'x' }] },
  filter: { email: 'john.doe@example.com', list: ['*****', { v: 'x' }] },
};

const KMS_HANDLER = `import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';

const provider = new AWSEncryptionSDKProvider({
  keys: [process.env.KEY_ARN!],
  kmsClientConfig: JSON.parse(process.env.KMS_CLIENT_CONFIG!),
});
const masker = new DataMasking({ provider });

export const handler = async (event: { ssn: string; name: string }) => {
  const context = { tenant: 't-1' };
  const encrypted = await masker.encrypt(event, { fields: ['ssn'], context });
  const decrypted = await masker.decrypt(encrypted, { fields: ['ssn'], context });
  return { changed: encrypted.ssn !== event.ssn, decrypted };
};
`;

/**
 * A custom provider (any `EncryptionProvider`): refused until `enableEncryption()` hands the
 * encryption code over, then round-trips a field. The same source runs unbundled on the CommonJS
 * build (`custom.cjs`) and bundled from the ES module build, with the same result.
 */
const CUSTOM_HANDLER = `import { DataMasking, enableEncryption, type EncryptionProvider } from 'lambda-data-masking';

const provider: EncryptionProvider = {
  encrypt: async (value) => Buffer.from(JSON.stringify(value)).toString('base64'),
  decrypt: async (ciphertext) => JSON.parse(Buffer.from(ciphertext, 'base64').toString()),
};

export const handler = async (event: { ssn: string; name: string }) => {
  let refused = '';
  try {
    new DataMasking({ provider });
  } catch (error) {
    refused = (error as Error).name;
  }
  enableEncryption();
  const masker = new DataMasking({ provider });
  const encrypted = await masker.encrypt(event, { fields: ['ssn'] });
  return { refused, changed: encrypted.ssn !== event.ssn, decrypted: await masker.decrypt(encrypted, { fields: ['ssn'] }) };
};
`;
const CUSTOM_CJS = CUSTOM_HANDLER.replace(
  "import { DataMasking, enableEncryption, type EncryptionProvider } from 'lambda-data-masking';",
  "const { DataMasking, enableEncryption } = require('lambda-data-masking');",
)
  .replace(': EncryptionProvider', '')
  .replace(': { ssn: string; name: string }', '')
  .replace(' as Error', '')
  .replace('export const handler =', 'exports.handler =');
const CUSTOM_RESULT = { refused: 'DataMaskingInvalidOptionsError', changed: true, decrypted: { ssn: '123-45-6789', name: 'Ann' } };

/** Runs a bundled handler: LocalKms (from the tarball's /testing entry) is started first. */
const DRIVER = `const { LocalKms } = require('lambda-data-masking/testing');
const { pathToFileURL } = require('node:url');

const main = async () => {
  const kms = await LocalKms.start();
  process.env.KEY_ARN = kms.createKey().arn;
  process.env.KMS_CLIENT_CONFIG = JSON.stringify(kms.clientConfig());
  const { handler } = await import(pathToFileURL(process.argv[2]).href);
  const result = await handler(JSON.parse(process.argv[3]));
  await kms.stop();
  process.stdout.write(JSON.stringify(result));
};
main().catch((error) => { console.error(error); process.exitCode = 1; });
`;

const KB = 1024;
/**
 * The packaging goal (issue 11): an erase-only handler bundles to at most 25 KB. Met once regular
 * expressions became an opt-in (`enableRegex`), the erase path lost what only encryption and the
 * decorators use, and the Date view kept the built-in `toISOString`. The ceiling also guards
 * against the decorators, the encryption code, the regex front end, reflect-metadata, re2js or a
 * `require` of our own modules (which makes bundlers wrap every module in a lazy initializer)
 * coming back.
 */
const ERASE_ONLY_CEILING = 25 * KB;
const DECORATOR_FILES = /(?:decorators|metadata|handler-result)\/|dto\/(?!lazy)|reflect-metadata|class-transformer/;
/** Regular expressions on data: handed over by `enableRegex()`, never in an erase-only bundle. */
const REGEX_FILES = /masks\/(?:regex\.|regex-window|re2-loader|enable-regex)|re2js/;
/** Field-level encryption: handed over by the providers (`enableEncryption`), never in an erase-only bundle. */
const ENCRYPTION_FILES = /operations\/(?:encryption\.|field-crypto|field-shape|fair-run|context|provider-options)/;

describe('esbuild bundles of Lambda handlers, from the packed tarball', () => {
  let project: ConsumerProject;

  beforeAll(() => {
    project = consumerProject({
      deps: ['esbuild', 're2js', ...KMS_PEERS],
      files: {
        'src/erase.ts': ERASE_HANDLER,
        'src/regex.ts': REGEX_HANDLER,
        'src/kms.ts': KMS_HANDLER,
        'src/custom.ts': CUSTOM_HANDLER,
        'custom.cjs': CUSTOM_CJS,
        'driver.cjs': DRIVER,
      },
    });
  });

  const run = (bundle: BundleResult, event: unknown): unknown =>
    JSON.parse(project.nodeOk('driver.cjs', [bundle.outfile, JSON.stringify(event)], { env: { AWS_EC2_METADATA_DISABLED: 'true' } }).stdout);

  describe.each(['cjs', 'esm'] as const)('%s format', (format) => {
    it('erase-only: runs, stays small and carries no decorator, reflect-metadata, class-transformer, regex or re2js code', () => {
      const bundle = project.esbuild('src/erase.ts', { format, minify: true, external: ['@aws-sdk/*'] });
      expect(run(bundle, { user: { email: 'a@b.c', name: 'Ann' } })).toEqual({ user: { email: '*****', name: 'Ann' } });
      expect(bundle.bytes).toBeLessThanOrEqual(ERASE_ONLY_CEILING);
      expect(bundle.inputs.filter((file) => DECORATOR_FILES.test(file))).toEqual([]);
      expect(bundle.inputs.filter((file) => ENCRYPTION_FILES.test(file))).toEqual([]);
      expect(bundle.inputs.filter((file) => REGEX_FILES.test(file))).toEqual([]);
      // One copy of the library, its ES module build.
      expect(bundle.inputs.filter((file) => file.includes('lambda-data-masking/dist/cjs'))).toEqual([]);
    });

    it('regex: enableRegex() brings the front end and re2js into the bundle, and the rule and the filter run', () => {
      const bundle = project.esbuild('src/regex.ts', { format, minify: true, external: ['@aws-sdk/*'] });
      expect(run(bundle, REGEX_EVENT)).toEqual(REGEX_RESULT);
      expect(bundle.inputs.filter((file) => REGEX_FILES.test(file)).length).toBeGreaterThanOrEqual(4);
      expect(bundle.inputs.some((file) => file.includes('node_modules/re2js/'))).toBe(true);
    });

    it('custom provider: refused until enableEncryption(), then round-trips, as on the unbundled CommonJS build', () => {
      const bundle = project.esbuild('src/custom.ts', { format, minify: true, external: ['@aws-sdk/*'] });
      const event = { ssn: '123-45-6789', name: 'Ann' };
      expect(run(bundle, event)).toEqual(CUSTOM_RESULT);
      expect(run({ ...bundle, outfile: project.path('custom.cjs') }, event)).toEqual(CUSTOM_RESULT);
    });

    it('encrypting: round-trips a field through LocalKms without the DynamoDB client', () => {
      const bundle = project.esbuild('src/kms.ts', { format, minify: true, external: ['@aws-sdk/*'] });
      expect(run(bundle, { ssn: '123-45-6789', name: 'Ann' })).toEqual({ changed: true, decrypted: { ssn: '123-45-6789', name: 'Ann' } });
      // The package name may appear as text (the optional loader's message), never as an import.
      expect(project.read(bundle.outfile.slice(project.dir.length + 1))).not.toMatch(/(?:from|require\()\s*["']@aws-sdk\/client-dynamodb/);
      expect(bundle.inputs.filter((file) => /kms_hkeyring|branch_keystore|client-dynamodb/.test(file))).toEqual([]);
    });
  });
});
