/**
 * The fail-closed classes of issue 9 (erase engine), tried on the packed tarball as a user
 * installs it: member names that are data, a polluted Object.prototype, overlapping selections,
 * toJSON() views and throwing getters, binary data, and bounded error messages.
 */
import { consumerProject, type ConsumerProject } from './support/consumer';

const CHECKS_JS = `const { DataMasking, DataMaskingError, DataMaskingUnsupportedTypeError, DataMaskingFieldNotFoundError } = require('lambda-data-masking');
const masker = new DataMasking();
const results = {};
const errorOf = (run) => { try { run(); return undefined; } catch (error) { return error; } };

results.names = JSON.stringify(masker.erase(JSON.parse('{"__proto__":{"x":"s1"},"constructor":{"x":"s2"},"prototype":{"x":"s3"}}'), { fields: ['$..x'] }));
results.prototypeClean = Object.getOwnPropertyNames(Object.prototype).includes('x') === false && ({}).x === undefined;

Object.prototype.fields = ['name'];
Object.prototype.throwOnMissingField = false;
Object.prototype.regexPattern = /^$/;
Object.prototype.maskFormat = '';
try {
  results.polluted = masker.erase({ email: 'a@b.c', name: 'Ann' }, { fields: ['email'] });
  results.pollutedMissing = errorOf(() => new DataMasking().erase({ a: 1 }, { fields: ['nope'] })) instanceof DataMaskingFieldNotFoundError;
} finally {
  delete Object.prototype.fields; delete Object.prototype.throwOnMissingField; delete Object.prototype.regexPattern; delete Object.prototype.maskFormat;
}

results.overlap = masker.erase({ user: { password: 'hunter2' } }, { fields: ['user.password'], maskingRules: { user: { dynamicMask: true } } });

class Doc { #s; constructor(s) { this.#s = s; } toJSON() { return { ...this.#s }; } }
results.view = masker.erase({ users: [new Doc({ role: 'admin', ssn: '1' }), new Doc({ role: 'user', ssn: '2' })] }, { fields: ["$.users[?(@.role == 'admin')].ssn"] });
const thrown = errorOf(() => masker.erase({ x: 1, a: { get b() { throw new Error('SECRET'); } } }, { fields: ['x'] }));
results.getter = [thrown instanceof DataMaskingUnsupportedTypeError, thrown.message.includes('SECRET'), thrown.cause && thrown.cause.message];
results.buffer = errorOf(() => masker.erase({ b: Buffer.from('x'), a: 1 }, { fields: ['a'] })) instanceof DataMaskingUnsupportedTypeError;
const long = errorOf(() => masker.erase({ a: 1 }, { fields: ['a.' + 'b'.repeat(100000) + '\\n'] }));
results.message = [long instanceof DataMaskingError, long.message.length < 600, long.message.includes('\\n')];
results.nullParity = masker.erase({ a: null, b: null }, { fields: ['a'], dynamicMask: true, maskingRules: { b: { dynamicMask: true } } });
console.log(JSON.stringify(results));
`;

describe('the packed library fails closed', () => {
  let project: ConsumerProject;
  beforeAll(() => {
    project = consumerProject({ files: { 'checks.js': CHECKS_JS } });
  });

  it('on every class of issue 9 that erase owns', () => {
    expect(JSON.parse(project.nodeOk('checks.js').stdout.trim())).toEqual({
      names: '{"__proto__":{"x":"*****"},"constructor":{"x":"*****"},"prototype":{"x":"*****"}}',
      prototypeClean: true,
      polluted: { email: '*****', name: 'Ann' },
      pollutedMissing: true,
      overlap: { user: { password: '*****' } },
      view: {
        users: [
          { role: 'admin', ssn: '*****' },
          { role: 'user', ssn: '2' },
        ],
      },
      getter: [true, false, 'SECRET'],
      buffer: true,
      message: [true, true, false],
      nullParity: { a: '*****', b: null },
    });
  });
});
