/**
 * The decorators from the packed tarball, in fresh projects, under every supported toolchain:
 * tsc with legacy and with standard decorators, esbuild CommonJS and ESM bundles, the AWS CDK
 * ESM recipe (`mainFields: ['module', 'main']`, format esm, createRequire banner), and swc.
 * One DTO program (test/fixtures/toolchains/program.ts) must print the same under all of them;
 * nested DTOs declared only with class-transformer's `@Type` are masked, or refused when the bundle
 * loads class-transformer twice, and never output in clear. Encryption is the real ESDK to LocalKms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ConsumerProject, consumerProject } from './support/consumer';

jest.setTimeout(180_000);

const fixture = (name: string): string => readFileSync(join(__dirname, '..', 'fixtures', 'toolchains', name), 'utf8');

const MAIN = (withClassTransformer: boolean): string => `
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { LocalKms } from 'lambda-data-masking/testing';
import { run } from './program';
${withClassTransformer ? "import { runClassTransformer } from './class-transformer-program';" : ''}

process.env.AWS_EC2_METADATA_DISABLED = 'true';

const main = async (): Promise<void> => {
  const kms = await LocalKms.start();
  try {
    const provider = new AWSEncryptionSDKProvider({ keys: [kms.createKey().arn], kmsClientConfig: kms.clientConfig() });
    const result: Record<string, unknown> = { program: await run(provider) };
    ${withClassTransformer ? 'result.classTransformer = await runClassTransformer(provider);' : ''}
    console.log(JSON.stringify(result));
  } finally {
    await kms.stop();
  }
};
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
`;

/** Compiles src/*.ts with swc (no type-check, no design:type), as \`swc src -d swc-out\` would. */
const SWC = `
const { transformFileSync } = require('@swc/core');
const { mkdirSync, readdirSync, writeFileSync } = require('node:fs');
const transform = JSON.parse(process.argv[2]);
mkdirSync('swc-out', { recursive: true });
for (const file of readdirSync('src')) {
  const { code } = transformFileSync('src/' + file, {
    swcrc: false,
    jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022', transform },
    module: { type: 'commonjs' },
  });
  writeFileSync('swc-out/' + file.replace(/\\.ts$/, '.js'), code);
}
`;

const CDK_BANNER = "--banner:js=import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
/** Left to node_modules at run time, as Lambda layers or the runtime provide the AWS SDK. */
const EXTERNAL = ['@aws-sdk/*'];

const SECRETS = ['4111111111111111', '4222222222222222', '4333333333333333', '4444444444444444', '4555555555555555', '4666666666666666'];

const EXPECTED_PROGRAM = {
  masked: {
    id: 'o-1',
    card: { number: '*****', cvv: 'XXX', holder: 'Ann' },
    cards: [
      { number: '*****', cvv: 'XXX', holder: 'Ann' },
      { number: '*****', cvv: 'XXX', holder: 'Ann' },
    ],
    sealed: 'string',
    placedAt: '2026-01-02T03:04:05.000Z',
  },
  unmasked: { order: true, card: true, cards: [true, true], sealed: { number: '*****', cvv: 'XXX', holder: 'Ann' }, placedAt: '2026-01-02T03:04:05.000Z' },
  refused: expect.stringMatching(
    /^DataMaskingInvalidOptionsError: Plain data in LooseOrder at \$\.card holds a member named "number", which @Erase\/@Encrypt protect on .*\bCard\b.*add @MaskNested\(\(\) => /,
  ),
  handled: { by: '*****', card: { number: '*****', cvv: 'XXX', holder: 'Ann' } },
  account: { _email: '*****', id: 'a-1' },
};

const MASKED_CARD = { number: '*****', cvv: 'string', holder: 'Ann' };
const expectedClassTransformer = (typeSeen: boolean) => ({
  byType: typeSeen
    ? { id: 't', card: MASKED_CARD }
    : expect.stringMatching(/^DataMaskingInvalidOptionsError: Plain data in ByType at \$\.card holds a member named "number", .*PaymentCard/),
  byMaskNested: { id: 'm', card: MASKED_CARD },
  unmasked: { card: true, cvv: '987', number: '*****' },
});

/**
 * Runs a built entry and checks what every toolchain must print. `typeSeen`: whether the run
 * includes the class-transformer program, and whether the library sees its `@Type`.
 */
const expectRun = (project: ConsumerProject, file: string, typeSeen?: boolean): void => {
  const { stdout } = project.nodeOk(file);
  for (const secret of SECRETS) expect(stdout).not.toContain(secret);
  const output = JSON.parse(stdout) as Record<string, unknown>;
  expect(output.program).toEqual(EXPECTED_PROGRAM);
  if (typeSeen !== undefined) {
    expect(output.classTransformer).toEqual(expectedClassTransformer(typeSeen));
    // The only clear cvv is the one unmask decrypted.
    expect(stdout.split('987').length - 1).toBe(1);
  }
};

const tsconfig = (experimentalDecorators: boolean) => ({
  compilerOptions: {
    module: 'nodenext',
    target: 'es2022',
    strict: true,
    rootDir: 'src',
    outDir: 'build',
    types: ['node'],
    skipLibCheck: true,
    ...(experimentalDecorators ? { experimentalDecorators: true, emitDecoratorMetadata: true } : {}),
  },
  include: ['src'],
});

const DEPS = ['typescript', '@types/node', 'esbuild', '@swc/core'];

describe('decorators in a project with legacy decorators (experimentalDecorators)', () => {
  let project: ConsumerProject;

  beforeAll(() => {
    project = consumerProject({
      deps: [
        ...DEPS,
        'class-transformer',
        '@aws-crypto/encrypt-node',
        '@aws-crypto/decrypt-node',
        '@aws-crypto/caching-materials-manager-node',
        '@aws-crypto/kms-keyring-node',
        '@aws-crypto/material-management-node',
        '@aws-crypto/serialize',
        '@aws-sdk/client-kms',
      ],
      files: {
        'src/program.ts': fixture('program.ts'),
        'src/class-transformer-program.ts': fixture('class-transformer-program.ts'),
        'src/main.ts': MAIN(true),
        'swc.cjs': SWC,
      },
      tsconfig: tsconfig(true),
    });
  });

  it('type-checks and runs compiled by tsc (with design:type, which the library does not need)', () => {
    project.tscOk();
    expectRun(project, 'build/main.js', true);
  });

  it('runs bundled by esbuild as CommonJS (one class-transformer copy: @Type is seen)', () => {
    const bundle = project.esbuild('src/main.ts', { format: 'cjs', external: EXTERNAL });
    expect(bundle.inputs.filter((input) => input.includes('class-transformer/esm'))).toEqual([]);
    expectRun(project, bundle.outfile, true);
  });

  it('runs bundled by esbuild as ESM', () => {
    const bundle = project.esbuild('src/main.ts', { format: 'esm', outfile: 'out/esm.mjs', external: EXTERNAL, flags: [CDK_BANNER] });
    expectRun(project, bundle.outfile, true);
  });

  it('the AWS CDK ESM recipe loads class-transformer twice: @Type-only nested DTOs are refused, never in clear; @MaskNested works', () => {
    const bundle = project.esbuild('src/main.ts', {
      format: 'esm',
      outfile: 'out/cdk.mjs',
      mainFields: ['module', 'main'],
      external: EXTERNAL,
      flags: [CDK_BANNER, '--target=node20'],
    });
    // Both copies are in the bundle: the DTOs' (ESM) and the one the library requires (CommonJS).
    expect(bundle.inputs.some((input) => /class-transformer\/esm5\//.test(input))).toBe(true);
    expect(bundle.inputs.some((input) => /class-transformer\/cjs\//.test(input))).toBe(true);
    expectRun(project, bundle.outfile, false);
  });

  it('runs compiled by swc with legacy decorators and no decorator metadata', () => {
    project.nodeOk('swc.cjs', [JSON.stringify({ legacyDecorator: true })]);
    expectRun(project, 'swc-out/main.js', true);
  });
});

describe('decorators in a project with standard (TC39) decorators, the TypeScript default', () => {
  let project: ConsumerProject;

  beforeAll(() => {
    project = consumerProject({
      deps: [
        ...DEPS,
        '@aws-crypto/encrypt-node',
        '@aws-crypto/decrypt-node',
        '@aws-crypto/caching-materials-manager-node',
        '@aws-crypto/kms-keyring-node',
        '@aws-crypto/material-management-node',
        '@aws-crypto/serialize',
        '@aws-sdk/client-kms',
      ],
      files: { 'src/program.ts': fixture('program.ts'), 'src/main.ts': MAIN(false), 'swc.cjs': SWC },
      tsconfig: tsconfig(false),
    });
  });

  it('type-checks without experimentalDecorators and runs compiled by tsc', () => {
    project.tscOk();
    expectRun(project, 'build/main.js');
  });

  it('runs bundled by esbuild (which lowers standard decorators) as CommonJS and as ESM', () => {
    expectRun(project, project.esbuild('src/main.ts', { format: 'cjs', external: EXTERNAL, flags: ['--target=node20'] }).outfile);
    const esm = project.esbuild('src/main.ts', {
      format: 'esm',
      outfile: 'out/cdk.mjs',
      mainFields: ['module', 'main'],
      external: EXTERNAL,
      flags: [CDK_BANNER, '--target=node20'],
    });
    expectRun(project, esm.outfile);
  });

  it('runs compiled by swc with standard decorators (2022-03 and 2023-11)', () => {
    for (const decoratorVersion of ['2022-03', '2023-11']) {
      project.nodeOk('swc.cjs', [JSON.stringify({ decoratorVersion })]);
      expectRun(project, 'swc-out/main.js');
    }
  });

  it('tells in a type error that a standard @MaskHandler method returns a Promise', () => {
    project.write({
      'src/sync-handler.ts': `import { MaskHandler } from 'lambda-data-masking';
class Sync { @MaskHandler(['a']) public handler(): { a: string } { return { a: 'x' }; } }
export const sync = new Sync();
`,
    });
    // Only this file (and what it imports), with the project's settings: standard decorators.
    const result = project.tsc([
      '--ignoreConfig',
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--target',
      'es2022',
      '--module',
      'nodenext',
      '--types',
      'node',
      'src/sync-handler.ts',
    ]);
    project.write({ 'src/sync-handler.ts': 'export {};\n' });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/sync-handler\.ts.*TS1270.*Promise/s);
  });
});
