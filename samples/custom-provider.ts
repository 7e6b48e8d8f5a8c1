/**
 * Your own EncryptionProvider: here AES-256-GCM with a key you hold, the encryption context bound
 * as additional authenticated data. `enableEncryption()`, once at module level, makes `encrypt`,
 * `decrypt` and the `provider` option available to it (AWSEncryptionSDKProvider does this itself);
 * without it, `new DataMasking({ provider })` throws DataMaskingInvalidOptionsError, in a
 * CommonJS test run and in a bundle alike.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DataMasking, DataMaskingDecryptValueError, type EncryptionProvider, type ProviderCallOptions, enableEncryption } from 'lambda-data-masking';

enableEncryption();

/** The context's pairs in a fixed order: what decrypt must be given again. */
const aad = (options: ProviderCallOptions = {}): Buffer => Buffer.from(JSON.stringify(Object.entries(options.context ?? {}).sort()));

export class AesGcmProvider implements EncryptionProvider {
  public constructor(private readonly key: Buffer) {}

  public async encrypt(value: unknown, options?: ProviderCallOptions): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(aad(options));
    const body = Buffer.concat([cipher.update(JSON.stringify(value)), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  public async decrypt(ciphertext: string, options?: ProviderCallOptions): Promise<unknown> {
    const message = Buffer.from(ciphertext, 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, message.subarray(0, 12)).setAAD(aad(options));
      decipher.setAuthTag(message.subarray(12, 28));
      return JSON.parse(Buffer.concat([decipher.update(message.subarray(28)), decipher.final()]).toString());
    } catch (error) {
      throw new DataMaskingDecryptValueError('Not a ciphertext of this key and context', { cause: error });
    }
  }
}

export const createMasker = (key: Buffer): DataMasking => new DataMasking({ provider: new AesGcmProvider(key) });
