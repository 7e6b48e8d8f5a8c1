/**
 * Without KMS: any AWS Encryption SDK keyring can wrap the data keys, here a raw AES-256 key
 * that you keep yourself (in AWS Secrets Manager, say, read once at start-up). Everything else
 * works as with KMS keys: caching, encryption context, field-level encryption.
 * `rawAesKeyring` builds the SDK's `RawAesKeyringNode` with `utf8Sorting: true`, so Python and
 * the other SDKs read these messages (and we theirs) whatever the case of the context keys.
 * Needs `@aws-crypto/raw-aes-keyring-node`. Event: events/customer-event.json.
 */
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider, rawAesKeyring } from 'lambda-data-masking/kms';
import { buildOnFirstCall, requiredEnv } from './lambda';

/** A data masker whose data keys are wrapped by a 32-byte key of yours. */
export const createMasker = (wrappingKey: Uint8Array): DataMasking => {
  const keyring = rawAesKeyring({
    keyNamespace: 'my-company', // namespace and name identify the key: decrypt needs the same
    keyName: 'data-masking-2025',
    wrappingKey, // 32 bytes: AES-256 (16 and 24 give AES-128 and AES-192); copied
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
