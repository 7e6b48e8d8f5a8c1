/**
 * inspectCiphertext reads an ESDK message header without any key: the seed's ciphertext made by
 * Python Powertools with a real KMS key, and messages made here with a raw AES keyring.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { DataMaskingDecryptValueError } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider, inspectCiphertext } from 'lambda-data-masking/kms';

const PYTHON_CIPHERTEXT = readFileSync(join(__dirname, '../fixtures/python-powertools-ciphertext.txt'), 'utf8').trim();
const PYTHON_KEY_ARN = 'arn:aws:kms:us-east-1:200984112386:key/6d82b34e-3660-44e2-8abb-7f3058bea212';

const keyring = (name = 'key-1') =>
  new RawAesKeyringNode({
    keyName: name,
    keyNamespace: 'inspect-tests',
    unencryptedMasterKey: new Uint8Array(32).fill(7),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });

describe('inspectCiphertext', () => {
  it('reads the ciphertext Python Powertools produced (seed docs) with a real KMS key', () => {
    expect(PYTHON_CIPHERTEXT.startsWith('AgV4uF5K')).toBe(true);
    const info = inspectCiphertext(PYTHON_CIPHERTEXT);
    expect(info).toMatchObject({
      version: 2,
      algorithmSuiteId: 0x0578,
      algorithmSuiteName: 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384',
      committing: true,
      signed: true,
      framed: true,
      frameLength: 4096,
      messageId: 'b85e4ad9832d36162bb6f893c0a36b50786a42bef797f8cd7ee92487ea8b382f',
    });
    expect(info.encryptedDataKeys).toEqual([{ providerId: 'aws-kms', providerInfo: PYTHON_KEY_ARN }]);
    // Python was called without a context: only the SDK's own public key (signing suite) is there.
    expect(info.encryptionContext).toEqual({
      'aws-crypto-public-key': 'A/r12hVGcTyr2nL3Jm2wPP7Gvck+Hv/azFjmuTonXkryK1A9IId6qezRGSSVvCQLhg==',
    });
    expect(info.messageLength).toBe(Buffer.from(PYTHON_CIPHERTEXT, 'base64').byteLength);
    expect(info.headerLength).toBeGreaterThan(0);
    expect(info.headerLength).toBeLessThan(info.messageLength);
  });

  it('reads what this provider writes: context, suite chosen per call, frame length', async () => {
    const provider = new AWSEncryptionSDKProvider({ keyring: keyring() });
    const ciphertext = await provider.encrypt(
      { a: 1 },
      {
        context: { tenant: 't-1', purpose: 'test' },
        providerOptions: {
          algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
          frameLength: 1024,
        },
      },
    );
    const info = inspectCiphertext(ciphertext);
    expect(info.algorithmSuiteId).toBe(0x0478);
    expect(info.algorithmSuiteName).toBe('ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY');
    expect(info.signed).toBe(false);
    expect(info.frameLength).toBe(1024);
    expect(info.encryptionContext).toEqual({ tenant: 't-1', purpose: 'test' });
    expect(info.encryptedDataKeys).toHaveLength(1);
    expect(info.encryptedDataKeys[0]!.providerId).toBe('inspect-tests');
    expect(info.messageId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sees a fresh message id for every message', async () => {
    const provider = new AWSEncryptionSDKProvider({ keyring: keyring() });
    const first = inspectCiphertext(await provider.encrypt('same'));
    const second = inspectCiphertext(await provider.encrypt('same'));
    expect(first.messageId).not.toBe(second.messageId);
    expect(first.encryptionContext['aws-crypto-public-key']).toEqual(expect.any(String));
  });

  it.each([
    ['a non-base64 string', 'not base64 at all!'],
    ['URL-safe base64', PYTHON_CIPHERTEXT.replace(/\+/g, '-').replace(/\//g, '_')],
    ['base64 without its padding', 'AAE'],
    ['an empty string', ''],
    ['base64 of something else', Buffer.from('{"hello":"world"}').toString('base64')],
    ['base64 of the base64 (double encoded)', Buffer.from(PYTHON_CIPHERTEXT).toString('base64')],
    ['a header cut short', Buffer.from(PYTHON_CIPHERTEXT, 'base64').subarray(0, 200).toString('base64')],
    ['an unknown message version', Buffer.from([3, 0, 0, 0]).toString('base64')],
  ])('rejects %s with DataMaskingDecryptValueError', (_label, value) => {
    expect(() => inspectCiphertext(value)).toThrow(DataMaskingDecryptValueError);
  });

  it('rejects a value that is not a string with DataMaskingDecryptValueError', () => {
    expect(() => inspectCiphertext(42 as unknown as string)).toThrow(DataMaskingDecryptValueError);
    expect(() => inspectCiphertext(null as unknown as string)).toThrow(/got null/);
  });
});
