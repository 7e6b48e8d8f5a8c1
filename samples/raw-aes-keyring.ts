/**
 * Without KMS: any AWS Encryption SDK keyring can wrap the data keys, here a raw AES-256 key
 * that you keep yourself (in AWS Secrets Manager, say, read once at start-up). Everything else
 * works as with KMS keys: caching, encryption context, field-level encryption.
 * Needs `@aws-crypto/raw-aes-keyring-node`. Event: events/customer-event.json.
 */
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { buildOnFirstCall, requiredEnv } from './lambda';

/** A data masker whose data keys are wrapped by a 32-byte key of yours. */
export const createMasker = (wrappingKey: Uint8Array): DataMasking => {
  const keyring = new RawAesKeyringNode({
    keyNamespace: 'my-company', // namespace and name identify the key: decrypt needs the same
    keyName: 'data-masking-2025',
    unencryptedMasterKey: new Uint8Array(wrappingKey), // a copy: the keyring takes it over and wipes it
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
  return new DataMasking({ provider: new AWSEncryptionSDKProvider({ keyring }) });
};

export const createHandler = (wrappingKey: Uint8Array) => {
  const masker = createMasker(wrappingKey);

  return async (event: { body: Record<string, unknown> }) => ({
    body: await masker.encrypt(event.body, { fields: ['email', 'address'], context: { purpose: 'archive' } }),
  });
};

// The key, base64, e.g. from Secrets Manager through the Parameters and Secrets Lambda extension.
export const handler = buildOnFirstCall(() => createHandler(Buffer.from(requiredEnv('WRAPPING_KEY_BASE64'), 'base64')));
