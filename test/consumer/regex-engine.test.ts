/**
 * re2js is an optional peer: the packed library loads it only when a regexPattern rule or a
 * `=~` filter is compiled. Without it, erase works and a regex gives a typed error naming the
 * install command; bundles do not carry it unless it is installed (and then it works bundled).
 */
import { consumerProject, type ConsumerProject } from './support/consumer';

const HANDLER_JS = `const { DataMasking, DataMaskingMissingDependencyError } = require('lambda-data-masking');
const masker = new DataMasking();
const data = { email: 'john.doe@example.com', list: [{ v: 'ab' }, { v: 'x' }] };
const out = { plain: masker.erase(data, { fields: ['email'] }) };
for (const [name, options] of [
  ['rule', { fields: ['email'], regexPattern: /(.)(.*)@/, maskFormat: '$1***@' }],
  ['filter', { fields: ['list[?(@.v =~ /^a/)]'] }],
]) {
  try {
    out[name] = masker.erase(data, options);
  } catch (error) {
    out[name] = { error: error.name, typed: error instanceof DataMaskingMissingDependencyError, message: error.message };
  }
}
console.log(JSON.stringify(out));
`;

const MASKED = {
  plain: { email: '*****', list: [{ v: 'ab' }, { v: 'x' }] },
  rule: { email: 'j***@example.com', list: [{ v: 'ab' }, { v: 'x' }] },
  filter: { email: 'john.doe@example.com', list: ['*****', { v: 'x' }] },
};

const run = (project: ConsumerProject, file: string): unknown => JSON.parse(project.nodeOk(file).stdout.trim()) as unknown;

describe('without re2js installed', () => {
  let project: ConsumerProject;
  beforeAll(() => {
    project = consumerProject({ deps: ['esbuild'], files: { 'handler.js': HANDLER_JS } });
  });

  it('erases, and a regexPattern rule or a =~ filter is a typed error naming npm install re2js', () => {
    const refused = { error: 'DataMaskingMissingDependencyError', typed: true, message: expect.stringContaining('npm install re2js') };
    expect(run(project, 'handler.js')).toEqual({ plain: MASKED.plain, rule: refused, filter: refused });
  });

  it('bundles with esbuild (the require stays for run time) without re2js, and behaves the same', () => {
    const bundle = project.esbuild('handler.js', { format: 'cjs', minify: true });
    expect(bundle.inputs.some((input) => input.includes('re2js'))).toBe(false);
    expect((run(project, bundle.outfile) as { rule: { error: string } }).rule.error).toBe('DataMaskingMissingDependencyError');
  });
});

describe('with re2js installed', () => {
  let project: ConsumerProject;
  beforeAll(() => {
    project = consumerProject({ deps: ['esbuild', 're2js'], files: { 'handler.js': HANDLER_JS } });
  });

  it('runs the rule and the filter', () => {
    expect(run(project, 'handler.js')).toEqual(MASKED);
  });

  it('bundles re2js in and runs the same from the bundle alone', () => {
    const bundle = project.esbuild('handler.js', { format: 'cjs', minify: true, outfile: 'out/bundle.js' });
    expect(bundle.inputs.some((input) => input.includes('re2js'))).toBe(true);
    expect(run(project, bundle.outfile)).toEqual(MASKED);
  });
});
