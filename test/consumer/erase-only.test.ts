import { consumerProject, type ConsumerProject } from './support/consumer';

const HANDLER_TS = `import { DataMasking } from 'lambda-data-masking';

const masker = new DataMasking();

export const handler = async (event: { user: { email: string; name: string } }) =>
  masker.erase(event, { fields: ['user.email'] });
`;

const RUN_CJS = `const { handler } = require(process.argv[2]);
handler({ user: { email: 'a@b.c', name: 'Ann' } }).then((out) => console.log(JSON.stringify(out)));
`;

describe('an erase-only consumer of the packed tarball', () => {
  let project: ConsumerProject;

  beforeAll(() => {
    project = consumerProject({
      deps: ['typescript', '@types/node', 'esbuild'],
      files: { 'src/handler.ts': HANDLER_TS, 'run.cjs': RUN_CJS },
      tsconfig: {
        compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, rootDir: 'src', outDir: 'build', types: ['node'] },
        include: ['src'],
      },
    });
  });

  it('compiles with tsc (nodenext) and runs under Node as CommonJS', () => {
    project.tscOk();
    expect(project.nodeOk('run.cjs', ['./build/handler.js']).stdout.trim()).toBe('{"user":{"email":"*****","name":"Ann"}}');
  });

  it('bundles with esbuild to CommonJS and runs', () => {
    const bundle = project.esbuild('src/handler.ts', { format: 'cjs', minify: true, external: ['@aws-sdk/*'] });
    expect(project.nodeOk('run.cjs', [bundle.outfile]).stdout.trim()).toBe('{"user":{"email":"*****","name":"Ann"}}');
  });
});
