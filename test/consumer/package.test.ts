/**
 * The published package itself: `attw` (types under every resolution) and `publint` (package.json
 * and files) on the packed tarball, what the tarball holds, and the error a missing optional
 * peer gives.
 */
import { consumerProject, type ConsumerProject, repoRootNodeModulesBin, CONSUMER_TIMEOUT_MS } from './support/consumer';
import { KMS_PEERS } from './support/kms-peers';
import { packedTarball } from './support/tarball';

jest.setTimeout(CONSUMER_TIMEOUT_MS);

describe('the packed package', () => {
  it('attw finds no problem in any entry, under any resolution', () => {
    const project = consumerProject({ library: false });
    const result = project.run(repoRootNodeModulesBin('attw'), [packedTarball().path, '--format', 'ascii', '--no-color']);
    expect(result.stdout).toContain('No problems found');
    expect(result.status).toBe(0);
  });

  it('publint reports nothing', () => {
    const project = consumerProject({});
    const result = project.run(repoRootNodeModulesBin('publint'), ['--strict', 'node_modules/lambda-data-masking']);
    expect(result.stdout).toContain('All good!');
    expect(result.status).toBe(0);
  });

  it('holds the license, the README, the two builds and no source maps', () => {
    const { files } = packedTarball();
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/esm/index.mjs']));
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  describe('the CommonJS core entry', () => {
    let project: ConsumerProject;

    beforeAll(() => {
      project = consumerProject({
        files: {
          'core.cjs': `const before = new Set(Object.keys(require.cache));
const { DataMasking } = require('lambda-data-masking');
const masked = new DataMasking().erase({ a: 1, b: 2 }, { fields: ['a'] });
const loaded = Object.keys(require.cache).filter((file) => !before.has(file)).map((file) => file.slice(file.indexOf('/dist/cjs/') + 10));
console.log(JSON.stringify({ masked, loaded }));`,
          'decorators.cjs': `const library = require('lambda-data-masking');
console.log(JSON.stringify({ symbolMetadata: typeof Symbol.metadata, exports: ['Encrypt', 'Erase', 'MaskHandler', 'MaskNested', 'maskResult'].map((name) => typeof library[name]) }));`,
          'esm.mjs': `import { DataMasking, Erase, Encrypt, MaskHandler, MaskNested, maskResult } from 'lambda-data-masking';
console.log(JSON.stringify([DataMasking, Erase, Encrypt, MaskHandler, MaskNested, maskResult].map((value) => typeof value)));`,
        },
      });
    });

    it('loads the decorators on first use only (Symbol.metadata is defined at once, for standard decorators)', () => {
      const { masked, loaded } = JSON.parse(project.nodeOk('core.cjs').stdout) as { masked: unknown; loaded: string[] };
      expect(masked).toEqual({ a: '*****', b: 2 });
      // symbol-metadata defines Symbol.metadata; lazy is a loader that loads nothing yet.
      expect(loaded.filter((file) => /^(?:decorators|dto|handler-result|metadata)\//.test(file)).sort()).toEqual([
        'dto/lazy.js',
        'metadata/symbol-metadata.js',
      ]);
      // Nor the regex front end, nor the encryption context checks.
      expect(loaded.filter((file) => /masks\/(?:regex\.|regex-window|re2-loader|enable-regex)|operations\/(?:context|encryption\.)/.test(file))).toEqual([]);
      expect(JSON.parse(project.nodeOk('decorators.cjs').stdout)).toEqual({ symbolMetadata: 'symbol', exports: Array(5).fill('function') });
    });

    it('keeps every named export for Node ES module importers', () => {
      expect(JSON.parse(project.nodeOk('esm.mjs').stdout)).toEqual(Array(6).fill('function'));
    });
  });

  describe('a missing optional peer', () => {
    let project: ConsumerProject;

    beforeAll(() => {
      project = consumerProject({
        // Everything /kms needs but the KMS client and one Encryption SDK package.
        deps: KMS_PEERS.filter((name) => name !== '@aws-sdk/client-kms' && name !== '@aws-crypto/serialize'),
        files: {
          'kms.cjs': `try { require('lambda-data-masking/kms'); } catch (error) { console.log(JSON.stringify({ name: error.name, message: error.message, packages: error.packages })); }`,
          'nestjs.cjs': `try { require('lambda-data-masking/nestjs'); } catch (error) { console.log(JSON.stringify({ name: error.name, message: error.message })); }`,
          'core.cjs': `const { DataMasking } = require('lambda-data-masking'); console.log(JSON.stringify(new DataMasking().erase({ a: 1 })));`,
        },
      });
    });

    it('is named with the npm install line that fixes it', () => {
      expect(JSON.parse(project.nodeOk('kms.cjs').stdout)).toEqual({
        name: 'DataMaskingMissingDependencyError',
        message: "'lambda-data-masking/kms' needs @aws-crypto/serialize, @aws-sdk/client-kms: npm install @aws-crypto/serialize @aws-sdk/client-kms",
        packages: ['@aws-crypto/serialize', '@aws-sdk/client-kms'],
      });
      expect(JSON.parse(project.nodeOk('nestjs.cjs').stdout)).toEqual({
        name: 'DataMaskingMissingDependencyError',
        message: "'lambda-data-masking/nestjs' needs @nestjs/common, @nestjs/core, rxjs: npm install @nestjs/common @nestjs/core rxjs",
      });
    });

    it('does not concern the core entry', () => {
      expect(project.nodeOk('core.cjs').stdout.trim()).toBe('"*****"');
    });
  });
});
