/**
 * Encryption context: bind non-secret key=value pairs to the ciphertext. Decrypt must present
 * exactly the same pairs (see encryption-context-decrypt.ts). Event: events/customer-event.json.
 */
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { type Handler, type KmsSettings, buildOnFirstCall, kmsSettingsFromEnv } from './lambda';

export const createHandler = ({ keyArn, kmsClientConfig }: KmsSettings): Handler<{ body: unknown }, string> => {
  const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig }) });

  // String values only, and nothing secret: KMS records the context in CloudTrail in plaintext.
  return async (event) =>
    masker.encrypt(event.body, {
      context: {
        data_classification: 'confidential',
        data_type: 'customer-data',
        tenant_id: 'a06bf973-0734-4b53-9072-39d7ac5b2cba',
      },
    });
};

export const handler = buildOnFirstCall(() => createHandler(kmsSettingsFromEnv()));
