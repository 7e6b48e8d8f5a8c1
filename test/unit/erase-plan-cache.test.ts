/**
 * `erase(data, { fields })` keeps its plan by the fields array. The array is the caller's and
 * may change between calls: every change must be seen, so a cached plan never leaves a newly
 * named value in clear nor hides a newly invalid path.
 */
import { DataMasking, DataMaskingInvalidOptionsError, DataMaskingInvalidPathError } from '../../src';

const record = (): Record<string, unknown> => ({ email: 'ann@example.com', ssn: '123-45-6789', name: 'Ann' });

describe('erase plans kept by the fields array', () => {
  const masker = new DataMasking();

  it('sees an element replaced in place', () => {
    const fields = ['email'];
    expect(masker.erase(record(), { fields })).toEqual({ email: '*****', ssn: '123-45-6789', name: 'Ann' });
    fields[0] = 'ssn';
    expect(masker.erase(record(), { fields })).toEqual({ email: 'ann@example.com', ssn: '*****', name: 'Ann' });
  });

  it('sees a path pushed, and one removed', () => {
    const fields = ['email'];
    masker.erase(record(), { fields });
    fields.push('ssn');
    expect(masker.erase(record(), { fields })).toEqual({ email: '*****', ssn: '*****', name: 'Ann' });
    fields.shift();
    expect(masker.erase(record(), { fields })).toEqual({ email: 'ann@example.com', ssn: '*****', name: 'Ann' });
  });

  it('refuses an element made invalid after a successful call', () => {
    const fields = ['email'];
    masker.erase(record(), { fields });
    fields[0] = '$.__proto__.polluted';
    expect(() => masker.erase(record(), { fields })).toThrow(DataMaskingInvalidPathError);
    (fields as unknown[])[0] = 42;
    expect(() => masker.erase(record(), { fields })).toThrow(DataMaskingInvalidOptionsError);
  });

  it('does not fill a hole made after caching from a polluted Array.prototype', () => {
    const fields = ['email', 'ssn'];
    masker.erase(record(), { fields });
    delete (fields as (string | undefined)[])[1];
    Object.defineProperty(Array.prototype, 1, { value: 'ssn', configurable: true, writable: true });
    try {
      expect(() => masker.erase(record(), { fields })).toThrow(DataMaskingInvalidOptionsError);
    } finally {
      delete (Array.prototype as unknown as Record<number, unknown>)[1];
    }
  });

  it('plans with the strings it read once, even when an element is a getter that changes', () => {
    let reads = 0;
    const fields: string[] = [];
    Object.defineProperty(fields, 0, { enumerable: true, get: () => (reads++ % 2 === 0 ? 'email' : 'ssn') });
    for (let call = 0; call < 4; call++) {
      const result = masker.erase(record(), { fields }) as Record<string, unknown>;
      // Exactly one of the two is masked each time, never neither.
      expect([result.email, result.ssn].filter((value) => value === '*****')).toHaveLength(1);
    }
  });

  it('keeps plans only for options that hold nothing but fields', () => {
    const fields = ['email'];
    expect(masker.erase(record(), { fields })).toMatchObject({ email: '*****' });
    expect(masker.erase(record(), { fields, customMask: '#' })).toMatchObject({ email: '#' });
    expect(masker.erase(record(), { fields, dynamicMask: true })).toMatchObject({ email: '***********.***' });
    expect(masker.erase(record(), { fields })).toMatchObject({ email: '*****' });
  });

  it('keeps each masker its own missing-field policy when two share one fields array', () => {
    const fields = ['email', 'missing'];
    const strict = new DataMasking();
    const warnings: string[] = [];
    const lenient = new DataMasking({ throwOnMissingField: false, logger: { warn: (message: string) => warnings.push(message) } });
    for (let round = 0; round < 3; round++) {
      expect(() => strict.erase(record(), { fields })).toThrow(/missing/);
      expect(lenient.erase(record(), { fields })).toEqual({ email: '*****', ssn: '123-45-6789', name: 'Ann' });
    }
    expect(warnings).toHaveLength(3);
  });

  it('erases again with the same fields array from inside a toJSON() of the data it is erasing', () => {
    const fields = ['email'];
    const inner = { toJSON: () => masker.erase(record(), { fields }) };
    expect(masker.erase({ email: 'x@example.com', inner }, { fields })).toEqual({
      email: '*****',
      inner: { email: '*****', ssn: '123-45-6789', name: 'Ann' },
    });
  });
});
