/**
 * Getting started: decrypt a whole-body ciphertext back to the original object.
 * Event: events/decrypt-event.json (a ciphertext made by Python Powertools: same format).
 */
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { type Handler, type KmsSettings, buildOnFirstCall, kmsSettingsFromEnv } from './lambda';

export const createHandler = ({ keyArn, kmsClientConfig }: KmsSettings): Handler<{ body: string }, unknown> => {
  // A key ARN: a key id or an alias cannot decrypt.
  const encryptionProvider = new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig });
  const masker = new DataMasking({ provider: encryptionProvider });

  return async (event) => masker.decrypt(event.body);
};

export const handler = buildOnFirstCall(() => createHandler(kmsSettingsFromEnv()));
