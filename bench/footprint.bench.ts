/**
 * Footprint as a user gets it: the packed tarball (size, files), esbuild bundles of Lambda
 * handlers built from it (minified, `@aws-sdk/*` left to the Lambda runtime) and the time Node
 * takes to load them, each in a fresh process. Goals from the packaging issue: an erase-only
 * handler bundles to at most 25 KB and loads in at most 8 ms.
 */
import { type ConsumerProject, consumerProject } from '../test/consumer/support/consumer';
import { KMS_PEERS } from '../test/consumer/support/kms-peers';
import { packedTarball } from '../test/consumer/support/tarball';
import { type ReportSection, median } from './harness';

const ROUNDS = 15;
const KB = 1024;

const HANDLERS: Record<string, string> = {
  'src/erase.ts': `import { DataMasking } from 'lambda-data-masking';
const masker = new DataMasking();
export const handler = async (event: unknown) => masker.erase(event, { fields: ['user.email'] });
`,
  'src/kms.ts': `import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [process.env.KEY_ARN ?? 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'] }) });
export const handler = async (event: unknown) => masker.encrypt(event, { fields: ['ssn'] });
`,
  'src/dto.ts': `import { Erase, MaskHandler } from 'lambda-data-masking';
class User { @Erase() email!: string; name!: string }
class Lambda {
  @MaskHandler(['name'])
  public async handler(event: { email: string; name: string }) { return Object.assign(new User(), event); }
}
const lambda = new Lambda();
export const handler = lambda.handler.bind(lambda);
`,
};

/**
 * CPU milliseconds (user + system) that loading `target` takes in a fresh Node process (CommonJS
 * `require`, or `import` of an ES module): median of ROUNDS. CPU time rather than wall time: on a
 * shared machine, wall time mostly measures the other processes. With `warmUp`, that file is
 * loaded first, untimed: the loader's one-time cost of its first file (about 9 ms for an ES
 * module) is then already paid, as it is in Lambda, where the runtime client loads its own
 * modules before the handler.
 */
const loadTime = (project: ConsumerProject, target: string, kind: 'require' | 'import', warmUp?: string): number => {
  const loadOf = (file: string) => (kind === 'require' ? `require(${JSON.stringify(file)});` : `await import(${JSON.stringify(file)});`);
  const script = `${warmUp === undefined ? '' : loadOf(warmUp)} const s = process.cpuUsage(); ${loadOf(target)} const d = process.cpuUsage(s); process.stdout.write(String((d.user + d.system) / 1000));`;
  const args = kind === 'require' ? ['-e', script] : ['--input-type=module', '-e', script];
  const times = Array.from({ length: ROUNDS }, () => Number(project.runOk(process.execPath, args, { env: { AWS_EC2_METADATA_DISABLED: 'true' } }).stdout));
  return median(times);
};

const kb = (bytes: number): string => `${(bytes / KB).toFixed(1)} KB`;
const verdict = (ok: boolean): string => (ok ? 'yes' : '**no**');

export const runFootprintBench = (): ReportSection[] => {
  const tarball = packedTarball();
  const project = consumerProject({
    deps: ['esbuild', ...KMS_PEERS],
    files: {
      ...HANDLERS,
      'empty.cjs': '',
      'empty.mjs': '',
      'empty2.cjs': '',
      'empty2.mjs': '',
      'tsconfig.json': '{"compilerOptions":{"experimentalDecorators":true}}',
    },
  });
  const bundle = (entry: string, format: 'cjs' | 'esm') => project.esbuild(entry, { format, minify: true, external: ['@aws-sdk/*'] });
  // What loading any file costs (the ES module loader starts on the first import): the floor under each row.
  const floor = {
    cjs: loadTime(project, project.path('empty.cjs'), 'require'),
    esm: loadTime(project, project.path('empty.mjs'), 'import'),
  };
  const warmUp = { cjs: project.path('empty.cjs'), esm: project.path('empty.mjs') };
  const rows: string[] = [];
  for (const [label, entry] of [
    ['erase only: `new DataMasking().erase(...)`', 'src/erase.ts'],
    ['decorators: `@Erase` DTO + `@MaskHandler`', 'src/dto.ts'],
    ['KMS: `AWSEncryptionSDKProvider` + `encrypt`', 'src/kms.ts'],
  ] as const) {
    for (const format of ['cjs', 'esm'] as const) {
      const built = bundle(entry, format);
      const kind = format === 'cjs' ? 'require' : 'import';
      const ms = loadTime(project, built.outfile, kind);
      const warmMs = loadTime(project, built.outfile, kind, warmUp[format]);
      const isErase = entry === 'src/erase.ts';
      rows.push(
        `| ${label} | ${format === 'cjs' ? 'CommonJS' : 'ES module'} | ${kb(built.bytes)} | ${ms.toFixed(1)} ms | ${(ms - floor[format]).toFixed(1)} ms | ${warmMs.toFixed(1)} ms | ${isErase ? `${verdict(built.bytes <= 25 * KB)} / ${verdict(warmMs <= 8)}` : ''} |`,
      );
    }
  }
  for (const format of ['cjs', 'esm'] as const) {
    const warmMs = loadTime(project, project.path(`empty2.${format === 'cjs' ? 'cjs' : 'mjs'}`), format === 'cjs' ? 'require' : 'import', warmUp[format]);
    rows.push(
      `| baseline: an empty file | ${format === 'cjs' ? 'CommonJS' : 'ES module'} | 0 KB | ${floor[format].toFixed(1)} ms | 0 | ${warmMs.toFixed(1)} ms | |`,
    );
  }
  const unbundled = [
    ["`require('lambda-data-masking')`", 'lambda-data-masking'],
    ["`require('lambda-data-masking/kms')`", 'lambda-data-masking/kms'],
  ].map(([label, target]) => `| ${label} | ${loadTime(project, target!, 'require').toFixed(1)} ms |`);
  return [
    {
      title: 'Footprint (packed tarball, bundles, load time)',
      description: [
        `The packed tarball: ${kb(tarball.size)} (${kb(tarball.unpackedSize)} unpacked), ${tarball.files.length} files (CommonJS build with declarations, ES module build, README, LICENSE, package.json; no source maps).`,
        `Handlers bundled from it by esbuild (\`--bundle --platform=node --minify --external:@aws-sdk/*\`), then loaded in a fresh Node process: the CPU time (user + system) of the \`require\` (CommonJS) or \`import\` (ES module), median of ${ROUNDS} processes (CPU time, as wall time on this shared machine mostly measures the other processes). Goals for the erase-only handler: at most 25 KB and 8 ms. The time goal is judged on the load after the loader's first file (an empty file loaded first, untimed): the first file an ES module loader loads costs about 9 ms by itself, and in Lambda the runtime client, itself an ES module, has paid that before it loads the handler.`,
        'The Powertools TypeScript masker is not published to npm (`@aws-lambda-powertools/data-masking`: 404 on 2026-11-29), so it is not measured side by side here.',
      ].join('\n\n'),
      lines: [
        "| handler | format | bundle | load (CPU), cold | net of the empty file | load after the loader's first file | goal met (size / time) |",
        '| --- | --- | ---: | ---: | ---: | ---: | :---: |',
        ...rows,
        '',
        'Unbundled, from `node_modules` (what a function deployed with its `node_modules` loads):',
        '',
        '| import | load (CPU) |',
        '| --- | ---: |',
        ...unbundled,
      ],
    },
  ];
};
