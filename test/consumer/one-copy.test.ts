/**
 * The dual-package hazard, checked: Node loads the CommonJS build for `import` and `require`
 * alike (one copy: one decorator metadata store, one DataMaskingError class), and a bundle holds
 * the ES module build once even when its code both imports and requires the library.
 */
import { consumerProject, type ConsumerProject, CONSUMER_TIMEOUT_MS } from './support/consumer';
import { KMS_PEERS } from './support/kms-peers';

jest.setTimeout(CONSUMER_TIMEOUT_MS);

const ENTRIES = ['lambda-data-masking', 'lambda-data-masking/kms', 'lambda-data-masking/testing', 'lambda-data-masking/middy', 'lambda-data-masking/nestjs'];

/** A DTO decorated through `import`, masked through `require`: one metadata store or the email leaks. */
const BOTH_WAYS = `import { createRequire } from 'node:module';
import * as imported from 'lambda-data-masking';

const required = createRequire(import.meta.url)('lambda-data-masking');

class User {
  constructor() { this.email = 'a@b.c'; this.name = 'Ann'; }
}
imported.Erase()(User.prototype, 'email');

const masked = new required.DataMasking().maskSync(new User());
let caught;
try { new required.DataMasking().erase({ a: 1 }, { fields: ['b'] }); } catch (error) { caught = error; }
console.log(JSON.stringify({
  sameClass: imported.DataMasking === required.DataMasking,
  masked,
  errorIsImportedClass: caught instanceof imported.DataMaskingError,
}));
`;

const NAMED_EXPORTS = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const result = {};
for (const entry of ${JSON.stringify(ENTRIES)}) {
  const namespace = await import(entry);
  result[entry] = {
    imported: Object.keys(namespace).filter((name) => !['default', 'module.exports', '__esModule'].includes(name)).sort(),
    required: Object.keys(require(entry)).filter((name) => name !== '__esModule').sort(),
  };
}
console.log(JSON.stringify(result));
`;

/** Decorated DTO in a bundle: the decorators bring the interpreter (and reflect-metadata) along. */
const DTO_HANDLER = `import { DataMasking, Erase } from 'lambda-data-masking';

class User {
  @Erase() email!: string;
  name!: string;
}

const required = require('lambda-data-masking') as typeof import('lambda-data-masking');

export const handler = async () => {
  const user = Object.assign(new User(), { email: 'a@b.c', name: 'Ann' });
  return { masked: new required.DataMasking().maskSync(user), sameClass: required.DataMasking === DataMasking };
};
`;

const RUN = `import { pathToFileURL } from 'node:url';
const { handler } = await import(pathToFileURL(process.argv[2]).href);
console.log(JSON.stringify(await handler()));
`;

describe('one copy of the library per process and per bundle', () => {
  let project: ConsumerProject;

  beforeAll(() => {
    project = consumerProject({
      deps: ['esbuild', ...KMS_PEERS, '@middy/core', '@nestjs/common', '@nestjs/core', 'rxjs', 'class-transformer'],
      files: {
        'both-ways.mjs': BOTH_WAYS,
        'named-exports.mjs': NAMED_EXPORTS,
        'src/dto.ts': DTO_HANDLER,
        'run.mjs': RUN,
        'tsconfig.json': JSON.stringify({ compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } }),
      },
    });
  });

  it('Node: import and require give the same classes and the same decorator metadata', () => {
    expect(JSON.parse(project.nodeOk('both-ways.mjs').stdout)).toEqual({
      sameClass: true,
      masked: { email: '*****', name: 'Ann' },
      errorIsImportedClass: true,
    });
  });

  it('Node: every entry imported from an ES module has the named exports require() gives', () => {
    const result = JSON.parse(project.nodeOk('named-exports.mjs', [], { env: { AWS_EC2_METADATA_DISABLED: 'true' } }).stdout) as Record<
      string,
      { imported: string[]; required: string[] }
    >;
    for (const entry of ENTRIES) {
      expect(result[entry]!.required.length).toBeGreaterThan(0);
      expect(result[entry]!.imported).toEqual(result[entry]!.required);
    }
  });

  it.each(['cjs', 'esm'] as const)('a %s bundle that imports and requires the library holds its ES module build once, decorators working', (format) => {
    const bundle = project.esbuild('src/dto.ts', { format, external: ['@aws-sdk/*'] });
    expect(bundle.inputs.filter((file) => file.includes('lambda-data-masking/dist/cjs'))).toEqual([]);
    expect(bundle.inputs.filter((file) => file.endsWith('lambda-data-masking/dist/esm/index.mjs'))).toHaveLength(1);
    expect(JSON.parse(project.nodeOk('run.mjs', [bundle.outfile]).stdout)).toEqual({ masked: { email: '*****', name: 'Ann' }, sameClass: true });
  });
});
