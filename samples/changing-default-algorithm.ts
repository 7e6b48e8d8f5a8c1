/**
 * Provider options, per call: here another algorithm suite. The default is the ESDK's
 * (committing, signed with ECDSA P-384); the committing suite without a signature is several
 * times cheaper, for when every reader is trusted to also write. Event: events/customer-event.json.
 */
import { DataMasking } from 'lambda-data-masking';
import { AlgorithmSuiteIdentifier, AWSEncryptionSDKProvider } from 'lambda-data-masking/kms';
import { type Handler, type KmsSettings, buildOnFirstCall, kmsSettingsFromEnv } from './lambda';

export const createHandler = ({ keyArn, kmsClientConfig }: KmsSettings): Handler<{ body: unknown }, string> => {
  const masker = new DataMasking({ provider: new AWSEncryptionSDKProvider({ keys: [keyArn], kmsClientConfig }) });

  return async (event) =>
    masker.encrypt(event.body, {
      providerOptions: { algorithmSuiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY },
    });
};

export const handler = buildOnFirstCall(() => createHandler(kmsSettingsFromEnv()));
