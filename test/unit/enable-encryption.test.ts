/**
 * Field-level encryption reaches `DataMasking` only when handed over: by `AWSEncryptionSDKProvider`
 * when it is built, or by `enableEncryption()` for a custom provider. The same rule holds in the
 * CommonJS build these tests load and in the ES module build bundlers use (test/consumer/bundles).
 * Each test loads the library afresh, as a new process would.
 */
import type * as Library from 'lambda-data-masking';
import { DataMasking, DataMaskingInvalidOptionsError } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';

const fresh = (): { library: typeof Library } => {
  let library!: typeof Library;
  jest.isolateModules(() => {
    library = require('lambda-data-masking') as typeof Library;
  });
  return { library };
};

/** A real, reversible custom provider (not the code under test): base64 of the context and the value. */
const envelopeProvider = (): Library.EncryptionProvider => ({
  encrypt: async (value, options) => Buffer.from(JSON.stringify([options?.context ?? {}, value])).toString('base64'),
  decrypt: async (ciphertext, options) => {
    const [context, value] = JSON.parse(Buffer.from(ciphertext, 'base64').toString()) as [unknown, unknown];
    if (JSON.stringify(context) !== JSON.stringify(options?.context ?? {})) throw new Error('context mismatch');
    return value;
  },
});

describe('enableEncryption', () => {
  it.each([
    ['a provider', { provider: envelopeProvider() }],
    ['a default context', { context: { tenant: 't-1' } }],
    ['default providerOptions', { providerOptions: { algorithmSuiteId: 1 } }],
  ])('refuses %s before encryption is enabled, naming the fix; erasing needs nothing', (_, options) => {
    const { library } = fresh();
    expect(() => new library.DataMasking(options)).toThrow(library.DataMaskingInvalidOptionsError);
    expect(() => new library.DataMasking(options)).toThrow(/enableEncryption\(\) first \(AWSEncryptionSDKProvider calls it\)/);
    expect(new library.DataMasking().erase({ a: 'x', b: 'y' }, { fields: ['a'] })).toEqual({ a: '*****', b: 'y' });
  });

  it('without a provider, encrypt and decrypt say a provider is needed, enabled or not', async () => {
    const { library } = fresh();
    await expect(new library.DataMasking().encrypt({ a: 1 })).rejects.toThrow(/encrypt needs an encryption provider/);
    library.enableEncryption();
    await expect(new library.DataMasking({ context: { t: '1' } }).decrypt('x')).rejects.toThrow(/decrypt needs an encryption provider/);
  });

  it('makes a custom provider work for whole payloads and fields, with the default context bound', async () => {
    const { library } = fresh();
    library.enableEncryption();
    library.enableEncryption(); // again: nothing changes
    const masker = new library.DataMasking({ provider: envelopeProvider(), context: { tenant: 't-1' } });
    const whole = await masker.encrypt({ ssn: '1' });
    expect(JSON.parse(Buffer.from(whole, 'base64').toString())).toEqual([{ tenant: 't-1' }, { ssn: '1' }]);
    expect(await masker.decrypt(whole)).toEqual({ ssn: '1' });
    const fields = await masker.encrypt({ ssn: '1', name: 'Ann' }, { fields: ['ssn'] });
    expect(fields.ssn).not.toBe('1');
    expect(await masker.decrypt(fields, { fields: ['ssn'] })).toEqual({ ssn: '1', name: 'Ann' });
  });

  it('is done by building an AWSEncryptionSDKProvider', () => {
    // This file's own module registry: nothing has enabled encryption in it yet.
    expect(() => new DataMasking({ context: { t: '1' } })).toThrow(DataMaskingInvalidOptionsError);
    const provider = new AWSEncryptionSDKProvider({ keys: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'] });
    expect(() => new DataMasking({ provider, context: { t: '1' } })).not.toThrow();
  });
});
