/** samples/custom-provider.ts: a custom provider, enabled with enableEncryption(), round-trips fields and binds the context. */
import { randomBytes } from 'node:crypto';
import { DataMaskingDecryptValueError } from 'lambda-data-masking';
import { createMasker } from '../../samples/custom-provider';

describe('a custom EncryptionProvider', () => {
  const masker = createMasker(randomBytes(32));
  const context = { tenant: 't-1' };

  it('encrypts fields in place and decrypts them with the same context', async () => {
    const encrypted = await masker.encrypt({ ssn: '123-45-6789', name: 'Ann' }, { fields: ['ssn'], context });
    expect(encrypted.name).toBe('Ann');
    expect(encrypted.ssn).not.toContain('123');
    expect(await masker.decrypt(encrypted, { fields: ['ssn'], context })).toEqual({ ssn: '123-45-6789', name: 'Ann' });
  });

  it('refuses another context or another key, with a typed error', async () => {
    const ciphertext = await masker.encrypt({ ssn: '1' }, { context });
    await expect(masker.decrypt(ciphertext, { context: { tenant: 't-2' } })).rejects.toThrow(DataMaskingDecryptValueError);
    await expect(createMasker(randomBytes(32)).decrypt(ciphertext, { context })).rejects.toThrow(DataMaskingDecryptValueError);
  });
});
