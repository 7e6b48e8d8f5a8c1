/**
 * Regular expressions on data are an opt-in (`enableRegex()`) and re2js an optional peer: the
 * packed library refuses a regexPattern rule or a `=~` filter before the call, naming it, and
 * loads re2js only when such a rule or filter is compiled after it. Without re2js, erase works and
 * a regex gives a typed error naming the install command; bundles do not carry it unless it is
 * installed (and then it works bundled).
 */
import { consumerProject, type ConsumerProject } from './support/consumer';

const HANDLER_JS = `const { DataMasking, DataMaskingError, enableRegex } = require('lambda-data-masking');
const masker = new DataMasking();
const data = { email: 'john.doe@example.com', list: [{ v: 'ab' }, { v: 'x' }] };
const out = { plain: masker.erase(data, { fields: ['email'] }) };
const attempts = [
  ['rule', { fields: ['email'], regexPattern: /(.)(.*)@/, maskFormat: '$1***@' }],
  ['filter', { fields: ['list[?(@.v =~ /^a/)]'] }],
];
const attempt = (name, options) => {
  try {
    out[name] = masker.erase(data, options);
  } catch (error) {
    out[name] = { error: error.name, typed: error instanceof DataMaskingError, message: error.message };
  }
};
for (const [name, options] of attempts) attempt(name + 'BeforeEnable', options);
enableRegex();
for (const [name, options] of attempts) attempt(name, options);
console.log(JSON.stringify(out));
`;

const MASKED = {
  plain: { email: '*****', list: [{ v: 'ab' }, { v: 'x' }] },
  rule: { email: 'j***@example.com', list: [{ v: 'ab' }, { v: 'x' }] },
  filter: { email: 'john.doe@example.com', list: ['*****', { v: 'x' }] },
};

/** Before `enableRegex()`, with or without re2js installed. */
const NOT_ENABLED = { error: 'DataMaskingInvalidOptionsError', typed: true, message: expect.stringContaining('need enableRegex() first') };

const run = (project: ConsumerProject, file: string): unknown => JSON.parse(project.nodeOk(file).stdout.trim()) as unknown;

describe('without re2js installed', () => {
  let project: ConsumerProject;
  beforeAll(() => {
    project = consumerProject({ deps: ['esbuild'], files: { 'handler.js': HANDLER_JS } });
  });

  it('erases, and a regexPattern rule or a =~ filter is a typed error naming npm install re2js', () => {
    const refused = { error: 'DataMaskingMissingDependencyError', typed: true, message: expect.stringContaining('npm install re2js') };
    expect(run(project, 'handler.js')).toEqual({
      plain: MASKED.plain,
      ruleBeforeEnable: NOT_ENABLED,
      filterBeforeEnable: NOT_ENABLED,
      rule: refused,
      filter: refused,
    });
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

  it('refuses the rule and the filter before enableRegex(), naming it, and runs them after', () => {
    expect(run(project, 'handler.js')).toEqual({ ...MASKED, ruleBeforeEnable: NOT_ENABLED, filterBeforeEnable: NOT_ENABLED });
  });

  it('bundles re2js in and runs the same from the bundle alone', () => {
    const bundle = project.esbuild('handler.js', { format: 'cjs', minify: true, outfile: 'out/bundle.js' });
    expect(bundle.inputs.some((input) => input.includes('re2js'))).toBe(true);
    expect(run(project, bundle.outfile)).toEqual({ ...MASKED, ruleBeforeEnable: NOT_ENABLED, filterBeforeEnable: NOT_ENABLED });
  });
});
