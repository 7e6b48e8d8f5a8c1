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
      'DataMaskingUnsupportedTypeError',
    ]);
  });

  it.each(errorClasses.filter(([name]) => name !== 'DataMaskingInvalidPathError'))(
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

  it('DataMaskingInvalidPathError carries the path and the position', () => {
    const error = new DataMaskingInvalidPathError('bad', 'a[', 2, { cause: 'x' });
    expect(error).toMatchObject({ name: 'DataMaskingInvalidPathError', path: 'a[', position: 2, cause: 'x' });
    expect(error).toBeInstanceOf(DataMaskingError);
  });
});
