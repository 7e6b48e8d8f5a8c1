/**
 * The one loader for optional packages: a package that cannot be loaded gives a typed
 * DataMaskingMissingDependencyError with the npm install line; an installed package that fails
 * while loading passes its own error through.
 */
import { DataMaskingMissingDependencyError } from 'lambda-data-masking';
import { loadOptional, requireOptional } from '../../src/optional/require-optional';

const ABSENT = 'ldm-absent-package-for-tests';

describe('loadOptional', () => {
  it('returns what the literal require returns', () => {
    expect(loadOptional<typeof import('node:path')>(() => require('node:path'), 'node:path', 'a feature').join('a', 'b')).toBe('a/b');
  });

  it('turns a package that is not installed into a typed error naming it and the install line', () => {
    const error = (() => {
      try {
        return loadOptional(() => require(ABSENT), ABSENT, 'a feature');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DataMaskingMissingDependencyError);
    expect(error).toMatchObject({ packages: [ABSENT], message: `a feature needs ${ABSENT}: npm install ${ABSENT}` });
    expect((error as Error).cause).toMatchObject({ code: 'MODULE_NOT_FOUND' });
  });

  it('names every missing package of the group, the one asked for first', () => {
    expect(() => loadOptional(() => require(ABSENT), ABSENT, 'a feature', ['node:path', `${ABSENT}-2`])).toThrow(
      expect.objectContaining({ packages: [ABSENT, `${ABSENT}-2`] }),
    );
  });

  it('treats a require left to an ES module bundle (no require for packages) as missing', () => {
    const bundled = () => {
      throw new Error(`Dynamic require of "${ABSENT}" is not supported`);
    };
    expect(() => loadOptional(bundled, ABSENT, 'a feature')).toThrow(DataMaskingMissingDependencyError);
  });

  it('lets an error raised by an installed package pass through unchanged', () => {
    const broken = new TypeError('the package itself failed');
    expect(() =>
      loadOptional(
        () => {
          throw broken;
        },
        ABSENT,
        'a feature',
      ),
    ).toThrow(broken);
    // A missing module that is not the package asked for is that package's own failure.
    const inner = Object.assign(new Error("Cannot find module 'something-else'"), { code: 'MODULE_NOT_FOUND' });
    expect(() =>
      loadOptional(
        () => {
          throw inner;
        },
        ABSENT,
        'a feature',
      ),
    ).toThrow(inner);
  });
});

describe('requireOptional (a require by name, left to run time by bundlers)', () => {
  it('loads an installed package and refuses a missing one with the same typed error', () => {
    expect(requireOptional<typeof import('node:path')>('node:path', 'a feature').sep).toBe('/');
    expect(() => requireOptional(ABSENT, 'a feature')).toThrow(DataMaskingMissingDependencyError);
  });
});
