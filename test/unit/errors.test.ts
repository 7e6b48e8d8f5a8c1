import * as library from '../../src';
import { DataMaskingError, DataMaskingInvalidPathError } from '../../src';

const errorClasses = Object.entries(library).filter(
  ([name, value]) => typeof value === 'function' && name.startsWith('DataMasking') && name.endsWith('Error'),
) as [string, new (message: string, ...rest: never[]) => Error][];

describe('error classes', () => {
  it('exports the whole hierarchy of the design', () => {
    expect(errorClasses.map(([name]) => name).sort()).toEqual([
      'DataMaskingContextMismatchError',
      'DataMaskingDecryptKeyError',
      'DataMaskingDecryptValueError',
      'DataMaskingEncryptKeyError',
      'DataMaskingError',
      'DataMaskingFieldNotFoundError',
      'DataMaskingInvalidOptionsError',
      'DataMaskingInvalidPathError',
      'DataMaskingMissingDependencyError',
      'DataMaskingUnsupportedTypeError',
    ]);
  });

  it.each(errorClasses.filter(([name]) => name !== 'DataMaskingInvalidPathError' && name !== 'DataMaskingMissingDependencyError'))(
    '%s sets its name, extends DataMaskingError and keeps its cause',
    (name, ErrorClass) => {
      const cause = new Error('underlying');
      const error = new (ErrorClass as unknown as new (message: string, options: { cause: unknown }) => Error)('message', { cause });
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(DataMaskingError);
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toBe('message');
      expect(error.cause).toBe(cause);
      expect(String(error)).toBe(`${name}: message`);
    },
  );

  it('DataMaskingMissingDependencyError names the packages and the npm install line', () => {
    const cause = new Error('Cannot find module');
    const error = new library.DataMaskingMissingDependencyError("'lambda-data-masking/kms'", ['@aws-sdk/client-kms', '@aws-crypto/serialize'], { cause });
    expect(error).toMatchObject({ name: 'DataMaskingMissingDependencyError', packages: ['@aws-sdk/client-kms', '@aws-crypto/serialize'], cause });
    expect(error.message).toBe(
      "'lambda-data-masking/kms' needs @aws-sdk/client-kms, @aws-crypto/serialize: npm install @aws-sdk/client-kms @aws-crypto/serialize",
    );
    expect(error).toBeInstanceOf(DataMaskingError);
  });

  it('DataMaskingInvalidPathError carries the path and the position', () => {
    const error = new DataMaskingInvalidPathError('bad', 'a[', 2, { cause: 'x' });
    expect(error).toMatchObject({ name: 'DataMaskingInvalidPathError', path: 'a[', position: 2, cause: 'x' });
    expect(error).toBeInstanceOf(DataMaskingError);
  });
});
