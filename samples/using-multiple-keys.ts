/**
 * Several KMS keys, possibly in other accounts or regions, for availability: the first key
 * generates each data key (kms:GenerateDataKey), every other one wraps it too (kms:Encrypt),
 * and any one of them alone can decrypt. Event: events/customer-event.json.
 */
import { DataMasking } from 'lambda-data-masking';
import { AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import { type Handler, buildOnFirstCall, requiredEnv } from './lambda';

export interface MultipleKeySettings {
  keyArns: string[];
  kmsClientConfig?: KMSClientConfig;
}

export const createHandler = ({ keyArns, kmsClientConfig }: MultipleKeySettings): Handler<{ body: unknown }, { body: string }> => {
  const encryptionProvider = new AWSEncryptionSDKProvider({ keys: keyArns, kmsClientConfig });
  const masker = new DataMasking({ provider: encryptionProvider });

  return async (event) => ({ body: await masker.encrypt(event.body) });
};

export const handler = buildOnFirstCall(() =>
  createHandler({ keyArns: [requiredEnv('KMS_KEY_ARN_1'), requiredEnv('KMS_KEY_ARN_2')] }),
);
