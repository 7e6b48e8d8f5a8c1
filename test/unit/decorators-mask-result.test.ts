import 'reflect-metadata';
import { DATA_MASKING_STRING, DataMasking, DataMaskingInvalidOptionsError, DataMaskingUnsupportedTypeError, Erase, maskResult } from 'lambda-data-masking';
import { normalizeMaskOptions } from '../../src/handler-result/mask-result'; // internal: shared by @MaskHandler, Middy and NestJS
import { AesTestProvider } from '../fixtures/aes-test-provider';

class Profile {
  @Erase() email!: string;
  name!: string;
}
const profile = (): Profile => Object.assign(new Profile(), { email: 'ann@example.com', name: 'Ann' });

describe('normalizeMaskOptions', () => {
  it('turns a field list into { erase } and copies an options object', () => {
    const fields = ['email'];
    const normalized = normalizeMaskOptions(fields);
    expect(normalized).toEqual({ erase: ['email'] });
    fields.push('name');
    expect(normalized.erase).toEqual(['email']);
    const options = { encrypt: ['ssn'], body: true };
    expect(normalizeMaskOptions(options)).toEqual(options);
    expect(normalizeMaskOptions(options)).not.toBe(options);
  });

  it('rejects unknown keys, bad types and bad paths', () => {
    expect(() => normalizeMaskOptions({ fields: ['a'] } as never)).toThrow(DataMaskingInvalidOptionsError);
    expect(() => normalizeMaskOptions('email' as never)).toThrow(DataMaskingInvalidOptionsError);
    expect(() => normalizeMaskOptions({ erase: 'email' as never })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => normalizeMaskOptions({ erase: { fields: [] } })).toThrow(DataMaskingInvalidOptionsError);
    expect(() => normalizeMaskOptions({ encrypt: ['a[?('] })).toThrow();
    expect(() => normalizeMaskOptions({ masker: {} as never })).toThrow(/masker must be a DataMasking/);
  });
});

describe('maskResult', () => {
  it('applies full erase options (rules) on top of DTO metadata', async () => {
    const result = await maskResult(
      { profile: profile(), phone: '555-0100' },
      {
        erase: { fields: ['phone'], dynamicMask: true, maskingRules: { 'profile.name': { customMask: 'X' } } },
      },
    );
    expect(result).toEqual({ profile: { email: DATA_MASKING_STRING, name: 'X' }, phone: '***-****' });
  });

  it('masks a DTO body that is not yet serialized, and leaves an empty body alone', async () => {
    await expect(maskResult({ statusCode: 200, body: profile() }, { body: true })).resolves.toEqual({
      statusCode: 200,
      body: { email: DATA_MASKING_STRING, name: 'Ann' },
    });
    await expect(maskResult({ statusCode: 204, body: '' }, { erase: ['x'], body: true })).resolves.toEqual({ statusCode: 204, body: '' });
  });

  it('refuses body: true without a response object, or with a base64 body', async () => {
    await expect(maskResult('text', { body: true })).rejects.toThrow(DataMaskingUnsupportedTypeError);
    await expect(maskResult({ statusCode: 200, body: 'e30=', isBase64Encoded: true }, { erase: ['a'], body: true })).rejects.toThrow(
      DataMaskingUnsupportedTypeError,
    );
  });

  it('encrypts fields of a JSON body and binds the context', async () => {
    const masker = new DataMasking({ provider: new AesTestProvider() });
    const response = (await maskResult(
      { statusCode: 200, body: JSON.stringify({ card: '4111111111111111', id: 1 }) },
      { encrypt: ['card'], context: { tenant: 't' }, masker, body: true },
    )) as { body: string };
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(body.card).not.toBe('4111111111111111');
    await expect(masker.decrypt(body, { fields: ['card'], context: { tenant: 't' } })).resolves.toEqual({ card: '4111111111111111', id: 1 });
  });

  it('finds DTOs under objects with an own constructor member or no prototype', async () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { inner: profile() });
    await expect(maskResult({ constructor: 'x', list: [bare] }, {})).resolves.toEqual({
      constructor: 'x',
      list: [{ inner: { email: DATA_MASKING_STRING, name: 'Ann' } }],
    });
  });

  it('returns a plain JSON result as it is when there is nothing to mask', async () => {
    const value = { a: 1 };
    expect(await maskResult(value, {})).toBe(value);
  });
});
