/**
 * Getting started: encrypt the whole body into one ciphertext, with a KMS key.
 * Event: events/customer-event.json. Deployed, the key ARN comes from `KMS_KEY_ARN`.
 */
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { type Handler, type KmsSettings, buildOnFirstCall, kmsSettingsFromEnv } from './lambda';

export const createHandler = ({ keyArn, kmsClientConfig }: KmsSettings): Handler<{ body: unknown }, { body: string }> => {
  // Several key ARNs are allowed: every one of them can decrypt (see using-multiple-keys.ts).
  const encryptionProvider = new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig });
  const masker = new DataMasking({ provider: encryptionProvider });

  return async (event) => {
    const encrypted = await masker.encrypt(event.body);
    return { body: encrypted };
  };
};

export const handler = buildOnFirstCall(() => createHandler(kmsSettingsFromEnv()));
