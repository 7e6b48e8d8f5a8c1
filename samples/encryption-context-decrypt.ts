/**
 * Encryption context on decrypt: the pairs must equal those given to encrypt, none missing,
 * none extra, or decrypt throws DataMaskingContextMismatchError before calling KMS.
 * Event: `{ body: <ciphertext from encryption-context-encrypt.ts> }`.
 */
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { type Handler, type KmsSettings, buildOnFirstCall, kmsSettingsFromEnv } from './lambda';

export const createHandler = ({ keyArn, kmsClientConfig }: KmsSettings): Handler<{ body: string }, unknown> => {
  const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig }) });

  return async (event) =>
    masker.decrypt(event.body, {
      context: {
        data_classification: 'confidential',
        data_type: 'customer-data',
        tenant_id: 'a06bf973-0734-4b53-9072-39d7ac5b2cba',
      },
    });
};

export const handler = buildOnFirstCall(() => createHandler(kmsSettingsFromEnv()));
